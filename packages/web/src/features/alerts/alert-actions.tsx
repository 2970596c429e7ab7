/**
 * The workflow actions valid for an alert's current status (the server says which: `allowedActions`), each a
 * button opening a small form: assignee and deadline, a note or a required reason, the risk assessment, or the
 * risk matrix for characterisation. Errors go beside their field (validation) or above the form (a conflict
 * names the actions allowed now, e.g. when someone else moved the alert meanwhile).
 */
import { Alert as AntAlert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formFieldErrors, translateError } from '../../app/errors.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import {
  type AlertAction,
  type AlertDetail,
  WARNING_LEVELS,
  type WarningLevel,
  useAlertAction,
  useAssignees,
  useRiskMatrix,
} from './alerts-api.ts';
import { LevelTag } from './alert-bits.tsx';
import { RiskMatrixGrid } from './risk-matrix.tsx';

const PRIMARY: Partial<Record<AlertAction, true>> = { start_verification: true, characterise: true, confirm: true };
const DANGER: Partial<Record<AlertAction, true>> = { discard: true };

export function AlertActions({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AlertAction | null>(null);
  if (!alert.canAct) return <Typography.Text type="secondary">{t('alerts.detail.readOnly')}</Typography.Text>;
  if (alert.allowedActions.length === 0) return <Typography.Text type="secondary">{t('alerts.detail.noActions')}</Typography.Text>;
  return (
    <>
      <Space wrap data-testid="alert-actions">
        {alert.allowedActions.map((action) => (
          <Button
            key={action}
            type={PRIMARY[action] ? 'primary' : 'default'}
            danger={DANGER[action]}
            onClick={() => setOpen(action)}
            data-action={action}
          >
            {t(`alerts.actions.${action}`)}
          </Button>
        ))}
      </Space>
      {open && <ActionDialog alert={alert} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

interface Values {
  assigneeId?: string;
  verificationDueAt?: Dayjs | null;
  note?: string;
  reason?: string;
  hazard?: string;
  exposure?: string;
  context?: string;
  likelihood?: number;
  consequence?: number;
  override?: boolean;
  warningLevel?: WarningLevel;
  overrideReason?: string;
}

const FIELDS = [
  'assigneeId',
  'verificationDueAt',
  'note',
  'reason',
  'hazard',
  'exposure',
  'context',
  'likelihood',
  'consequence',
  'warningLevel',
  'overrideReason',
];

/** The request body of an action from the form's values. */
function bodyOf(action: AlertAction, v: Values): Record<string, unknown> {
  const note = v.note?.trim() ? { note: v.note.trim() } : {};
  switch (action) {
    case 'assign':
      return {
        assigneeId: v.assigneeId,
        ...(v.verificationDueAt ? { verificationDueAt: v.verificationDueAt.toISOString() } : {}),
        ...note,
      };
    case 'discard':
    case 'close':
      return { reason: v.reason ?? '' };
    case 'assess':
      return { hazard: v.hazard ?? '', exposure: v.exposure ?? '', context: v.context ?? '', ...note };
    case 'characterise':
      return {
        likelihood: v.likelihood,
        consequence: v.consequence,
        ...(v.override && v.warningLevel ? { warningLevel: v.warningLevel, overrideReason: v.overrideReason ?? '' } : {}),
        ...note,
      };
    default:
      return note;
  }
}

function ActionDialog({ alert, action, onClose }: { alert: AlertDetail; action: AlertAction; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useAlertAction(alert.id);
  const [formError, setFormError] = useState<string | null>(null);
  const assignees = useAssignees(alert.id, action === 'assign');
  const matrix = useRiskMatrix();
  const likelihood = Form.useWatch('likelihood', form);
  const consequence = Form.useWatch('consequence', form);
  const override = Form.useWatch('override', form);
  const matrixLevel = matrix.data && likelihood && consequence ? matrix.data.cells[likelihood - 1]![consequence - 1]! : null;

  async function submit(values: Values) {
    setFormError(null);
    try {
      await mutation.mutateAsync({ action, body: bodyOf(action, values) });
      message.success(t('alerts.actionDone', { action: t(`alerts.actions.${action}`) }));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.id === 'conflict') {
        const allowed =
          ((error.details as { allowed?: string[] } | undefined)?.allowed ?? []).map((a) => t(`alerts.actions.${a}`)).join(', ') || '—';
        setFormError(t('alerts.conflict', { allowed }));
        return;
      }
      const { fields, unplaced } = formFieldErrors(t, error, FIELDS);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setFormError(fields.length > 0 ? (unplaced.length > 0 ? unplaced.join('; ') : null) : translateError(t, error));
    }
  }

  const initial: Values =
    action === 'assess'
      ? { hazard: alert.assessment?.hazard, exposure: alert.assessment?.exposure, context: alert.assessment?.context }
      : action === 'characterise'
        ? { likelihood: alert.assessment?.likelihood ?? undefined, consequence: alert.assessment?.consequence ?? undefined }
        : action === 'assign'
          ? { assigneeId: alert.assignee?.id }
          : {};
  const required = [{ required: true, whitespace: true, message: t('alerts.form.reasonRequired') }];
  const ratings = (kind: 'likelihoods' | 'consequences') =>
    (matrix.data?.[kind] ?? []).map((r) => ({ value: r.value, label: `${r.value} · ${localName(r, i18n.language)}` }));

  return (
    <Modal
      open
      title={`${t(`alerts.actions.${action}`)} · ${alert.code}`}
      onCancel={onClose}
      okText={t('alerts.form.submit')}
      okButtonProps={{ loading: mutation.isPending, 'data-testid': 'action-submit' } as never}
      onOk={() => form.submit()}
      width={action === 'characterise' ? 720 : 520}
      destroyOnHidden
    >
      {formError && <AntAlert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {action === 'assign' && (
          <>
            <Form.Item name="assigneeId" label={t('alerts.form.assignee')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                showSearch
                optionFilterProp="label"
                placeholder={t('alerts.form.assigneePlaceholder')}
                loading={assignees.isLoading}
                options={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
              />
            </Form.Item>
            <Form.Item
              name="verificationDueAt"
              label={t('alerts.form.newDeadline')}
              rules={[
                {
                  validator: async (_, value: Dayjs | null) =>
                    value && value.valueOf() <= Date.now() ? Promise.reject(new Error(t('alerts.form.futureDeadline'))) : undefined,
                },
              ]}
            >
              <DistrictDatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {(action === 'discard' || action === 'close') && (
          <Form.Item name="reason" label={t('alerts.form.reason')} rules={required}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'assess' &&
          (['hazard', 'exposure', 'context'] as const).map((field) => (
            <Form.Item
              key={field}
              name={field}
              label={t(`alerts.form.${field}`)}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          ))}
        {action === 'characterise' && (
          <>
            {matrix.data && (
              <RiskMatrixGrid
                matrix={matrix.data}
                selected={{ likelihood, consequence }}
                onPick={(l, c) => form.setFieldsValue({ likelihood: l, consequence: c })}
              />
            )}
            <Space wrap style={{ marginTop: 12 }}>
              <Form.Item name="likelihood" label={t('alerts.form.likelihood')} rules={[{ required: true, message: t('common.required') }]}>
                <Select style={{ width: 180 }} options={ratings('likelihoods')} aria-label={t('alerts.form.likelihood')} />
              </Form.Item>
              <Form.Item
                name="consequence"
                label={t('alerts.form.consequence')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select style={{ width: 180 }} options={ratings('consequences')} aria-label={t('alerts.form.consequence')} />
              </Form.Item>
            </Space>
            {matrixLevel && (
              <Typography.Paragraph data-testid="matrix-result">
                {t('alerts.form.matrixGives', { level: t(`alerts.levels.${matrixLevel}`), score: (likelihood ?? 0) * (consequence ?? 0) })}{' '}
                <LevelTag level={matrixLevel} />
              </Typography.Paragraph>
            )}
            <Form.Item name="override" valuePropName="checked">
              <Checkbox>{t('alerts.form.override')}</Checkbox>
            </Form.Item>
            {override && (
              <>
                <Form.Item name="warningLevel" label={t('alerts.level')} rules={[{ required: true, message: t('common.required') }]}>
                  <Select style={{ width: 180 }} options={WARNING_LEVELS.map((value) => ({ value, label: t(`alerts.levels.${value}`) }))} />
                </Form.Item>
                <Form.Item
                  name="overrideReason"
                  label={t('alerts.form.overrideReason')}
                  rules={[{ required: true, whitespace: true, message: t('alerts.form.overrideReasonRequired') }]}
                >
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
              </>
            )}
          </>
        )}
        {action !== 'discard' && action !== 'close' && (
          <Form.Item name="note" label={t('alerts.form.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
