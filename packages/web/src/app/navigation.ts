import type { ReactNode } from 'react';
import type { Me, ModuleInfo } from '../api/types.ts';
import { RIGHTS, hasRight } from './auth.ts';
import { FEATURE_MODULES } from './feature-modules.ts';

/** One entry of the side navigation: shown when its module exists on the server and the user holds the right. */
export interface NavEntry {
  key: string;
  path: string;
  /** Module id as reported by GET /api/modules. */
  module: string;
  /** Right required to see the entry; null when any signed-in user may. */
  right: string | null;
  /** i18n key of the label. */
  label: string;
  /** i18n key of the group heading, when the entry sits in a group. */
  group?: string;
  /** Menu icon (the shell has icons for the core entries). */
  icon?: ReactNode;
}

let navEntriesMemo: NavEntry[] | undefined;

/**
 * Every navigation entry, core and features, in menu order. Built on first use, not at module load: feature
 * modules import route helpers → guards → the shell → this file, so FEATURE_MODULES may still be initialising
 * while this module is evaluated; by the time anything renders or a test asks, it is complete.
 */
export function navEntries(): NavEntry[] {
  navEntriesMemo ??= [
    { key: 'dashboard', path: '/', module: 'dashboard', right: RIGHTS.dashboardRead, label: 'nav.dashboard' },
    // features: surveillance (group nav.surveillance) and response (nav.response); admin extras go last
    ...FEATURE_MODULES.flatMap((module) => module.nav.filter((entry) => entry.group !== 'nav.admin')),
    {
      key: 'jurisdictions',
      path: '/registry/jurisdictions',
      module: 'registry',
      right: RIGHTS.registryRead,
      label: 'nav.jurisdictions',
      group: 'nav.registry',
    },
    {
      key: 'agencies',
      path: '/registry/agencies',
      module: 'registry',
      right: RIGHTS.registryRead,
      label: 'nav.agencies',
      group: 'nav.registry',
    },
    {
      key: 'facilities',
      path: '/registry/facilities',
      module: 'registry',
      right: RIGHTS.registryRead,
      label: 'nav.facilities',
      group: 'nav.registry',
    },
    { key: 'users', path: '/admin/users', module: 'users', right: RIGHTS.usersManage, label: 'nav.users', group: 'nav.admin' },
    { key: 'audit', path: '/admin/audit', module: 'audit', right: RIGHTS.auditRead, label: 'nav.audit', group: 'nav.admin' },
    ...FEATURE_MODULES.flatMap((module) => module.nav.filter((entry) => entry.group === 'nav.admin')),
  ];
  return navEntriesMemo;
}

/** The entries this user sees, given the server's module list. */
export function visibleNavEntries(
  me: Me | null | undefined,
  modules: ModuleInfo[] | undefined,
  entries: NavEntry[] = navEntries(),
): NavEntry[] {
  const present = new Set((modules ?? []).filter((module) => module.enabled).map((module) => module.id));
  return entries.filter((entry) => present.has(entry.module) && (entry.right === null || hasRight(me, entry.right)));
}

/** The entry whose path is the longest prefix of the current location (detail pages light up their list). */
export function activeNavKey(pathname: string, entries: NavEntry[] = navEntries()): string | undefined {
  let best: NavEntry | undefined;
  for (const entry of entries) {
    const matches = entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key;
}

/**
 * Where to go after sign-in: only a path of this app, so a crafted `?next=` cannot send the user to another
 * site (`//evil.example`, `https://…`, `/\evil.example` all fall back to the dashboard).
 */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * The page a user lands on at `/` (after sign-in, or by the logo): the dashboard for those who may read it,
 * otherwise the first page of the navigation the user may open (a volunteer lands on 我的志愿服务, a counsellor on
 * the psychological assistance pages) — never the dashboard's 403. Null when the user may open no page at all
 * (the root then says so with the 403 page).
 */
export function landingPath(
  me: Me | null | undefined,
  modules: ModuleInfo[] | undefined,
  entries: NavEntry[] = navEntries(),
): string | null {
  const visible = visibleNavEntries(me, modules, entries);
  if (visible.some((entry) => entry.path === '/')) return '/';
  return visible[0]?.path ?? null;
}
