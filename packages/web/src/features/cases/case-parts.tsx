/**
 * Small pieces shared by the case pages: the deadline indicator and the merge dialog.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import type { CaseDetail, CaseTimeliness } from './cases-api.ts';

/** Hours as people read them: one decimal, no trailing '.0'. */
/** The birth date when the server gives it (cases.identity), else the birth year, else a dash. */
export function birthLabel(t: TFunction, c: { birthDate: string | null; birthYear: number | null }): string {
  if (c.birthDate) return c.birthDate;
  return c.birthYear === null ? '—' : t('cases.bornIn', { year: c.birthYear });
}

export function formatHours(hours: number): string {
  return String(Math.round(hours * 10) / 10);
}

/** On time (green) or late by X h (red), with the delay and the deadline on hover. */
export function DeadlineTag({ timeliness }: { timeliness: CaseTimeliness }) {
  const { t } = useTranslation();
  const clock = t('cases.deadline.clock', { delay: formatHours(timeliness.delayHours), deadline: timeliness.deadlineHours });
  return (
    <Tooltip title={clock}>
      {timeliness.onTime ? (
        <Tag color="green" data-testid="deadline-tag">
          {t('cases.deadline.onTime', { hours: formatHours(timeliness.delayHours) })}
        </Tag>
      ) : (
        <Tag color="red" data-testid="deadline-tag">
          {t('cases.deadline.late', { hours: formatHours(timeliness.lateByHours) })}
        </Tag>
      )}
    </Tooltip>
  );
}

interface MergeCandidate {
  id: string;
  code: string;
}

/**
 * Merging two reports of one person: the user picks the report to keep (default `into`) and gives a reason;
 * the other becomes 'merged'. The server checks scope, disease and status again, and audits the merge.
 */
export function MergeDialog({
  open,
  a,
  b,
  onClose,
}: {
  open: boolean;
  a: MergeCandidate;
  b: MergeCandidate;
  onClose: (merged?: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ keep: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = Form.useWatch('keep', form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is reset when the dialog opens, not on every change of what it shows
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ keep: b.id, reason: '' });
      setError(null);
    }
  }, [open, a.id, b.id, form]);

  const from = keep === a.id ? b : a;
  const into = keep === a.id ? a : b;

  async function submit(values: { keep: string; reason: string }) {
    setSaving(true);
    setError(null);
    try {
      const source = values.keep === a.id ? b : a;
      const merged = await api.post<CaseDetail>(`/api/cases/${source.id}/merge`, { into: values.keep, reason: values.reason });
      message.success(t('cases.merge.done'));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      onClose(merged);
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('cases.merge.title')}
      okText={t('cases.merge.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="keep" label={t('cases.merge.into')}>
          <Radio.Group>
            <Radio value={b.id}>{t('cases.merge.keepA', { code: b.code })}</Radio>
            <Radio value={a.id}>{t('cases.merge.keepA', { code: a.code })}</Radio>
          </Radio.Group>
        </Form.Item>
        <Alert type="info" showIcon message={t('cases.merge.explain', { from: from.code, into: into.code })} style={{ marginBottom: 12 }} />
        <Form.Item
          name="reason"
          label={t('cases.merge.reason')}
          rules={[
            { required: true, whitespace: true, message: t('cases.merge.reasonRequired') },
            { max: 500, message: t('common.tooLong', { count: 500 }) },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
