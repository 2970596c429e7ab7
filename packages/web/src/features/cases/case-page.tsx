/**
 * One case report: person and case fields, the dates as a timeline with the deadline clock, laboratory
 * results, the duplicate flag with the merge dialog, review, and — for holders of cases.identity — the full
 * identity number on request (each view audited by the server).
 */
import { EyeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveEvents } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { CaseContactsSection } from '../contacts/case-contacts-section.tsx';
import { NeighbourSharingPanel } from '../neighbours/neighbour-records.tsx';
import { QuarantinePanel } from '../quarantine/quarantine-panel.tsx';
import { CaseInvestigationSection } from '../investigations/case-investigation-section.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { DeadlineTag, MergeDialog, birthLabel, formatHours } from './case-parts.tsx';
import { CASE_CLASSIFICATIONS, type CaseDetail, type LabResult, REVIEW_STATUS_COLOR, useCase } from './cases-api.ts';
import { CaseVersions } from './case-versions.tsx';
import { ExerciseBanner } from '../../app/exercise-banner.tsx';

export function CasePage() {
  const { id } = useParams();
  const report = useCase(id);
  const queryClient = useQueryClient();
  useLiveEvents('cases', (event) => {
    if (event.id === id) void queryClient.invalidateQueries({ queryKey: ['cases', 'one', id] });
  });
  if (report.isPending) return <PageSpinner />;
  if (report.error || !report.data) return <NotFoundPage backTo="/cases" />;
  return <CaseView report={report.data} />;
}

function CaseView({ report }: { report: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [fullId, setFullId] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [merging, setMerging] = useState<{ id: string; code: string } | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [reviewForm] = Form.useForm<{ classification: CaseDetail['classification'] }>();
  const [returning, setReturning] = useState(false);
  const [returnForm] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const active = report.status === 'active';
  const name = (x: { name: string; nameEn: string }) => localName(x, i18n.language);

  async function reveal() {
    setRevealing(true);
    setError(null);
    try {
      const res = await api.post<{ idType: string; idNumber: string | null }>(`/api/cases/${report.id}/identity`);
      setFullId(res.idNumber ?? '—');
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setRevealing(false);
    }
  }

  async function review(values: { classification: CaseDetail['classification'] }) {
    try {
      await api.post(
        `/api/cases/${report.id}/review`,
        values.classification !== report.classification ? { classification: values.classification } : {},
      );
      message.success(t('cases.detail.reviewDone'));
      setReviewing(false);
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    } catch (e) {
      setError(translateError(t, e));
      setReviewing(false);
    }
  }

  /** Returns the card to its reporting unit with the reason (the review queue's decision, for one card). */
  async function returnCard(values: { reason: string }) {
    try {
      const res = await api.post<{ done: unknown[]; refused: Array<{ reason: string }> }>('/api/cases/reviews', {
        ids: [report.id],
        decision: 'return',
        reason: values.reason,
      });
      if (res.refused[0]) setError(t(`cases.review.refused.${res.refused[0].reason}`));
      else message.success(t('cases.review.done', { count: 1 }));
      setReturning(false);
      returnForm.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    } catch (e) {
      setError(translateError(t, e));
      setReturning(false);
    }
  }

  const reviewable = active && report.reviewStatus !== 'approved' && hasRight(me.data, RIGHTS.casesReview);

  const steps = [
    { title: t('cases.detail.onset'), description: report.onsetDate ?? '—' },
    { title: t('cases.detail.diagnosis'), description: formatDateTime(report.diagnosisAt) },
    { title: t('cases.detail.report'), description: formatDateTime(report.reportedAt) },
    {
      title: t('cases.detail.reviewStep'),
      description: report.reviewedAt ? formatDateTime(report.reviewedAt) : t('cases.detail.notReviewed'),
    },
  ];

  return (
    <div style={{ maxWidth: 1100 }}>
      <ExerciseBanner exerciseId={report.exerciseId} />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {report.code}
          </Typography.Title>
          <Tag color={report.disease.class === 'A' ? 'red' : 'blue'}>{name(report.disease)}</Tag>
          <Tag>{t(`cases.classifications.${report.classification}`)}</Tag>
          {report.status === 'merged' && <Tag color="default">{t('cases.statuses.merged')}</Tag>}
          <Tag color={REVIEW_STATUS_COLOR[report.reviewStatus]} data-testid="review-status">
            {t(`cases.reviewStatuses.${report.reviewStatus}`)}
          </Tag>
          {report.version > 1 && <Tag>{t('cases.review.version', { version: report.version })}</Tag>}
        </Space>
        <Space wrap>
          <Button onClick={() => navigate('/cases')}>{t('cases.detail.backToList')}</Button>
          {active && hasRight(me.data, RIGHTS.casesReport) && (
            <Button onClick={() => navigate(`/cases/${report.id}/edit`)}>{t('cases.detail.edit')}</Button>
          )}
          {reviewable && report.reviewStatus === 'pending' && (
            <Button onClick={() => setReturning(true)}>{t('cases.review.return')}</Button>
          )}
          {reviewable && (
            <Button
              type="primary"
              onClick={() => {
                reviewForm.setFieldsValue({ classification: report.classification });
                setReviewing(true);
              }}
            >
              {t('cases.detail.review')}
            </Button>
          )}
        </Space>
      </Space>

      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} />}
      {report.reviewStatus === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="returned-note"
          message={t('cases.review.returnedNote', { note: report.reviewNote })}
          description={hasRight(me.data, RIGHTS.casesReport) ? t('cases.review.returnedHint') : undefined}
        />
      )}
      {report.mergedIntoCode && report.mergedInto && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={<Link to={`/cases/${report.mergedInto}`}>{t('cases.detail.mergedInto', { code: report.mergedIntoCode })}</Link>}
        />
      )}
      {report.possibleDuplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="duplicate-flag"
          message={t('cases.detail.duplicateFlag')}
          description={
            <Space direction="vertical">
              {report.possibleDuplicates.map((d) => (
                <Space key={d.id} wrap>
                  {d.otherFacility ? <span>{d.code}</span> : <Link to={`/cases/${d.id}`}>{d.code}</Link>}
                  <span>{d.match === 'identity' ? t('cases.detail.matchIdentity') : t('cases.detail.matchNameBirth')}</span>
                  <span>{t('cases.detail.daysApart', { days: formatHours(d.daysApart) })}</span>
                  {d.otherFacility && (
                    <Typography.Text type="secondary" data-testid="duplicate-other-facility">
                      {t('cases.otherFacility', { facility: d.facility ? name(d.facility) : '—' })}
                    </Typography.Text>
                  )}
                  {!d.otherFacility && hasRight(me.data, RIGHTS.casesReview) && (
                    <Button size="small" onClick={() => setMerging({ id: d.id, code: d.code })}>
                      {t('cases.detail.merge')}
                    </Button>
                  )}
                </Space>
              ))}
            </Space>
          }
        />
      )}
      {report.mergedFrom.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <span>
              {t('cases.detail.mergedFrom')}
              {report.mergedFrom.map((m, i) => (
                <span key={m.id}>
                  {i > 0 && ', '}
                  <Link to={`/cases/${m.id}`}>{m.code}</Link>
                </span>
              ))}
            </span>
          }
        />
      )}

      <Card
        title={t('cases.detail.timeline')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={<DeadlineTag timeliness={report.timeliness} />}
      >
        <Steps size="small" current={report.reviewedAt ? 3 : 2} items={steps} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('cases.deadline.clock', { delay: formatHours(report.timeliness.delayHours), deadline: report.timeliness.deadlineHours })}
        </Typography.Paragraph>
      </Card>

      <Card title={t('cases.form.person')} size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('cases.form.personName')}>{report.personName}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.sex')}>{t(`cases.sexes.${report.sex}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.birthDate')}>
            <span data-testid="case-birth">{birthLabel(t, report)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.form.idType')}>{t(`cases.idTypes.${report.idType}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.idNumber')}>
            <Space wrap>
              <span data-testid="case-id-number">{fullId ?? (report.idNumberMasked || '—')}</span>
              {!fullId && report.idNumberMasked && hasRight(me.data, RIGHTS.casesIdentity) && (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  loading={revealing}
                  onClick={() => void reveal()}
                  title={t('cases.detail.fullIdAudited')}
                >
                  {t('cases.detail.showFullId')}
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.form.phone')}>{report.phone || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.occupation')}>{report.occupation || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.jurisdiction')}>{report.jurisdictionTrail.map(name).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.address')}>{report.address || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('cases.form.case')} size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('cases.form.disease')}>{name(report.disease)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.classification')}>
            {t(`cases.classifications.${report.classification}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.form.severity')}>{t(`cases.severities.${report.severity}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.outcome')}>{t(`cases.outcomes.${report.outcome}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.facility')}>{report.facility ? name(report.facility) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.form.reportingDoctor')}>{report.reportingDoctor || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.createdBy')}>{report.createdBy?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.reviewedBy')}>{report.reviewedBy?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.source')}>{t(`cases.sources.${report.source}`)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('cases.detail.lab')} size="small">
        <Table<LabResult>
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={report.labResults}
          locale={{ emptyText: t('cases.detail.noLab') }}
          columns={[
            { title: t('cases.form.labTest'), dataIndex: 'test' },
            { title: t('cases.form.labSpecimen'), dataIndex: 'specimen' },
            { title: t('cases.form.labResult'), dataIndex: 'result' },
            { title: t('cases.form.labAt'), dataIndex: 'at', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>

      <CaseInvestigationSection caseId={report.id} />
      <CaseContactsSection caseId={report.id} />
      <NeighbourSharingPanel entity="case_report" id={report.id} />
      <QuarantinePanel caseReport={{ id: report.id, placeable: active && report.classification !== 'excluded' }} />
      <CaseVersions caseId={report.id} />

      {merging && (
        <MergeDialog
          open
          a={{ id: report.id, code: report.code }}
          b={merging}
          onClose={(merged) => {
            setMerging(null);
            if (merged) void queryClient.invalidateQueries({ queryKey: ['cases'] });
          }}
        />
      )}
      <Modal
        open={returning}
        title={t('cases.review.returnTitle')}
        okText={t('cases.review.return')}
        cancelText={t('common.cancel')}
        onOk={() => returnForm.submit()}
        onCancel={() => setReturning(false)}
      >
        <Form form={returnForm} layout="vertical" onFinish={(v) => void returnCard(v)}>
          <Form.Item
            name="reason"
            label={t('cases.review.returnReason')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 500, message: t('common.tooLong', { count: 500 }) },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={reviewing}
        title={t('cases.detail.reviewTitle')}
        okText={t('cases.detail.review')}
        cancelText={t('common.cancel')}
        onOk={() => reviewForm.submit()}
        onCancel={() => setReviewing(false)}
      >
        <Form form={reviewForm} layout="vertical" onFinish={(v) => void review(v)}>
          <Form.Item name="classification" label={t('cases.detail.reviewClassification')}>
            <Select options={CASE_CLASSIFICATIONS.map((value) => ({ value, label: t(`cases.classifications.${value}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
