import type { Role } from '@kamkor/domain';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Roles that see the item; absent = everyone, including visitors. */
  roles?: Role[];
  /** Shown only to visitors who are not logged in. */
  visitorsOnly?: boolean;
}

/** The main navigation. Features add their entries here; the layout filters by the user's roles. */
export const navigation: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/programs', label: 'program:nav.programs', roles: ['admin', 'program_officer', 'municipal_officer', 'analyst'] },
  { to: '/public/programs', label: 'program:nav.public' },
  { to: '/competitions', label: 'competition:nav.competitions', roles: ['admin', 'program_officer', 'municipal_officer', 'commission_member', 'ngo_staff', 'analyst'] },
  { to: '/projects', label: 'results:nav.projects', roles: ['admin', 'program_officer', 'territorial_officer', 'ngo_staff', 'analyst'] },
  { to: '/my-organisation', label: 'nav.myOrganisation', roles: ['ngo_staff', 'municipal_officer', 'territorial_officer'] },
  { to: '/assessments', label: 'assessment:nav.assessments', roles: ['municipal_officer', 'program_officer', 'territorial_officer', 'analyst', 'admin'] },
  { to: '/service-plans', label: 'assessment:nav.servicePlans', roles: ['municipal_officer', 'program_officer', 'territorial_officer', 'analyst', 'admin'] },
  { to: '/public/assessments', label: 'assessment:nav.public' },
  { to: '/admin/organisations', label: 'nav.organisations', roles: ['admin', 'program_officer', 'analyst'] },
  { to: '/admin/users', label: 'nav.users', roles: ['admin'] },
  { to: '/admin/territory', label: 'nav.territory', roles: ['admin', 'analyst', 'program_officer'] },
  { to: '/admin/catalogue', label: 'nav.catalogue', roles: ['admin', 'program_officer'] },
  { to: '/admin/assessment-categories', label: 'assessment:nav.categories', roles: ['admin'] },
  { to: '/admin/results-settings', label: 'results:nav.settings', roles: ['admin'] },
  { to: '/admin/disaggregations', label: 'results:nav.disaggregations', roles: ['admin'] },
  { to: '/admin/audit', label: 'nav.audit', roles: ['admin', 'analyst'] },
  { to: '/monitoring', label: 'monitoring:nav.board', roles: ['admin', 'program_officer', 'territorial_officer'] },
  { to: '/admin/checklists', label: 'monitoring:checklist.nav', roles: ['admin'] },
  { to: '/monitoring/reports', label: 'monitoring:report.nav', roles: ['admin', 'program_officer', 'analyst'] },
  { to: '/public/monitoring-reports', label: 'monitoring:report.publicNav' },
  { to: '/public/competitions', label: 'competition:publicList.nav' },
  { to: '/public/analytics', label: 'analytics:public.nav' },
];

export function navigationFor(roles: Role[] | null): NavItem[] {
  return navigation.filter((item) => {
    if (item.visitorsOnly) return roles === null;
    if (!item.roles) return true;
    return roles !== null && item.roles.some((r) => roles.includes(r));
  });
}
