/**
 * One review (AAR/IAR): the draft form (what went well, challenges, root causes, recommended actions with owner
 * agency, due date and priority), then submission (indicators attached), approval by someone other than its
 * authors (the actions become tasks) and the PDF. `/assessment/reviews/new?incidentId=` starts one for an incident.
 */
import { App, Alert, Button, Card, Col, Descriptions, Form, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { dayValue, districtTodayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useAgencies } from '../agencies/agencies-api.ts';
import { useIncidents } from '../incidents/incidents-api.ts';
import {
  PRIORITIES,
  REVIEW_FORMATS,
  REVIEW_KINDS,
  REVIEW_PILLARS,
  type Review,
  statusColour,
  usePlanVersions,
  useReview,
} from './assessment-api.ts';
import { reviewStatusColour } from './reviews-page.tsx';

export function ReviewPage() {
  const { id } = useParams();
  const review = useReview(id === 'new' ? undefined : id);
  if (id === 'new') return <ReviewForm review={null} />;
  if (review.isPending) return <PageSpinner />;
  if (review.error || !review.data) return <NotFoundPage backTo="/assessment/reviews" />;
  return review.data.status === 'draft' ? <ReviewForm review={review.data} /> : <ReviewView review={review.data} />;
}

interface ActionValues {
  title: string;
  ownerAgencyId: string;
  dueDate: Dayjs;
  priority: (typeof PRIORITIES)[number];
  term: 'immediate' | 'mid_long';
  description?: string;
}
interface ReviewValues {
  kind: Review['kind'];
  incidentId?: string;
  exerciseName?: string;
  jurisdictionId?: string;
  title: string;
  format: Review['format'];
  reviewDate: Dayjs;
  participantAgencyIds: string[];
  pillars: Review['pillars'];
  wentWell?: string;
  challenges?: string;
  rootCauses?: string;
  actions: ActionValues[];
}

function useAgencyOptions() {
  const { i18n } = useTranslation();
  const agencies = useAgencies({ pageSize: 200 });
  return (agencies.data?.items ?? []).map((a) => ({ value: a.id, label: i18n.language.startsWith('en') ? a.nameEn : a.name }));
}

function ReviewForm({ review }: { review: Review | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const me = useMe();
  const [form] = Form.useForm<ReviewValues>();
  const agencyOptions = useAgencyOptions();
  const incidents = useIncidents({ page: 1, pageSize: 100 });
  const kind = Form.useWatch('incidentId', form);
  const canManage = hasRight(me.data, RIGHTS.assessmentManage);
  const [submitting, setSubmitting] = useState(false);
  const body = (v: ReviewValues) => ({
    title: v.title,
    format: v.format,
    reviewDate: v.reviewDate.format('YYYY-MM-DD'),
    participantAgencyIds: v.participantAgencyIds ?? [],
    pillars: v.pillars ?? [],
    wentWell: v.wentWell ?? '',
    challenges: v.challenges ?? '',
    rootCauses: v.rootCauses ?? '',
    actions: (v.actions ?? []).map((a) => ({
      title: a.title,
      ownerAgencyId: a.ownerAgencyId,
      dueDate: a.dueDate.format('YYYY-MM-DD'),
      priority: a.priority,
      term: a.term,
      description: a.description ?? '',
      planVersionId: null,
    })),
  });
  const { submit, saving, formError } = useFormSave(
    form,
    ['title', 'format', 'reviewDate', 'incidentId', 'exerciseName', 'jurisdictionId', 'actions', 'participantAgencyIds'],
    (v: ReviewValues) =>
      review
        ? typedApi.patch('/api/assessment/reviews/{id}', { path: { id: review.id }, body: body(v) })
        : typedApi.post('/api/assessment/reviews', {
            body: {
              ...body(v),
              kind: v.kind,
              incidentId: v.incidentId ?? null,
              exerciseName: v.exerciseName ?? '',
              jurisdictionId: v.jurisdictionId ?? null,
            },
          }),
    async (saved) => {
      void message.success(t('assessment.saved'));
      await queryClient.invalidateQueries({ queryKey: ['assessment'] });
      if (!review) navigate(`/assessment/reviews/${saved.id}`);
    },
    { leavesAfterSave: !review },
  );
  async function submitForApproval() {
    if (!review) return;
    setSubmitting(true);
    try {
      await typedApi.post('/api/assessment/reviews/{id}/submit', { path: { id: review.id }, body: { comment: '' } });
      await queryClient.invalidateQueries({ queryKey: ['assessment'] });
      void message.success(t('assessment.reviews.submitted'));
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setSubmitting(false);
    }
  }
  const initial: Partial<ReviewValues> = review
    ? {
        kind: review.kind,
        title: review.title,
        format: review.format,
        reviewDate: dayValue(review.reviewDate),
        participantAgencyIds: review.participants.map((p) => p.id),
        pillars: review.pillars,
        wentWell: review.wentWell,
        challenges: review.challenges,
        rootCauses: review.rootCauses,
        actions: review.actions.map((a) => ({
          title: a.title,
          ownerAgencyId: a.ownerAgency.id,
          dueDate: dayValue(a.dueDate),
          priority: a.priority,
          term: a.term,
          description: a.description,
        })),
      }
    : {
        kind: 'after_action',
        incidentId: params.get('incidentId') ?? undefined,
        format: 'working_group',
        reviewDate: districtTodayValue(),
        participantAgencyIds: [],
        pillars: [],
        actions: [],
      };
  return (
    <div>
      <Typography.Title level={3}>{review ? `${review.code} ${review.title}` : t('assessment.reviews.new')}</Typography.Title>
      {review?.reviewComment && (
        <Alert
          type="warning"
          showIcon
          message={t('assessment.reviews.returnedWith', { comment: review.reviewComment })}
          style={{ marginBottom: 16 }}
        />
      )}
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form<ReviewValues> form={form} layout="vertical" onFinish={submit} initialValues={initial} disabled={!canManage}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('assessment.reviews.kind')} rules={[{ required: true }]}>
              <Select disabled={Boolean(review)} options={REVIEW_KINDS.map((v) => ({ value: v, label: t(`assessment.kinds.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            {review ? (
              <Form.Item label={t('assessment.reviews.subject')}>
                {review.incident ? (
                  <Link to={`/incidents/${review.incident.id}`}>{`${review.incident.code} ${review.incident.title}`}</Link>
                ) : (
                  review.exerciseName
                )}
              </Form.Item>
            ) : (
              <Form.Item name="incidentId" label={t('assessment.reviews.incident')} extra={t('assessment.reviews.incidentHelp')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  data-testid="review-incident"
                  options={(incidents.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        {!review && !kind && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="exerciseName" label={t('assessment.reviews.exerciseName')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="jurisdictionId" label={t('assessment.reviews.area')}>
                <JurisdictionSelect />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t('assessment.reviews.titleField')}
              rules={[{ required: true, message: t('assessment.required') }]}
            >
              <Input maxLength={200} data-testid="review-title" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="format" label={t('assessment.reviews.format')} rules={[{ required: true }]}>
              <Select options={REVIEW_FORMATS.map((v) => ({ value: v, label: t(`assessment.formats.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="reviewDate" label={t('assessment.reviews.date')} rules={[{ required: true }]}>
              <DistrictDatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="participantAgencyIds" label={t('assessment.reviews.participants')}>
          <Select mode="multiple" optionFilterProp="label" options={agencyOptions} />
        </Form.Item>
        <Form.Item name="pillars" label={t('assessment.reviews.pillars')}>
          <Select mode="multiple" options={REVIEW_PILLARS.map((v) => ({ value: v, label: t(`assessment.pillars.${v}`) }))} />
        </Form.Item>
        <Form.Item name="wentWell" label={t('assessment.reviews.wentWell')}>
          <Input.TextArea rows={3} data-testid="review-went-well" />
        </Form.Item>
        <Form.Item name="challenges" label={t('assessment.reviews.challenges')}>
          <Input.TextArea rows={3} data-testid="review-challenges" />
        </Form.Item>
        <Form.Item name="rootCauses" label={t('assessment.reviews.rootCauses')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Typography.Title level={5}>{t('assessment.reviews.actionsTitle')}</Typography.Title>
        <Form.List name="actions">
          {(fields, { add, remove }) => (
            <List
              dataSource={fields}
              locale={{ emptyText: t('assessment.reviews.noActions') }}
              footer={
                <Button onClick={() => add({ priority: 'normal', term: 'immediate' })} data-testid="add-action">
                  {t('assessment.reviews.addAction')}
                </Button>
              }
              renderItem={(field) => (
                <List.Item key={field.key}>
                  <Row gutter={8} style={{ width: '100%' }}>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name={[field.name, 'title']}
                        label={t('assessment.reviews.actionTitle')}
                        rules={[{ required: true, message: t('assessment.required') }]}
                      >
                        <Input maxLength={200} data-testid="action-title" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[field.name, 'ownerAgencyId']}
                        label={t('assessment.reviews.owner')}
                        rules={[{ required: true, message: t('assessment.required') }]}
                      >
                        <Select showSearch optionFilterProp="label" options={agencyOptions} data-testid="action-owner" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item
                        name={[field.name, 'dueDate']}
                        label={t('assessment.reviews.due')}
                        rules={[{ required: true, message: t('assessment.required') }]}
                      >
                        <DistrictDatePicker style={{ width: '100%' }} data-testid="action-due" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'priority']} label={t('assessment.reviews.priority')}>
                        <Select options={PRIORITIES.map((v) => ({ value: v, label: t(`tasks.priorities.${v}`, { defaultValue: v }) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'term']} label={t('assessment.reviews.term')}>
                        <Select options={['immediate', 'mid_long'].map((v) => ({ value: v, label: t(`assessment.terms.${v}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={24}>
                      <Button onClick={() => remove(field.name)}>{t('assessment.remove')}</Button>
                    </Col>
                  </Row>
                </List.Item>
              )}
            />
          )}
        </Form.List>
        {canManage && (
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="save-review">
              {t('assessment.save')}
            </Button>
            {review && (
              <Button onClick={submitForApproval} loading={submitting} data-testid="submit-review">
                {t('assessment.reviews.submit')}
              </Button>
            )}
          </Space>
        )}
      </Form>
    </div>
  );
}

function ReviewView({ review }: { review: Review }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const en = i18n.language.startsWith('en');
  const indicators = review.indicators as { sevenOneSeven?: Record<string, { days: number | null; status: string }> } | null;
  async function step(name: 'approve' | 'return', comment: string) {
    try {
      await typedApi.post(`/api/assessment/reviews/{id}/${name}`, { path: { id: review.id }, body: { comment } });
      await queryClient.invalidateQueries({ queryKey: ['assessment'] });
      void message.success(t(name === 'approve' ? 'assessment.reviews.approvedMsg' : 'assessment.reviews.returnedMsg'));
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  function askReturn() {
    let comment = '';
    modal.confirm({
      title: t('assessment.reviews.return'),
      content: <Input.TextArea rows={3} onChange={(e) => (comment = e.target.value)} />,
      onOk: () => step('return', comment),
    });
  }
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {review.code} {review.title}
        </Typography.Title>
        <Tag color={reviewStatusColour(review.status)} data-testid="review-status">
          {t(`assessment.reviewStatuses.${review.status}`)}
        </Tag>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <a href={`/api/assessment/reviews/${review.id}/pdf`} download>
          <Button>{t('assessment.reviews.pdf')}</Button>
        </a>
        {review.canApprove && (
          <>
            <Button type="primary" onClick={() => step('approve', '')} data-testid="approve-review">
              {t('assessment.reviews.approve')}
            </Button>
            <Button onClick={askReturn}>{t('assessment.reviews.return')}</Button>
          </>
        )}
        {review.status === 'submitted' && !review.canApprove && hasRight(me.data, RIGHTS.assessmentManage) && (
          <Typography.Text type="secondary">{t('assessment.reviews.awaiting')}</Typography.Text>
        )}
      </Space>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('assessment.reviews.kind')}>{t(`assessment.kinds.${review.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.reviews.subject')}>
          {review.incident ? (
            <Link to={`/incidents/${review.incident.id}`}>{`${review.incident.code} ${review.incident.title}`}</Link>
          ) : (
            review.exerciseName
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment.reviews.format')}>{t(`assessment.formats.${review.format}`)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.reviews.date')}>{review.reviewDate}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.reviews.participants')}>
          {review.participants.map((p) => (en ? p.nameEn : p.name)).join(en ? ', ' : '、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment.reviews.pillars')}>
          {review.pillars.map((p) => t(`assessment.pillars.${p}`)).join(en ? ', ' : '、')}
        </Descriptions.Item>
        {review.approvedAt && <Descriptions.Item label={t('assessment.reviews.approvedBy')}>{review.approvedByName}</Descriptions.Item>}
      </Descriptions>
      {indicators?.sevenOneSeven && review.incident && (
        <Card size="small" title={t('assessment.reviews.indicatorsAttached')} style={{ marginTop: 16 }}>
          <Space wrap>
            {(['detection', 'notification', 'response'] as const).map((k) => (
              <Tag key={k} color={statusColour(indicators.sevenOneSeven![k]!.status)}>
                {t(`assessment.intervals.${k}`)}：
                {indicators.sevenOneSeven![k]!.days === null
                  ? t('assessment.status.incomplete')
                  : t('assessment.daysStatus', {
                      days: indicators.sevenOneSeven![k]!.days,
                      status: t(`assessment.status.${indicators.sevenOneSeven![k]!.status}`),
                    })}
              </Tag>
            ))}
            <Link to={`/assessment/717/incident/${review.incident.id}`}>{t('assessment.reviews.open717')}</Link>
          </Space>
        </Card>
      )}
      {review.keyFigures.length > 0 && (
        <Card size="small" title={t('assessment.reviews.keyFiguresTitle')} style={{ marginTop: 16 }} data-testid="review-key-figures">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            {review.keyFigures.map((f) => (
              <Descriptions.Item key={f.key} label={t(`assessment.reviews.keyFigures.${f.key}`)}>
                {f.count === null || f.of === null
                  ? f.hours === null
                    ? '—'
                    : t('assessment.reviews.keyFigureHours', { hours: Math.round(f.hours * 10) / 10 })
                  : f.of === 0
                    ? `${f.count} / 0`
                    : `${f.count} / ${f.of} (${Math.round((100 * f.count) / f.of)}%)`}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <Row gutter={16} style={{ marginTop: 16 }}>
        {(['wentWell', 'challenges', 'rootCauses'] as const).map((k) => (
          <Col xs={24} md={8} key={k}>
            <Card size="small" title={t(`assessment.reviews.${k}`)}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{review[k] || '—'}</Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('assessment.reviews.actionsTitle')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={review.actions}
        data-testid="review-actions"
        columns={[
          { title: t('assessment.reviews.actionTitle'), dataIndex: 'title' },
          { title: t('assessment.reviews.owner'), key: 'owner', render: (_, a) => (en ? a.ownerAgency.nameEn : a.ownerAgency.name) },
          { title: t('assessment.reviews.due'), dataIndex: 'dueDate' },
          {
            title: t('assessment.reviews.priority'),
            dataIndex: 'priority',
            render: (p: string) => t(`tasks.priorities.${p}`, { defaultValue: p }),
          },
          {
            title: t('assessment.planLink.label'),
            key: 'plan',
            render: (_, a) => <ActionPlanLink action={a} canEdit={hasRight(me.data, RIGHTS.assessmentManage)} />,
          },
          {
            title: t('assessment.reviews.task'),
            key: 'task',
            render: (_, a) =>
              a.task ? (
                <Space>
                  <Link to={`/tasks/${a.task.id}`}>{a.task.code}</Link>
                  <Tag color={a.task.status === 'done' ? 'success' : a.task.overdue ? 'error' : 'processing'}>
                    {t(`tasks.statuses.${a.task.status}`, { defaultValue: a.task.status })}
                    {a.task.overdue ? ` · ${t('assessment.reviews.overdue')}` : ''}
                  </Tag>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('assessment.reviews.taskAtApproval')}</Typography.Text>
              ),
          },
        ]}
      />
    </div>
  );
}

/**
 * The plan version an action changed: a link to the plan, and for those who manage assessments a choice among
 * the plan versions they may link (at any status of the review: the change usually comes after approval).
 */
export function ActionPlanLink({ action, canEdit }: { action: Review['actions'][number]; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const versions = usePlanVersions(editing);
  const v = action.planVersion;
  async function link(planVersionId: string | null) {
    try {
      await typedApi.put('/api/assessment/actions/{id}/plan-version', { path: { id: action.id }, body: { planVersionId } });
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ['assessment'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  }
  if (editing)
    return (
      <Select
        autoFocus
        defaultOpen
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ minWidth: 200 }}
        placeholder={t('assessment.planLink.choose')}
        loading={versions.isPending}
        value={action.planVersionId ?? undefined}
        onChange={(id) => void link(id ?? null)}
        onBlur={() => setEditing(false)}
        options={(versions.data?.items ?? []).map((x) => ({
          value: x.id,
          label: t('assessment.planLink.version', { plan: en ? x.planTitleEn : x.planTitle, version: x.version }),
        }))}
        data-testid="plan-link-select"
      />
    );
  return (
    <Space size={4} wrap>
      {v ? (
        <Link to={`/plans/${v.planId}`}>
          {t('assessment.planLink.version', { plan: en ? v.planTitleEn : v.planTitle, version: v.version })}
        </Link>
      ) : (
        <Typography.Text type="secondary">{t('assessment.planLink.none')}</Typography.Text>
      )}
      {canEdit && (
        <Button size="small" type="link" onClick={() => setEditing(true)} data-testid="plan-link-edit">
          {t('assessment.planLink.link')}
        </Button>
      )}
    </Space>
  );
}
