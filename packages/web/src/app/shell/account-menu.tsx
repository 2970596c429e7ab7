import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me } from '../../api/types.ts';
import { api } from '../api.ts';
import { translateError } from '../errors.ts';
import { ChangePasswordModal } from './change-password-modal.tsx';

/** `compact` (on a phone) shows the icon only; the name is still the button's title. */
export function AccountMenu({ me, compact = false }: { me: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [changingPassword, setChangingPassword] = useState(false);

  async function signOut() {
    try {
      await api.post('/api/auth/logout');
    } catch (error) {
      message.error(translateError(t, error));
      return;
    }
    // Drop every cached record of this user before the next one signs in on the same browser.
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
    navigate('/sign-in', { replace: true });
  }

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
            { type: 'divider' },
            { key: 'signOut', icon: <LogoutOutlined />, label: t('account.signOut') },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChangingPassword(true);
            if (key === 'signOut') void signOut();
          },
        }}
      >
        <Button
          type="text"
          aria-label={t('account.menu')}
          title={me.displayName}
          data-testid="account-menu"
          style={compact ? { paddingInline: 6 } : undefined}
        >
          <Space size={compact ? 2 : 8}>
            <UserOutlined />
            {!compact && me.displayName}
            <DownOutlined />
          </Space>
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
