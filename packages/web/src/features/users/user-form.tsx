import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { passwordRules } from '../../app/shell/change-password-modal.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { useRoles } from './users-api.ts';

interface UserValues {
  username: string;
  displayName: string;
  password?: string;
  roles: Array<{ role: string; jurisdictionId: string }>;
  agencyId?: string | null;
  facilityId?: string | null;
}

/** A user as the API presents it, with the agency they work for (users.agency_id) and the facility they report for. */
export type UserWithAgency = User & {
  agencyId?: string | null;
  agencyName?: string | null;
  agencyNameEn?: string | null;
  facilityId?: string | null;
  facilityName?: string | null;
  facilityNameEn?: string | null;
};

/** Roles whose case rights cover only their user's facility (server: rights.ts `facilityBound`). */
const FACILITY_BOUND_ROLES = ['hospital_reporter'];

const FIELDS = ['username', 'displayName', 'password', 'roles', 'agencyId', 'facilityId'];
/** The server's username rule: 3–64 characters, lower-case letters, digits, . _ -, starting with a letter or digit. */
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Create a user (with a first password) or edit one's name and role grants. */
export function UserForm({ editing, open, onClose }: { editing: UserWithAgency | null; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const agencies = useAgencies({ pageSize: 500 });
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const [form] = Form.useForm<UserValues>();
  const chosenRoles = Form.useWatch('roles', form);
  const facilityRequired = (chosenRoles ?? []).some((r) => r && FACILITY_BOUND_ROLES.includes(r.role));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            username: editing.username,
            displayName: editing.displayName,
            roles: editing.roles.map(({ role, jurisdictionId }) => ({ role, jurisdictionId })),
            agencyId: editing.agencyId ?? undefined,
            facilityId: editing.facilityId ?? undefined,
          }
        : { roles: [{ role: undefined as unknown as string, jurisdictionId: undefined as unknown as string }] },
    );
  }, [open, editing, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: UserValues) =>
      editing
        ? api.patch<User>(`/api/users/${editing.id}`, {
            displayName: values.displayName,
            roles: values.roles,
            agencyId: values.agencyId ?? null,
            facilityId: values.facilityId ?? null,
          })
        : api.post<User>('/api/users', {
            username: values.username,
            displayName: values.displayName,
            password: values.password,
            roles: values.roles,
            agencyId: values.agencyId ?? null,
            facilityId: values.facilityId ?? null,
          }),
    () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={editing ? t('users.edit') : t('users.create')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} name="user">
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: USERNAME_PATTERN, message: t('users.usernameFormat') },
          ]}
        >
          <Input disabled={Boolean(editing)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, message: t('common.required') },
            { max: 100, message: t('common.tooLong', { count: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="agencyId" label={t('tasks.userAgency.label')} extra={t('tasks.userAgency.help')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('tasks.userAgency.none')}
            loading={agencies.isPending}
            options={(agencies.data?.items ?? []).map((agency) => ({ value: agency.id, label: localName(agency, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item
          name="facilityId"
          label={t('users.facility')}
          extra={t('users.facilityHelp')}
          rules={[{ required: facilityRequired, message: t('common.required') }]}
        >
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('users.facilityNone')}
            loading={facilities.isPending}
            data-testid="user-facility"
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: localName(f, i18n.language) }))}
          />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            rules={[{ required: true, message: t('common.required') }, ...passwordRules(t)]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label={t('users.roles')} required>
          <Form.List
            name="roles"
            rules={[
              {
                validator: (_, value: unknown[]) =>
                  value && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('users.atLeastOneRole'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('common.required') }]}>
                      <Select
                        style={{ width: 220 }}
                        placeholder={t('users.role')}
                        loading={roles.isPending}
                        showSearch
                        optionFilterProp="label"
                        options={(roles.data ?? []).map((role) => ({ value: role.id, label: localName(role, i18n.language) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'jurisdictionId']} rules={[{ required: true, message: t('common.required') }]}>
                      <JurisdictionSelect style={{ width: 220 }} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t('users.addRole')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
