import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { User } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { UserForm, type UserWithAgency } from './user-form.tsx';
import { isLocked, useRoles, useUsers } from './users-api.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

const PAGE_SIZE = 20;

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const users = useUsers({ q, page, pageSize: PAGE_SIZE });
  const roles = new Map((useRoles().data ?? []).map((role) => [role.id, role]));
  const [form, setForm] = useState<{ editing: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  async function setDisabled(user: User, disabled: boolean) {
    try {
      await api.patch(`/api/users/${user.id}`, { disabled });
      message.success(disabled ? t('users.disabledDone') : t('users.enabledDone'));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (error) {
      message.error(translateError(t, error));
    }
  }

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Space>
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('users.searchPlaceholder')}
            onSearch={(value) => setParams(value ? { q: value } : {})}
            style={{ width: 260 }}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
            {t('users.create')}
          </Button>
        </Space>
      </Space>
      {users.error && <Alert type="error" showIcon message={translateError(t, users.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<User>
        data-testid="user-list"
        cardTitle={['username', 'displayName']}
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (next) => setParams({ ...(q ? { q } : {}), page: String(next) }),
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username', width: 150 },
          { title: t('users.displayName'), dataIndex: 'displayName', width: 220 },
          {
            title: t('users.roles'),
            key: 'roles',
            render: (_, user) => (
              <Space size={[4, 4]} wrap>
                {user.roles.map((grant) => {
                  const role = roles.get(grant.role);
                  return (
                    <Tag key={`${grant.role}-${grant.jurisdictionId}`}>
                      {role ? localName(role, i18n.language) : grant.role} · {grant.jurisdictionName}
                    </Tag>
                  );
                })}
              </Space>
            ),
          },
          {
            title: t('tasks.userAgency.column'),
            key: 'agency',
            width: 200,
            render: (_, user: UserWithAgency) =>
              user.agencyName ? (i18n.language.startsWith('en') ? user.agencyNameEn : user.agencyName) : '—',
          },
          {
            title: t('users.facility'),
            key: 'facility',
            width: 200,
            render: (_, user: UserWithAgency) =>
              user.facilityName ? (i18n.language.startsWith('en') ? user.facilityNameEn : user.facilityName) : '—',
          },
          {
            title: t('users.status'),
            key: 'status',
            width: 110,
            render: (_, user) =>
              user.disabled ? (
                <Tag color="default">{t('users.disabled')}</Tag>
              ) : isLocked(user) ? (
                <Tag color="orange">{t('users.locked')}</Tag>
              ) : (
                <Tag color="green">{t('users.active')}</Tag>
              ),
          },
          {
            title: t('users.lastLoginAt'),
            dataIndex: 'lastLoginAt',
            width: 170,
            render: (value: string | null) => (value ? formatDateTime(value) : '—'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 250,
            render: (_, user) => (
              <Space size="small">
                <Button size="small" onClick={() => setForm({ editing: user })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => setResetting(user)}>
                  {t('users.resetPassword')}
                </Button>
                {user.disabled ? (
                  <Button size="small" onClick={() => void setDisabled(user, false)}>
                    {t('users.enable')}
                  </Button>
                ) : (
                  // An administrator cannot lock themselves out from this screen.
                  <Popconfirm
                    title={t('users.disableConfirm', { name: user.displayName })}
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                    onConfirm={() => setDisabled(user, true)}
                  >
                    <Button size="small" danger disabled={user.id === me.data?.id}>
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserForm open={form !== null} editing={form?.editing ?? null} onClose={() => setForm(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
