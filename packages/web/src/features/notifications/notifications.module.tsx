/** The notifications feature's pages: the inbox (any signed-in user) and the channels (notification admins). */
import { NotificationOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const NotificationsPage = page(() => import('./notifications-page.tsx'), 'NotificationsPage');
const ChannelsPage = page(() => import('./channels-page.tsx'), 'ChannelsPage');

export const notificationsModule: FeatureModule = {
  routes: [
    { path: 'notifications', element: guarded(NotificationsPage, null) },
    { path: 'admin/notification-channels', element: guarded(ChannelsPage, RIGHTS.notificationsManage) },
  ],
  nav: [
    {
      key: 'notification-channels',
      path: '/admin/notification-channels',
      module: 'notifications',
      right: RIGHTS.notificationsManage,
      label: 'notifications.nav.channels',
      group: 'nav.admin',
      icon: <NotificationOutlined />,
    },
  ],
};
