import {
  AuditOutlined,
  ApartmentOutlined,
  BankOutlined,
  DashboardOutlined,
  MedicineBoxOutlined,
  MenuOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Layout, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../api/types.ts';
import { useModules } from '../auth.ts';
import { useLiveConnection } from '../live.ts';
import { activeNavKey, visibleNavEntries } from '../navigation.ts';
import { NARROW_QUERY, PHONE_QUERY, useMediaQuery } from '../responsive-list.tsx';
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
  // Below 992 px the side navigation becomes a drawer opened from the header's menu button: antd's collapsed
  // Sider left a floating trigger that covered page titles on a phone.
  const narrow = useMediaQuery(NARROW_QUERY);
  const phone = useMediaQuery(PHONE_QUERY);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const brand = (
    <div style={{ padding: '16px 20px 8px' }}>
      <Typography.Title level={5} style={{ margin: 0, color: '#b42318' }}>
        {t('app.title')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('app.subtitle')}
      </Typography.Text>
    </div>
  );
  const menu = (
    <Menu
      mode="inline"
      aria-label={t('nav.label')}
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={({ key }) => {
        const entry = entries.find((candidate) => candidate.key === key);
        if (entry) navigate(entry.path);
        setDrawerOpen(false);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={216} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      {narrow && (
        <Drawer
          rootClassName="oc-nav-drawer"
          placement="left"
          width={260}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0 } }}
        >
          {brand}
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          data-testid="app-header"
          style={{
            background: '#fff',
            display: 'flex',
            alignItems: 'center',
            gap: phone ? 8 : 16,
            paddingInline: phone ? 8 : 24,
            borderBottom: '1px solid #f0f0f0',
            position: narrow ? 'sticky' : undefined,
            top: 0,
            zIndex: 10,
          }}
        >
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.open')}
              data-testid="nav-open"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          {narrow && !phone && (
            <Typography.Text strong style={{ color: '#b42318', whiteSpace: 'nowrap' }}>
              {t('app.title')}
            </Typography.Text>
          )}
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch />
          <AccountMenu me={me} compact={phone} />
        </Layout.Header>
        <Layout.Content className="oc-content" style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
