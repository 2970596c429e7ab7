import { App, Alert, Form, Input, Modal } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formFieldErrors, translateError } from '../errors.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;
/** Kept in step with the server's policy (length and character classes) so the form refuses early; the server remains the judge. */
export const MIN_PASSWORD_LENGTH = 10;
export const MIN_PASSWORD_CLASSES = 3;

/** How many of lower-case, upper-case, digits and other characters a password mixes. */
export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
}

export function passwordRules(t: TFunction) {
  return [
    { min: MIN_PASSWORD_LENGTH, message: t('account.passwordTooShort', { count: MIN_PASSWORD_LENGTH }) },
    {
      validator: (_: unknown, value: string | undefined) =>
        !value || passwordClasses(value) >= MIN_PASSWORD_CLASSES
          ? Promise.resolve()
          : Promise.reject(new Error(t('account.passwordClasses', { count: MIN_PASSWORD_CLASSES }))),
    },
  ];
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(values: PasswordForm) {
    setSaving(true);
    setFormError(null);
    try {
      await api.post('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('account.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (error) {
      const { fields, unplaced } = formFieldErrors(t, error, FIELDS);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      // A wrong current password comes back as unauthenticated/forbidden; say which field is wrong.
      setFormError(fields.length > 0 ? (unplaced[0] ?? null) : translateError(t, error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('account.changePassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        setFormError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[{ required: true, message: t('common.required') }, ...passwordRules(t)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
