/**
 * The contacts feature's pages and navigation entries: the daily work list (phone-sized), the contacts list,
 * and one contact. The case page's "Contacts" section is `case-contacts-section.tsx`.
 */
import { ApartmentOutlined, CalendarOutlined, TeamOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const ContactsPage = page(() => import('./contacts-page.tsx'), 'ContactsPage');
const TodayPage = page(() => import('./today-page.tsx'), 'TodayPage');
const ContactPage = page(() => import('./contact-page.tsx'), 'ContactPage');
const ChainsPage = page(() => import('./chains-page.tsx'), 'ChainsPage');
const SetupPage = page(() => import('./setup-page.tsx'), 'SetupPage');
const DuplicatesPage = page(() => import('./duplicates-page.tsx'), 'DuplicatesPage');
const ContactsImportPage = page(() => import('./contacts-import-page.tsx'), 'ContactsImportPage');

export const contactsModule: FeatureModule = {
  routes: [
    { path: 'contacts', element: guarded(ContactsPage, RIGHTS.contactsRead) },
    { path: 'contacts/today', element: guarded(TodayPage, RIGHTS.contactsRead) },
    { path: 'contacts/chains', element: guarded(ChainsPage, RIGHTS.contactsRead) },
    { path: 'contacts/setup', element: guarded(SetupPage, RIGHTS.contactsRead) },
    { path: 'contacts/duplicates', element: guarded(DuplicatesPage, RIGHTS.contactsWrite) },
    { path: 'contacts/import', element: guarded(ContactsImportPage, RIGHTS.contactsWrite) },
    { path: 'contacts/:id', element: guarded(ContactPage, RIGHTS.contactsRead) },
  ],
  nav: [
    {
      key: 'contacts-today',
      path: '/contacts/today',
      module: 'contacts',
      right: RIGHTS.contactsRead,
      label: 'contacts.nav.today',
      group: 'nav.surveillance',
      icon: <CalendarOutlined />,
    },
    {
      key: 'contacts',
      path: '/contacts',
      module: 'contacts',
      right: RIGHTS.contactsRead,
      label: 'contacts.nav.list',
      group: 'nav.surveillance',
      icon: <TeamOutlined />,
    },
    {
      key: 'contacts-chains',
      path: '/contacts/chains',
      module: 'contacts',
      right: RIGHTS.contactsRead,
      label: 'contacts.tracing.nav.chains',
      group: 'nav.surveillance',
      icon: <ApartmentOutlined />,
    },
  ],
};
