/**
 * The outbreak's cases on the incident page (issue 12, item 1): what the figures count — the incident's disease
 * in its area reported since its start, and the cases linked to it (from its source alert, or by hand) — as a line
 * list within the reader's rights, each case saying why it counts. The command links a case by its report number
 * (with the investigation's finding) and unlinks one with a reason; both are audited by the server.
 */
import { LinkOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/contract.ts';
import { api } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { CaseLineListView, useCaseLineList } from '../cases/case-line-list.tsx';
import type { Incident } from './incidents-api.ts';
import { formatDateTime } from '../../app/dates.ts';

type IncidentCases = Schemas['IncidentCases'];
type IncidentCaseItem = IncidentCases['items'][number];

const casesPath = (id: string) => `/api/incidents/${id}/cases`;

function LinkCaseForm({ incidentId, onDone }: { incidentId: string; onDone: (list: IncidentCases) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ caseCode: string; reason?: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['caseCode', 'reason'],
    (values: { caseCode: string; reason?: string }) =>
      api.post<IncidentCases>(casesPath(incidentId), { caseCode: values.caseCode.trim(), reason: values.reason ?? '' }),
    async (list) => {
      form.resetFields();
      onDone(list);
    },
  );
  return (
    <Form form={form} layout="inline" onFinish={submit} aria-label={t('incidents.cases.linkTitle')} style={{ marginBottom: 12, rowGap: 8 }}>
      {formError && <Alert type="error" showIcon message={formError} style={{ width: '100%', marginBottom: 8 }} />}
      <Form.Item
        name="caseCode"
        label={t('incidents.cases.caseCode')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input placeholder="C2026-000123" aria-label={t('incidents.cases.caseCode')} style={{ width: 170 }} maxLength={40} />
      </Form.Item>
      <Form.Item name="reason" label={t('incidents.cases.reason')}>
        <Input
          aria-label={t('incidents.cases.reason')}
          placeholder={t('incidents.cases.reasonHint')}
          style={{ width: 260 }}
          maxLength={1000}
        />
      </Form.Item>
      <Button htmlType="submit" icon={<LinkOutlined />} loading={saving}>
        {t('incidents.cases.link')}
      </Button>
    </Form>
  );
}

function UnlinkDialog({
  incidentId,
  item,
  onClose,
}: {
  incidentId: string;
  item: IncidentCaseItem | null;
  onClose: (list?: IncidentCases) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['reason'],
    (values: { reason: string }) => api.post<IncidentCases>(`${casesPath(incidentId)}/${item!.id}/unlink`, { reason: values.reason }),
    async (list) => onClose(list),
  );
  return (
    <Modal
      open={item !== null}
      title={t('incidents.cases.unlinkTitle', { code: item?.code ?? '' })}
      okText={t('incidents.cases.unlink')}
      okButtonProps={{ danger: true, loading: saving }}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {item?.matched && <Alert type="info" showIcon message={t('incidents.cases.stillMatched')} style={{ marginBottom: 12 }} />}
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="reason"
          label={t('incidents.cases.unlinkReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea aria-label={t('incidents.cases.unlinkReason')} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function IncidentCasesPanel({ incident, canCommand }: { incident: Incident; canCommand: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const path = casesPath(incident.id);
  const list = useCaseLineList<IncidentCases>(path);
  const [unlinking, setUnlinking] = useState<IncidentCaseItem | null>(null);
  const open = incident.status === 'open';
  const en = i18n.language === 'en';

  async function refreshed(next: IncidentCases) {
    queryClient.setQueryData(['case-line-list', path], next);
    // the command dashboard and reports read the same cases
    await queryClient.invalidateQueries({ queryKey: ['reports'] });
  }

  const columns: ColumnsType<IncidentCaseItem> = [
    {
      title: t('incidents.cases.why'),
      key: 'why',
      width: 180,
      render: (_, c) => (
        <Space size={4} wrap>
          {c.matched && <Tag color="blue">{t('incidents.cases.matched')}</Tag>}
          {c.link && (
            <Tooltip title={[c.link.reason, c.link.linkedBy?.displayName, formatDateTime(c.link.linkedAt)].filter(Boolean).join(' · ')}>
              <Tag
                color={c.link.origin === 'alert' ? 'purple' : c.link.origin === 'exercise' ? 'orange' : 'gold'}
                data-testid="case-link-tag"
              >
                {t(`incidents.cases.origins.${c.link.origin}`)}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    ...(open && canCommand
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, c: IncidentCaseItem) =>
              c.link ? (
                <Button size="small" onClick={() => setUnlinking(c)} aria-label={t('incidents.cases.unlinkLabel', { code: c.code })}>
                  {t('incidents.cases.unlink')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div>
      {list.data && (
        <Typography.Paragraph type="secondary" data-testid="incident-cases-criteria">
          {t('incidents.cases.criteria', {
            from: list.data.criteria.from,
            area: en ? incident.jurisdictionNameEn || incident.jurisdictionName : incident.jurisdictionName,
            disease: (en ? incident.diseaseNameEn : incident.diseaseName) ?? t('incidents.cases.noDisease'),
            linked: list.data.linked,
          })}
        </Typography.Paragraph>
      )}
      {open && canCommand && (
        <LinkCaseForm
          incidentId={incident.id}
          onDone={async (next) => {
            await refreshed(next);
            message.success(t('incidents.cases.linked'));
          }}
        />
      )}
      <CaseLineListView<IncidentCaseItem>
        list={handLinkedFirst(list.data)}
        error={list.error}
        loading={list.isLoading}
        extraColumns={columns}
      />
      <UnlinkDialog
        incidentId={incident.id}
        item={unlinking}
        onClose={async (next) => {
          setUnlinking(null);
          if (next) {
            await refreshed(next);
            message.success(t('incidents.cases.unlinked'));
          }
        }}
      />
    </div>
  );
}

/**
 * Cases linked by hand first: they are the ones the command manages here (unlink, check the reason), and on a list
 * of many pages they would otherwise sit wherever their onset puts them.
 */
function handLinkedFirst(list: IncidentCases | undefined): IncidentCases | undefined {
  if (!list) return list;
  const items = list.items as IncidentCaseItem[];
  const byHand = items.filter((item) => item.link?.origin === 'hand');
  const ordered = [...byHand, ...items.filter((item) => item.link?.origin !== 'hand')];
  return { ...list, items: ordered as IncidentCases['items'] };
}
