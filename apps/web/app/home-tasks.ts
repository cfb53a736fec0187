import type { Role } from '@kamkor/domain';

export interface HomeTask {
  to: string;
  title: string;
  body: string;
}

/** The cards on each role's home page; features add their first steps here. */
export const homeTasks: Record<Role | 'visitor', HomeTask[]> = {
  visitor: [
    { to: '/login', title: 'home.tasks.login.title', body: 'home.tasks.login.body' },
    { to: '/public/programs', title: 'program:home.public.title', body: 'program:home.public.body' },
    { to: '/public/assessments', title: 'assessment:public.title', body: 'assessment:public.intro' },
    { to: '/public/open-data', title: 'analytics:openData.title', body: 'analytics:openData.intro' },
  ],
  admin: [
    { to: '/projects', title: 'results:home.projects.title', body: 'results:home.projects.body' },
    { to: '/admin/organisations/new', title: 'home.tasks.addOrganisation.title', body: 'home.tasks.addOrganisation.body' },
    { to: '/admin/users/new', title: 'home.tasks.addUser.title', body: 'home.tasks.addUser.body' },
    { to: '/admin/territory/import', title: 'home.tasks.importClassifier.title', body: 'home.tasks.importClassifier.body' },
  ],
  program_officer: [
    { to: '/projects', title: 'results:home.projects.title', body: 'results:home.projects.body' },
    { to: '/programs', title: 'program:home.programs.title', body: 'program:home.programs.body' },
    { to: '/competitions', title: 'competition:home.competitions.title', body: 'competition:home.competitions.body' },
    { to: '/admin/organisations', title: 'home.tasks.organisations.title', body: 'home.tasks.organisations.body' },
    { to: '/assessments', title: 'assessment:home.overview.title', body: 'assessment:home.overview.body' },
  ],
  territorial_officer: [
    { to: '/projects', title: 'results:home.projects.title', body: 'results:home.projects.body' },
    { to: '/my-organisation', title: 'home.tasks.myOrganisation.title', body: 'home.tasks.myOrganisation.body' },
  ],
  commission_member: [
    { to: '/competitions', title: 'competition:home.commission.title', body: 'competition:home.commission.body' },
    { to: '/account', title: 'home.tasks.account.title', body: 'home.tasks.account.body' },
  ],
  ngo_staff: [
    { to: '/competitions', title: 'competition:home.competitions.title', body: 'competition:home.competitions.body' },
    { to: '/projects', title: 'results:home.projects.title', body: 'results:home.projects.body' },
    { to: '/my-organisation', title: 'home.tasks.myOrganisation.title', body: 'home.tasks.myOrganisation.body' },
  ],
  municipal_officer: [
    { to: '/programs', title: 'program:home.programs.title', body: 'program:home.programs.body' },
    { to: '/assessments', title: 'assessment:home.assessments.title', body: 'assessment:home.assessments.body' },
    { to: '/service-plans', title: 'assessment:home.servicePlans.title', body: 'assessment:home.servicePlans.body' },
    { to: '/my-organisation', title: 'home.tasks.myOrganisation.title', body: 'home.tasks.myOrganisation.body' },
  ],
  analyst: [
    { to: '/assessments', title: 'assessment:home.overview.title', body: 'assessment:home.overview.body' },
    { to: '/projects', title: 'results:home.projects.title', body: 'results:home.projects.body' },
    { to: '/admin/territory', title: 'home.tasks.territory.title', body: 'home.tasks.territory.body' },
    { to: '/admin/audit', title: 'home.tasks.audit.title', body: 'home.tasks.audit.body' },
    { to: '/analytics/explorer', title: 'analytics:home.title', body: 'analytics:home.body' },
    { to: '/analytics', title: 'analytics:dashboard.home.title', body: 'analytics:dashboard.home.body' },
  ],
};
