import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { passwordRules } from '../../app/shell/change-password-modal.tsx';
import { useFormSave } from '../../app/use-form-save.ts';

/** An administrator sets a new password for a user (who then changes it themselves). */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['password'],
    (values: { password: string }) => api.post(`/api/users/${user?.id}/reset-password`, { password: values.password }),
    () => {
      message.success(t('users.passwordReset'));
      form.resetFields();
      onClose();
    },
  );
  return (
    <Modal
      open={user !== null}
      title={t('users.resetPasswordFor', { name: user?.displayName ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="password"
          label={t('account.newPassword')}
          rules={[{ required: true, message: t('common.required') }, ...passwordRules(t)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
