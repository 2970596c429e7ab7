/**
 * The neighbours' border alerts inside the alert list (issue 16): each marked as from its district, with its
 * provenance (the neighbour's code, when received, whether its status follows), its status at the neighbour
 * (read-only) and how we handle it here — acknowledged, monitoring, actioned (with a task of ours). The alert
 * page's filters apply (open/finished, my subscription, search), plus the handling.
 */
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { useJurisdictions, localName } from '../jurisdictions/jurisdictions-api.ts';
import { SharedAlertCommentsModal } from './alert-comments.tsx';
import { type SharedAlert, type SharedAlertFilters, useSharedAlerts } from './neighbour-work-api.ts';

const LEVEL_COLOURS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };
const CLASS_COLOURS: Record<string, string> = { A: 'red', B: 'orange', C: 'blue', syndromic: 'purple' };
const STATES = ['acknowledged', 'monitoring', 'actioned'] as const;

export function NeighbourAlertsSection({
  filters,
  showEmpty,
  onHandlingChange,
}: {
  filters: SharedAlertFilters;
  /** show the section even when nothing is shared (the "shared by neighbours" view) */
  showEmpty: boolean;
  onHandlingChange: (value: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const alerts = useSharedAlerts(filters);
  const me = useMe();
  const canHandle = hasRight(me.data, RIGHTS.alertsVerify);
  const [handling, setHandling] = useState<SharedAlert | null>(null);
  const [commenting, setCommenting] = useState<SharedAlert | null>(null);
  const items = alerts.data?.items ?? [];
  if (!showEmpty && items.length === 0 && !alerts.error) return null;
  return (
    <section style={{ marginTop: 24 }} data-testid="neighbour-alerts">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('neighbourWork.alerts.title')} ({items.length})
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('neighbourWork.alerts.allHandling')}
          aria-label={t('neighbourWork.alerts.handling')}
          value={filters.handling}
          onChange={(value: string | undefined) => onHandlingChange(value)}
          options={[
            { value: 'unhandled', label: t('neighbourWork.alerts.unhandled') },
            ...STATES.map((value) => ({ value, label: t(`neighbourWork.alerts.states.${value}`) })),
          ]}
          style={{ width: 170 }}
          data-testid="neighbour-alert-handling-filter"
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('neighbourWork.alerts.hint')}</Typography.Paragraph>
      {alerts.error && <Alert type="error" showIcon message={translateError(t, alerts.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<SharedAlert>
        rowKey="id"
        cardTitle={['code', 'status']}
        loading={alerts.isFetching && !alerts.data}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('neighbourWork.alerts.empty') }}
        onRow={(a) => ({ 'data-shared-alert-code': a.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('alerts.code'),
            dataIndex: 'code',
            width: 150,
            render: (code: string, a) => (
              <Space direction="vertical" size={0}>
                <Tag color="geekblue">
                  {t('neighbourWork.alerts.from', {
                    name: en && a.provenance.districtNameEn ? a.provenance.districtNameEn : a.provenance.districtName,
                  })}
                </Tag>
                <Typography.Text>{code}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('neighbourWork.alerts.statusThere'),
            key: 'status',
            width: 170,
            render: (_, a) => (
              <Space size={4} wrap>
                <Tag>{t(`alerts.statuses.${a.status}`, { defaultValue: a.status })}</Tag>
                {a.warningLevel && (
                  <Tag color={LEVEL_COLOURS[a.warningLevel]}>{t(`alerts.levels.${a.warningLevel}`, { defaultValue: a.warningLevel })}</Tag>
                )}
                {!a.provenance.synced && <Tag>{t('neighbourWork.alerts.viewOnly')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('alerts.class'),
            dataIndex: 'alertClass',
            width: 100,
            render: (c: string) => <Tag color={CLASS_COLOURS[c]}>{t(`alerts.classes.${c}`, { defaultValue: c })}</Tag>,
          },
          {
            title: t('alerts.disease'),
            key: 'subject',
            render: (_, a) => (
              <div>
                <div>{a.title}</div>
                <Typography.Text type="secondary">
                  {[en ? a.diseaseNameEn || a.diseaseName : a.diseaseName, en ? a.placeNameEn || a.placeName : a.placeName]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('neighbourWork.alerts.received'),
            key: 'received',
            width: 150,
            responsive: ['md'],
            render: (_, a) => formatDateTime(a.provenance.receivedAt),
          },
          {
            title: t('neighbourWork.alerts.handling'),
            key: 'handling',
            width: 200,
            render: (_, a) => (
              <Space size={4} wrap>
                {a.handling ? (
                  <Tag color="green" title={a.handling.note}>
                    {t(`neighbourWork.alerts.states.${a.handling.state}`)}
                    {a.handling.handledBy ? ` · ${a.handling.handledBy}` : ''}
                  </Tag>
                ) : (
                  <Tag color="warning">{t('neighbourWork.alerts.unhandled')}</Tag>
                )}
                {canHandle && (
                  <Button size="small" onClick={() => setHandling(a)} data-testid="neighbour-alert-handle">
                    {t('neighbourWork.alerts.handle')}
                  </Button>
                )}
                <Button size="small" onClick={() => setCommenting(a)} data-testid="neighbour-alert-comments">
                  {t('neighbourWork.alertComments.open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {commenting && <SharedAlertCommentsModal alert={commenting} onClose={() => setCommenting(null)} />}
      {handling && <HandlingModal alert={handling} onClose={() => setHandling(null)} canAssign={hasRight(me.data, RIGHTS.tasksAssign)} />}
    </section>
  );
}

interface HandlingValues {
  state: (typeof STATES)[number];
  note?: string;
  withTask?: boolean;
  taskTitle?: string;
  taskDue?: string;
  taskTownship?: string;
}

function HandlingModal({ alert, onClose, canAssign }: { alert: SharedAlert; onClose: () => void; canAssign: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jurisdictions = useJurisdictions();
  const [form] = Form.useForm<HandlingValues>();
  const withTask = Form.useWatch('withTask', form);
  const townships = (jurisdictions.data ?? [])
    .filter((j) => j.level === 'township')
    .map((j) => ({ value: j.id, label: localName(j, i18n.language) }));
  const { submit, saving, formError } = useFormSave(
    form,
    ['state', 'note'],
    (v: HandlingValues) =>
      typedApi.post('/api/neighbours/alerts/{id}/handling', {
        path: { id: alert.id },
        body: {
          state: v.state,
          note: v.note ?? '',
          ...(v.withTask && v.taskTitle && v.taskDue
            ? {
                task: {
                  title: v.taskTitle,
                  // a district clock reading (UTC+8)
                  dueAt: `${v.taskDue}:00+08:00`,
                  ...(v.taskTownship ? { assigneeJurisdictionId: v.taskTownship } : {}),
                },
              }
            : {}),
        },
      }),
    async () => {
      void message.success(t('neighbourWork.alerts.saved'));
      await queryClient.invalidateQueries({ queryKey: ['neighbour-work'] });
      onClose();
    },
  );
  return (
    <Modal
      open
      title={`${alert.code} · ${alert.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<HandlingValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ state: alert.handling?.state ?? 'acknowledged', note: alert.handling?.note ?? '' }}
      >
        <Form.Item name="state" label={t('neighbourWork.alerts.handling')} rules={[{ required: true }]}>
          <Select
            options={STATES.map((value) => ({ value, label: t(`neighbourWork.alerts.states.${value}`) }))}
            data-testid="handling-state"
          />
        </Form.Item>
        <Form.Item name="note" label={t('neighbourWork.alerts.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {canAssign && (
          <Form.Item name="withTask" valuePropName="checked">
            <Checkbox>{t('neighbourWork.alerts.task')}</Checkbox>
          </Form.Item>
        )}
        {canAssign && withTask && (
          <>
            <Form.Item name="taskTitle" label={t('neighbourWork.alerts.taskTitle')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="taskDue" label={t('neighbourWork.alerts.taskDue')} rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="taskTownship" label={t('neighbourWork.alerts.taskTownship')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={townships} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
