import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { can, commissionRoles, commissionSectors, competitionTransitions, formatDateTime, formatMoney, localName, optionalText, type CompetitionStatus } from '@kamkor/domain';
import {
  addCommissionMember,
  countScoreSheets,
  getCompetitionForActor,
  getDb,
  listApplicationsForActor,
  listCommission,
  listCommissionCandidates,
  listLotLines,
  reviewApplication,
  setSpreadThreshold,
  transitionCompetition,
} from '../db.server.ts';
import { CompetitionErrors, StatusBadge } from '../components/competition.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { LotFacts } from '../components/competition-content.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'view');
  const manage = can(user, 'manage', c.resource);
  const member = c.commission.some((m) => m.user_id === user.userId);
  const seat = c.commission.find((m) => m.user_id === user.userId);
  // Eligibility is the commission secretary's (issue #9).
  const secretary = seat?.role === 'secretary';
  return {
    competition: {
      id: c.id,
      title: c.title,
      goal: c.goal,
      status: c.status,
      lot: c.lot_budget_tyiyn,
      max: c.max_amount_tyiyn,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      signed: !!c.protocol_signed_at,
      threshold: c.spread_threshold,
      scoringClosed: !!c.scoring_closed_at,
      programId: c.program_id,
      programTitle: c.program_title,
      lineNo: c.line_no,
      service: c.service_code,
      customer: { name_ky: c.customer_name_ky, name_ru: c.customer_name_ru, name_en: c.customer_name_en },
      criteria: c.criteria.map((k) => ({ code: k.code, weight: k.weight, max: k.max_points })),
    },
    manage,
    member,
    secretary,
    scorer: !!seat && seat.role !== 'secretary',
    canApply: can(user, 'report', c.resource),
    next: manage ? competitionTransitions[c.status as CompetitionStatus].filter((s) => s !== 'awarded' && s !== 'unsuccessful') : [],
    applications: await listApplicationsForActor(db, user, c.id),
    commission: manage ? await listCommission(db, user, c.id) : [],
    candidates: manage ? await listCommissionCandidates(db) : [],
    sheetsIn: (manage || member) && c.status === 'evaluating' ? await countScoreSheets(db, c.id) : null,
    lot: {
      tasks: c.tasks,
      problem: c.problem,
      projectStart: c.project_start ? String(c.project_start).slice(0, 10) : null,
      projectEnd: c.project_end ? String(c.project_end).slice(0, 10) : null,
      minCofundingPct: c.min_cofunding_pct,
      eligibility: c.eligibility,
      requiredDocuments: c.required_documents,
      lines: await listLotLines(db, c.id),
    },
  };
});

const schemas = {
  transition: z.object({ to: z.enum(['announced', 'accepting', 'closed', 'evaluating', 'cancelled'], { error: 'errors.invalid' }) }),
  addMember: z.object({
    userId: z.uuid({ error: 'errors.required' }),
    role: z.enum(commissionRoles, { error: 'errors.invalid' }).default('member'),
    sector: z.enum(commissionSectors, { error: 'errors.invalid' }).default('state'),
  }),
  threshold: z.object({ threshold: z.coerce.number({ error: 'errors.invalid' }).int({ error: 'errors.invalid' }).min(1, { error: 'errors.invalid' }).max(100, { error: 'errors.invalid' }) }),
  review: z.object({ applicationId: z.uuid({ error: 'errors.invalid' }), decision: z.enum(['admit', 'reject'], { error: 'errors.invalid' }), reason: optionalText(1000) }),
};

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'view_draft');
  if (intent !== 'review') await getCompetitionForActor(db, user, c.id, 'manage');
  const lang = resolveLanguage(request, user);
  if (!(intent in schemas)) return invalid({ errors: { _form: 'errors.invalid' }, values: {} });
  const parsed = await parseForm(request, schemas[intent as keyof typeof schemas], form);
  if (!parsed.ok) return invalid(parsed);
  const d = parsed.data as Record<string, string | null> & { threshold?: number };
  try {
    await db.transaction().execute(async (trx) => {
      if (intent === 'transition') await transitionCompetition(trx, user, c.id, d.to!);
      else if (intent === 'addMember') await addCommissionMember(trx, user, c.id, d.userId!, d.role as 'member', d.sector as 'state');
      else if (intent === 'threshold') await setSpreadThreshold(trx, user, c.id, d.threshold!);
      else await reviewApplication(trx, user, d.applicationId!, d.decision === 'admit', d.reason ?? null);
    });
  } catch (err) {
    return competitionFailure(err, form, lang);
  }
  return redirect(`/competitions/${c.id}`);
});

export default function CompetitionPage() {
  const t = useT();
  const lang = useLang();
  const { competition: c, manage, member, secretary, scorer, canApply, next, applications, commission, candidates, sheetsIn, lot } = useLoaderData<typeof loader>();
  const eligibility = secretary && c.status === 'closed';
  const state = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to="/competitions">{t('competition:list.title')}</Link>
      </p>
      <h1>{c.title}</h1>
      <p>
        <StatusBadge status={c.status} label={t(`competition:statuses.${c.status}`)} />
      </p>
      <CompetitionErrors state={state} />
      <dl className="facts">
        <dt>{t('competition:fields.customer')}</dt>
        <dd>{localName(c.customer, lang)}</dd>
        <dt>{t('competition:fields.line')}</dt>
        <dd>
          <Link to={`/programs/${c.programId}`}>{c.programTitle}</Link>, № {c.lineNo} ({c.service})
        </dd>
        <dt>{t('competition:fields.goal')}</dt>
        <dd>{c.goal}</dd>
        <dt>{t('competition:fields.lotBudget')}</dt>
        <dd>{formatMoney(c.lot, lang)}</dd>
        <dt>{t('competition:fields.maxAmount')}</dt>
        <dd>{formatMoney(c.max, lang)}</dd>
        <dt>{t('competition:fields.window')}</dt>
        <dd>{t('competition:public.window', { opens: formatDateTime(c.opensAt), closes: formatDateTime(c.closesAt) })}</dd>
      </dl>
      <h2>{t('competition:fields.criteria')}</h2>
      <ul>
        {c.criteria.map((k) => (
          <li key={k.code}>{t('competition:criterionLine', { name: t(`competition:criteria.${k.code}`), weight: k.weight, max: k.max })}</li>
        ))}
      </ul>
      <LotFacts lot={lot} />
      {c.status !== 'planned' ? (
        <p>
          <Link to={`/public/competitions/${c.id}`}>{t('competition:page.publicPage')}</Link>
        </p>
      ) : null}
      {canApply ? (
        <p>
          <Link to={`/competitions/${c.id}/apply`} className="button primary">
            {t('competition:page.apply')}
          </Link>
        </p>
      ) : null}
      {scorer ? (
        <p>
          <Link to={`/competitions/${c.id}/scoring`} className="button primary">
            {t('competition:page.scoring')}
          </Link>
        </p>
      ) : null}
      {member && (c.status === 'evaluating' || c.signed) ? (
        <p>
          <Link to={`/competitions/${c.id}/results`}>{t('competition:results.title')}</Link>
        </p>
      ) : null}
      {c.signed && (manage || member) ? (
        <p>
          <Link to={`/competitions/${c.id}/protocol`}>{t('competition:protocol.title')}</Link>
        </p>
      ) : null}
      {c.signed || manage ? (
        <p>
          <Link to={`/competitions/${c.id}/complaints`}>{t('competition:complaint.title')}</Link>
        </p>
      ) : null}
      {manage && next.length > 0 ? (
        <Form method="post" className="card">
          <CsrfInput />
          <input type="hidden" name="intent" value="transition" />
          <h2>{t('competition:page.workflow')}</h2>
          {next.map((s) => (
            <button key={s} type="submit" name="to" value={s} className={s === 'cancelled' ? undefined : 'primary'}>
              {t(`competition:transitions.${s}`)}
            </button>
          ))}
        </Form>
      ) : null}
      {(manage || member) && c.status === 'evaluating' ? (
        <section className="card" aria-labelledby="evaluation">
          <h2 id="evaluation">{t('competition:results.progress')}</h2>
          <p>{t('competition:page.sheetsIn', { count: sheetsIn ?? 0 })}</p>
          <p className="hint">{t('competition:page.signHint')}</p>
        </section>
      ) : null}
      {manage && !c.scoringClosed && !c.signed && c.status !== 'cancelled' ? (
        <Form method="post" className="card">
          <CsrfInput />
          <label htmlFor="threshold">{t('competition:results.thresholdLabel')}</label>{' '}
          <input id="threshold" name="threshold" type="number" min={1} max={100} step={1} inputMode="numeric" defaultValue={c.threshold} required />{' '}
          <button type="submit" name="intent" value="threshold">
            {t('competition:page.saveThreshold')}
          </button>
          <p className="hint">{t('competition:page.thresholdHint')}</p>
        </Form>
      ) : null}
      {manage ? (
        <section className="card" aria-labelledby="commission">
          <h2 id="commission">{t('competition:page.commission')}</h2>
          {commission.length === 0 ? <p className="empty-state">{t('competition:page.noCommission')}</p> : null}
          <ul>
            {commission.map((m) => (
              <li key={m.id}>
                {m.full_name} — {t(`competition:roles.${m.role}`)}, {t(`competition:sectors.${m.sector}`)}{' '}
                {m.conflicts_declared_at ? <span className="hint">{t('competition:page.declared')}</span> : null}
              </li>
            ))}
          </ul>
          <Form method="post">
            <CsrfInput />
            <label htmlFor="userId">{t('competition:page.addMember')}</label>{' '}
            <select id="userId" name="userId">
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.full_name}
                </option>
              ))}
            </select>{' '}
            <label htmlFor="role">{t('competition:page.role')}</label>{' '}
            <select id="role" name="role" defaultValue="member">
              {commissionRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`competition:roles.${r}`)}
                </option>
              ))}
            </select>{' '}
            <label htmlFor="sector">{t('competition:page.sector')}</label>{' '}
            <select id="sector" name="sector" defaultValue="state">
              {commissionSectors.map((r) => (
                <option key={r} value={r}>
                  {t(`competition:sectors.${r}`)}
                </option>
              ))}
            </select>{' '}
            <button type="submit" name="intent" value="addMember">
              {t('competition:page.add')}
            </button>
          </Form>
        </section>
      ) : null}
      {applications.length > 0 ? (
        <section aria-labelledby="applications">
          <h2 id="applications">{t('competition:page.applications')}</h2>
          <ExportLinks source="applications" params={`competition=${c.id}`} />
          <TableWrap label={t('competition:page.applications')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('competition:fields.code')}</th>
                  <th scope="col">{t('competition:fields.organisation')}</th>
                  <th scope="col">{t('competition:fields.projectTitle')}</th>
                  <th scope="col" className="num">{t('competition:fields.requested')}</th>
                  <th scope="col">{t('competition:fields.status')}</th>
                  {eligibility ? <th scope="col">{t('competition:page.eligibility')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {applications.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/competitions/${c.id}/applications/${a.id}`}>{a.code}</Link>
                    </td>
                    <td>{localName(a, lang)}</td>
                    <td>{a.title}</td>
                    <td className="num">{formatMoney(a.requested_tyiyn, lang)}</td>
                    <td>
                      <StatusBadge status={a.status} label={t(`competition:applicationStatuses.${a.status}`)} />
                    </td>
                    {eligibility ? (
                      <td>
                        {a.status === 'submitted' ? (
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="review" />
                            <input type="hidden" name="applicationId" value={a.id} />
                            <button type="submit" name="decision" value="admit">
                              {t('competition:page.admit')}
                            </button>{' '}
                            <input name="reason" aria-label={t('competition:page.rejectReason')} placeholder={t('competition:page.rejectReason')} maxLength={1000} />{' '}
                            <button type="submit" name="decision" value="reject">
                              {t('competition:page.reject')}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
    </section>
  );
}
