/** Create or edit an outbound channel: a signed webhook (generic, DingTalk, WeCom robot) or e-mail. */
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { type Channel, SEVERITIES, type Severity, WEBHOOK_FORMATS, type WebhookFormat } from './notifications-api.ts';

interface ChannelValues {
  name: string;
  kind: 'webhook' | 'email';
  config: { url?: string; secret?: string; format?: WebhookFormat; to?: string[] };
  kinds: string[];
  minSeverity: Severity;
  enabled: boolean;
}

const FIELDS = ['name', 'kind', 'config', 'kinds', 'minSeverity', 'enabled'];

/** Notification kinds the platform sends, offered as suggestions (others may be typed). */
export const KNOWN_KINDS = [
  'alert.new',
  'alert.new.local',
  'alert.signals',
  'alert.assigned',
  'alert.overdue',
  'alert.confirmed',
  'detection.run_failed',
  'incident.opened',
  'incident.level',
  'incident.closed',
  'task.assigned',
  'task.overdue',
  'task.rejected',
  'task.blocked',
  'task.done',
  'task.cancelled',
  'case.returned',
];

/** i18n key of a kind's label (dots would nest the key, so they become underscores). */
export const kindLabelKey = (kind: string) => `notifications.messageKinds.${kind.replace(/\./g, '_')}`;

export function ChannelForm({ editing, open, onClose }: { editing: Channel | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ChannelValues>();
  const kind = Form.useWatch('kind', form) ?? editing?.kind ?? 'webhook';
  const format = Form.useWatch(['config', 'format'], form) ?? 'generic';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            name: editing.name,
            kind: editing.kind,
            config: { url: editing.config.url, format: editing.config.format, to: editing.config.to },
            kinds: editing.kinds,
            minSeverity: editing.minSeverity,
            enabled: editing.enabled,
          }
        : { kind: 'webhook', config: { format: 'generic' }, kinds: [], minSeverity: 'warning', enabled: true },
    );
  }, [open, editing, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: ChannelValues) => {
      const config =
        values.kind === 'webhook'
          ? {
              url: values.config.url,
              format: values.config.format ?? 'generic',
              ...(values.config.secret ? { secret: values.config.secret } : {}),
            }
          : { to: values.config.to ?? [] };
      const body = { name: values.name, config, kinds: values.kinds ?? [], minSeverity: values.minSeverity, enabled: values.enabled };
      return editing
        ? api.patch<Channel>(`/api/notification-channels/${editing.id}`, body)
        : api.post<Channel>('/api/notification-channels', { ...body, kind: values.kind });
    },
    () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['notification-channels'] });
      onClose();
    },
  );

  const generate = async () => {
    const { secret } = await api.get<{ secret: string }>('/api/notification-channels/new-secret');
    form.setFieldValue(['config', 'secret'], secret);
  };

  return (
    <Modal
      open={open}
      title={editing ? t('notifications.channels.edit') : t('notifications.channels.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
      width={620}
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item
          name="name"
          label={t('notifications.channels.name')}
          rules={[{ required: true, message: t('notifications.channels.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('notifications.channels.kind')}>
          <Select
            disabled={Boolean(editing)}
            options={[
              { value: 'webhook', label: t('notifications.channels.kinds.webhook') },
              { value: 'email', label: t('notifications.channels.kinds.email') },
            ]}
          />
        </Form.Item>
        {kind === 'webhook' ? (
          <>
            <Form.Item
              name={['config', 'format']}
              label={t('notifications.channels.format')}
              extra={t(`notifications.channels.formatHelp.${format}`)}
            >
              <Select options={WEBHOOK_FORMATS.map((value) => ({ value, label: t(`notifications.channels.formats.${value}`) }))} />
            </Form.Item>
            <Form.Item
              name={['config', 'url']}
              label={t('notifications.channels.url')}
              rules={[{ required: true, type: 'url', message: t('notifications.channels.urlRequired') }]}
            >
              <Input placeholder="https://" />
            </Form.Item>
            {format !== 'wecom' && (
              <Form.Item
                label={t('notifications.channels.secret')}
                htmlFor="config_secret"
                extra={editing?.config.hasSecret ? t('notifications.channels.secretKept') : t('notifications.channels.secretHelp')}
              >
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name={['config', 'secret']} noStyle>
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Button onClick={() => void generate()}>{t('notifications.channels.generate')}</Button>
                </Space.Compact>
              </Form.Item>
            )}
          </>
        ) : (
          <Form.Item
            name={['config', 'to']}
            label={t('notifications.channels.to')}
            rules={[{ required: true, message: t('notifications.channels.toRequired') }]}
            extra={t('notifications.channels.toHelp')}
          >
            <Select mode="tags" tokenSeparators={[',', ';', ' ']} open={false} />
          </Form.Item>
        )}
        <Form.Item name="kinds" label={t('notifications.channels.kindsFilter')} extra={t('notifications.channels.kindsHelp')}>
          <Select mode="tags" options={KNOWN_KINDS.map((value) => ({ value, label: `${t(kindLabelKey(value))} (${value})` }))} />
        </Form.Item>
        <Form.Item name="minSeverity" label={t('notifications.channels.minSeverity')}>
          <Select options={SEVERITIES.map((value) => ({ value, label: t(`notifications.severities.${value}`) }))} />
        </Form.Item>
        <Form.Item name="enabled" label={t('notifications.channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
