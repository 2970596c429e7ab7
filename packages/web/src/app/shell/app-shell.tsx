import {
  AuditOutlined,
  ApartmentOutlined,
  BankOutlined,
  DashboardOutlined,
  MedicineBoxOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../api/types.ts';
import { useModules } from '../auth.ts';
import { useLiveConnection } from '../live.ts';
import { activeNavKey, visibleNavEntries } from '../navigation.ts';
import { NotificationBell } from '../../features/notifications/notification-bell.tsx';
import { AccountMenu } from './account-menu.tsx';
import { LanguageSwitch } from './language-switch.tsx';

const ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  jurisdictions: <ApartmentOutlined />,
  agencies: <BankOutlined />,
  facilities: <MedicineBoxOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
};

export function AppShell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const modules = useModules();
  const entries = visibleNavEntries(me, modules.data);
  useLiveConnection(true);

  // Entries with a group are gathered under its heading, in the order the groups first appear.
  const items: NonNullable<MenuProps['items']> = [];
  const groups = new Map<string, Array<{ key: string; icon: ReactNode; label: string }>>();
  for (const entry of entries) {
    const item = { key: entry.key, icon: ICONS[entry.key] ?? entry.icon, label: t(entry.label) };
    if (!entry.group) {
      items.push(item);
      continue;
    }
    let children = groups.get(entry.group);
    if (!children) {
      children = [];
      groups.set(entry.group, children);
      items.push({ type: 'group', key: entry.group, label: t(entry.group), children });
    }
    children.push(item);
  }
  const selected = activeNavKey(location.pathname, entries);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={216} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px 8px' }}>
          <Typography.Title level={5} style={{ margin: 0, color: '#b42318' }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          aria-label={t('nav.label')}
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            const entry = entries.find((candidate) => candidate.key === key);
            if (entry) navigate(entry.path);
          }}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, paddingInline: 24, borderBottom: '1px solid #f0f0f0' }}
        >
          <NotificationBell />
          <LanguageSwitch />
          <AccountMenu me={me} />
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
