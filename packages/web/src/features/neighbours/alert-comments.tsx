/**
 * Comments on a border alert, both ways (issue 16, item 4): on a neighbour's alert shared with us (the alert list's
 * neighbour rows) and on an alert of ours shared with neighbours (the alert's page). The thread is the same on both
 * sides; who may write is answered by the server (`canWrite`: alerts.verify and an active link).
 */
import { Alert, App, Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useFormSave } from '../../app/use-form-save.ts';

const districtName = (d: { name: string; nameEn: string }, lang: string) => (lang === 'en' ? d.nameEn || d.name : d.name);

export function useAlertComments(alertId: string) {
  return useQuery({
    queryKey: ['neighbours', 'alert-comments', alertId],
    queryFn: () => typedApi.get('/api/neighbours/alerts/{id}/comments', { path: { id: alertId } }),
    refetchInterval: 30_000,
  });
}

/** The thread and, for those who may, a box to add to it. */
export function AlertCommentsThread({ alertId }: { alertId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const comments = useAlertComments(alertId);
  const [form] = Form.useForm<{ body: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['body'],
    (v: { body: string }) => typedApi.post('/api/neighbours/alerts/{id}/comments', { path: { id: alertId }, body: { body: v.body } }),
    async () => {
      void message.success(t('neighbourWork.alertComments.sent'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['neighbours', 'alert-comments', alertId] });
    },
  );
  const data = comments.data;
  return (
    <div data-testid="alert-neighbour-comments">
      {comments.error && <Alert type="error" showIcon message={translateError(t, comments.error)} />}
      {data?.side === 'owned' && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('neighbourWork.alertComments.sharedWith', {
            districts: data.sharedWith.map((d) => districtName(d, i18n.language)).join(i18n.language === 'en' ? ', ' : '、'),
          })}
        </Typography.Paragraph>
      )}
      <List
        size="small"
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('neighbourWork.alertComments.none') }}
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Space wrap size={4}>
                <Tag color={c.direction === 'in' ? 'purple' : 'blue'}>
                  {c.direction === 'in' ? districtName(c.district, i18n.language) : t('neighbourWork.alertComments.ours')}
                </Tag>
                <Typography.Text strong>{c.authorName}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(c.createdAt)}</Typography.Text>
              </Space>
              <Typography.Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.body}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {data?.canWrite && (
        <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 8 }}>
          {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 8 }} />}
          <Form.Item
            name="body"
            label={t('neighbourWork.alertComments.comment')}
            extra={t(data.side === 'owned' ? 'neighbourWork.alertComments.hintOwned' : 'neighbourWork.alertComments.hintReceived')}
            rules={[{ required: true, whitespace: true, message: t('neighbours.required') }]}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="alert-comment-body" />
          </Form.Item>
          <Button htmlType="submit" loading={saving} data-testid="alert-comment-send">
            {t('neighbourRecords.send')}
          </Button>
        </Form>
      )}
    </div>
  );
}

/** On an alert of ours: the neighbours' comments, shown only when the alert is shared with a neighbour. */
export function OwnAlertNeighbourComments({ alertId }: { alertId: string }) {
  const { t } = useTranslation();
  const comments = useAlertComments(alertId);
  if (!comments.data || comments.data.sharedWith.length === 0) return null;
  return (
    <Card title={t('neighbourWork.alertComments.title')} style={{ marginTop: 16 }} data-testid="own-alert-neighbour-comments">
      <AlertCommentsThread alertId={alertId} />
    </Card>
  );
}

/** On a neighbour's alert in our list: the thread in a dialog. */
export function SharedAlertCommentsModal({ alert, onClose }: { alert: { id: string; code: string; title: string }; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open title={`${t('neighbourWork.alertComments.title')} · ${alert.code}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{alert.title}</Typography.Paragraph>
      <AlertCommentsThread alertId={alert.id} />
    </Modal>
  );
}
