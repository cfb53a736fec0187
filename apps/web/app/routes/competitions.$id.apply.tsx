import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { applicationSchema, formatDateTime, formatMoney, localName, orgsWithRole } from '@kamkor/domain';
import { createApplication, getCompetitionForActor, getDb, listOrganisations } from '../db.server.ts';
import { CompetitionErrors } from '../components/competition.tsx';
import { ApplicationFields } from '../components/competition-application.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'report');
  const orgs = await listOrganisations(db, { ids: orgsWithRole(user, 'ngo_staff') });
  const org = orgs[0]!;
  return {
    competition: { id: c.id, title: c.title, closesAt: c.closes_at, max: c.max_amount_tyiyn },
    organisation: { name_ky: org.name_ky, name_ru: org.name_ru, name_en: org.name_en, inn: org.inn },
    contactName: user.fullName,
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'report');
  const parsed = await parseForm(request, applicationSchema);
  if (!parsed.ok) return invalid(parsed);
  const organisationId = orgsWithRole(user, 'ngo_staff')[0]!;
  try {
    const row = await db.transaction().execute((trx) => createApplication(trx, user, c.id, organisationId, parsed.data));
    return redirect(`/competitions/${c.id}/applications/${row.id}`);
  } catch (err) {
    return competitionFailure(err, parsed.form, resolveLanguage(request, user));
  }
});

export default function Apply() {
  const t = useT();
  const lang = useLang();
  const { competition: c, organisation, contactName } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section className="narrow">
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t('competition:apply.title')}</h1>
      <p>{t('competition:apply.deadline', { closes: formatDateTime(c.closesAt), max: formatMoney(c.max, lang) })}</p>
      <p>{t('competition:apply.as', { organisation: localName(organisation, lang) })}</p>
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <CompetitionErrors state={state} />
        <ApplicationFields state={state} initial={{ contact_name: contactName, contact_phone: '', inn: organisation.inn ?? '', title: '', goal: '', description: '', requested: '' }} />
        <button type="submit" className="primary">
          {t('competition:apply.saveDraft')}
        </button>
      </Form>
    </section>
  );
}
