/**
 * A plan: its versions (with the workflow actions the user may take on each) and the selected version's
 * content. The version shown is `?version=<id>`, by default the one in force, else the newest.
 */
import { ArrowLeftOutlined, CheckOutlined, EditOutlined, PrinterOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Segmented, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import type { Agency } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { fieldIssues, translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { useAgencies } from '../agencies/agencies-api.ts';
import { PlanContentView, type PlanLanguages } from './plan-content-view.tsx';
import { type PlanVersion, type PlanVersionSummary, fourEyesBar, usePlan, usePlanVersion } from './plans-api.ts';
import { VersionStatusTag } from './version-status-tag.tsx';

/** Agencies by id (for names in plans). */
export function useAgencyIndex(): Map<string, Agency> {
  const agencies = useAgencies({ pageSize: 500 });
  return useMemo(() => new Map((agencies.data?.items ?? []).map((a) => [a.id, a])), [agencies.data]);
}

export function PlanPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const plan = usePlan(id);
  useLiveInvalidate('plans', [['plans']]);
  const agencies = useAgencyIndex();
  const versionId = params.get('version') ?? plan.data?.inForce?.id ?? plan.data?.versions[0]?.id;
  const version = usePlanVersion(id, versionId);
  const [languages, setLanguages] = useState<PlanLanguages>(i18n.language === 'en' ? 'en' : 'zh');
  const [returning, setReturning] = useState<PlanVersionSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [stepError, setStepError] = useState<string | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const canManage = hasRight(me.data, RIGHTS.plansManage);
  const canApprove = hasRight(me.data, RIGHTS.plansApprove);

  if (plan.error instanceof ApiError && plan.error.status === 404) return <NotFoundPage backTo="/plans" />;
  if (plan.error) return <Alert type="error" showIcon message={translateError(t, plan.error)} />;
  if (!plan.data) return <Skeleton active />;
  const record = plan.data;

  async function step(v: PlanVersionSummary, action: 'submit' | 'approve' | 'return', body: object) {
    setBusy(true);
    setStepError(null);
    try {
      await api.post<PlanVersion>(`/api/plans/${record.id}/versions/${v.id}/${action}`, body);
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
      message.success(t(`plans.done.${action}`));
      setReturning(null);
    } catch (error) {
      // An incomplete plan cannot go to review: list what is missing, by section.
      const missing = fieldIssues(error).map((issue) => issue.path);
      const fourEyes = error instanceof ApiError && (error.details as { rule?: string } | undefined)?.rule === 'four_eyes';
      setStepError(
        missing.length > 0
          ? `${t('plans.incomplete')} ${missing.join(', ')}`
          : fourEyes
            ? t('plans.fourEyes.refused')
            : translateError(t, error),
      );
    } finally {
      setBusy(false);
    }
  }

  const actions = (v: PlanVersionSummary) => (
    <Space wrap>
      <Button size="small" onClick={() => setParams({ version: v.id })} aria-label={t('plans.viewVersion', { n: v.version })}>
        {t('plans.view')}
      </Button>
      {canManage && (v.status === 'draft' || v.status === 'returned' || (v.status === 'approved' && !record.openVersion)) && (
        <Button size="small" icon={<EditOutlined />} onClick={() => navigate(`/plans/${record.id}/versions/${v.id}/edit`)}>
          {v.status === 'approved' ? t('plans.revise') : t('common.edit')}
        </Button>
      )}
      {canManage && (v.status === 'draft' || v.status === 'returned') && (
        <Button size="small" icon={<SendOutlined />} loading={busy} onClick={() => step(v, 'submit', {})}>
          {t('plans.submit')}
        </Button>
      )}
      {canApprove && v.status === 'in_review' && (
        <>
          {fourEyesBar(v, me.data?.id) ? (
            // Four-eyes rule: the version's last editor and its submitter may not approve it; say why, name the rule.
            <Tooltip title={t(`plans.fourEyes.${fourEyesBar(v, me.data?.id)}`)}>
              <Space size={4}>
                <Button size="small" type="primary" icon={<CheckOutlined />} disabled aria-describedby={`four-eyes-${v.id}`}>
                  {t('plans.approve')}
                </Button>
                <Typography.Text type="secondary" id={`four-eyes-${v.id}`} style={{ fontSize: 12 }}>
                  {t('plans.fourEyes.short')}
                </Typography.Text>
              </Space>
            </Tooltip>
          ) : (
            <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => step(v, 'approve', {})}>
              {t('plans.approve')}
            </Button>
          )}
          <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(v)}>
            {t('plans.return')}
          </Button>
        </>
      )}
    </Space>
  );

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Link to="/plans">
          <Button icon={<ArrowLeftOutlined />}>{t('plans.title')}</Button>
        </Link>
      </Space>
      <Card
        title={<Typography.Text strong>{i18n.language === 'en' ? record.nameEn : record.name}</Typography.Text>}
        style={{ marginBottom: 16 }}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('plans.code')}>{record.code}</Descriptions.Item>
          <Descriptions.Item label={t('common.jurisdiction')}>
            {i18n.language === 'en' ? record.jurisdictionNameEn : record.jurisdictionName}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.inForce')}>
            {record.inForce ? t('plans.versionN', { n: record.inForce.version }) : t('plans.noneInForce')}
          </Descriptions.Item>
        </Descriptions>
        {stepError && (
          <Alert type="error" showIcon message={stepError} style={{ margin: '12px 0' }} closable onClose={() => setStepError(null)} />
        )}
        <Table<PlanVersionSummary>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={record.versions}
          rowClassName={(v) => (v.id === versionId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('plans.version'), width: 80, render: (_, v) => t('plans.versionN', { n: v.version }) },
            { title: t('plans.statusLabel'), width: 100, render: (_, v) => <VersionStatusTag status={v.status} /> },
            { title: t('plans.changeNote'), dataIndex: 'changeNote', render: (note: string) => note || '—' },
            {
              title: t('plans.review'),
              render: (_, v) =>
                v.reviewedBy ? (
                  <span>
                    {v.reviewedBy.displayName} · {formatDateTime(v.reviewedAt)}
                    {v.reviewComment && (
                      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                        {v.reviewComment}
                      </Typography.Paragraph>
                    )}
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('common.actions'), width: 320, render: (_, v) => actions(v) },
          ]}
        />
      </Card>
      {version.data && (
        <Card
          title={
            <Space>
              {t('plans.versionN', { n: version.data.version })}
              <VersionStatusTag status={version.data.status} />
            </Space>
          }
          extra={
            <Space wrap>
              <Segmented<PlanLanguages>
                aria-label={t('plans.languages')}
                value={languages}
                onChange={setLanguages}
                options={[
                  { value: 'zh', label: t('plans.lang.zh') },
                  { value: 'en', label: t('plans.lang.en') },
                  { value: 'both', label: t('plans.lang.both') },
                ]}
              />
              <Link to={`/plans/${record.id}/versions/${version.data.id}/print?lang=${languages}`}>
                <Button icon={<PrinterOutlined />}>{t('plans.print')}</Button>
              </Link>
            </Space>
          }
        >
          <Typography.Title level={3} style={{ textAlign: 'center' }}>
            {languages === 'en' ? version.data.content.title.en : version.data.content.title.zh}
            {languages === 'both' && <div style={{ fontSize: 16, fontWeight: 400 }}>{version.data.content.title.en}</div>}
          </Typography.Title>
          <PlanContentView content={version.data.content} languages={languages} agencies={agencies} />
        </Card>
      )}
      {version.error && <Alert type="error" showIcon message={translateError(t, version.error)} />}
      <Modal
        open={returning !== null}
        title={t('plans.returnTitle')}
        okText={t('plans.return')}
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={() => setReturning(null)}
        onOk={() => form.validateFields().then((values) => returning && step(returning, 'return', values))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="comment"
            label={t('plans.returnComment')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
