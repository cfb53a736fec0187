import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { formatMoney, localName, optionalText } from '@kamkor/domain';
import { declareConflicts, getDb, listApplicantOrganisations, listReviewContent, listScoreSheets, saveScores } from '../db.server.ts';
import { ReviewContent } from '../components/competition-content.tsx';
import { CompetitionErrors } from '../components/competition.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/**
 * The commission member's evaluation sheets. Its data is the anonymised projection only (codes and
 * project content); the organisations list for the conflict declaration is not linked to codes and
 * is shown only before the declaration.
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const sheets = await listScoreSheets(db, user, params.id ?? '');
  const organisations = sheets.declared ? [] : (await listApplicantOrganisations(db, user, params.id ?? '')).map((o) => ({ id: o.id, name_ky: o.name_ky, name_ru: o.name_ru, name_en: o.name_en }));
  // Plan, budget, indicators and attachments of the same sheets (anonymised: codes only).
  const review = sheets.declared ? await listReviewContent(db, user, params.id ?? '') : {};
  return { ...sheets, organisations, review };
});

const declareSchema = z.object({ organisationId: z.union([z.uuid({ error: 'errors.invalid' }), z.array(z.uuid({ error: 'errors.invalid' })).max(500)]).optional() });
const scoreSchema = z.object({ applicationId: z.uuid({ error: 'errors.invalid' }), comment: optionalText(2000) }).catchall(z.string().max(10));

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  // Denied before anything is validated: only members of this commission get past this line.
  const sheets = await listScoreSheets(db, user, params.id ?? '');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const lang = resolveLanguage(request, user);
  try {
    if (intent === 'declare') {
      const parsed = await parseForm(request, declareSchema, form);
      if (!parsed.ok) return invalid(parsed);
      const ids = parsed.data.organisationId === undefined ? [] : ([] as string[]).concat(parsed.data.organisationId);
      await db.transaction().execute((trx) => declareConflicts(trx, user, sheets.competition.id, ids));
      return redirect(`/competitions/${sheets.competition.id}/scoring`);
    }
    if (intent !== 'score') return invalid({ errors: { _form: 'errors.invalid' }, values: {} });
    const parsed = await parseForm(request, scoreSchema, form);
    if (!parsed.ok) return invalid(parsed);
    const points: Record<string, number> = {};
    for (const k of sheets.criteria) {
      const raw = String(form.get(`points_${k.id}`) ?? '').trim();
      if (!/^\d{1,3}$/.test(raw)) return invalid({ errors: { [`points_${k.id}`]: 'errors.invalid' }, values: Object.fromEntries([...form.entries()].filter(([key]) => key !== '_csrf').map(([key, v]) => [key, String(v)])) });
      points[k.id] = Number(raw);
    }
    await db.transaction().execute((trx) => saveScores(trx, user, sheets.competition.id, parsed.data.applicationId, points, parsed.data.comment));
    return redirect(`/competitions/${sheets.competition.id}/scoring#sheet-${parsed.data.applicationId}`);
  } catch (err) {
    return competitionFailure(err, form, lang);
  }
});

export default function Scoring() {
  const t = useT();
  const lang = useLang();
  const { competition: c, declared, canScore, criteria, sheets, organisations, review } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t('competition:scoring.title')}</h1>
      <p>{t('competition:scoring.anonymous')}</p>
      <CompetitionErrors state={state} />
      {!declared ? (
        <Form method="post" className="card">
          <CsrfInput />
          <h2>{t('competition:scoring.conflictsTitle')}</h2>
          <p>{t('competition:scoring.conflictsHelp')}</p>
          {organisations.map((o) => (
            <label key={o.id} className="checkbox">
              <input type="checkbox" name="organisationId" value={o.id} /> {localName(o, lang)}
            </label>
          ))}
          <button type="submit" name="intent" value="declare" className="primary">
            {t('competition:scoring.declare')}
          </button>
        </Form>
      ) : (
        <>
          <p className="hint">{t('competition:scoring.sealed')}</p>
          {canScore ? (
            <p className="inline-actions">
              <a href={`/competitions/${c.id}/scoring/xlsx`} download>
                {t('competition:excel.download')}
              </a>{' '}
              · <Link to={`/competitions/${c.id}/scoring/upload`}>{t('competition:excel.uploadTitle')}</Link>
            </p>
          ) : null}
          {!canScore && c.status === 'evaluating' ? <p className="hint">{t('competition:scoring.closedHint')}</p> : null}
          <p>
            <Link to={`/competitions/${c.id}/results`}>{t('competition:results.title')}</Link>
          </p>
          {sheets.length === 0 ? <p className="empty-state">{t('competition:scoring.empty')}</p> : null}
          {sheets.map((s) => (
            <article key={s.id} id={`sheet-${s.id}`} className="card">
              <h2>
                {s.code}: {s.title}
              </h2>
              <dl className="facts">
                <dt>{t('competition:fields.goal')}</dt>
                <dd>{s.goal}</dd>
                <dt>{t('competition:fields.description')}</dt>
                <dd>{s.description}</dd>
                <dt>{t('competition:fields.requested')}</dt>
                <dd>{formatMoney(s.requested_tyiyn, lang)}</dd>
              </dl>
              <ReviewContent competitionId={c.id} sheetId={s.id} review={review[s.id]} />
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="applicationId" value={s.id} />
                {criteria.map((k) => (
                  <p key={k.id}>
                    <label htmlFor={`p-${s.id}-${k.id}`}>{t('competition:criterionLine', { name: t(`competition:criteria.${k.code}`), weight: k.weight, max: k.max_points })}</label>{' '}
                    <input
                      id={`p-${s.id}-${k.id}`}
                      name={`points_${k.id}`}
                      type="number"
                      min={0}
                      max={k.max_points}
                      step={1}
                      inputMode="numeric"
                      defaultValue={s.points[k.id] ?? ''}
                      disabled={!canScore}
                      required
                    />
                  </p>
                ))}
                <p>
                  <label htmlFor={`c-${s.id}`}>{t('competition:scoring.comment')}</label>
                  <textarea id={`c-${s.id}`} name="comment" maxLength={2000} defaultValue={s.comment ?? ''} disabled={!canScore} />
                </p>
                {canScore ? (
                  <button type="submit" name="intent" value="score" className="primary">
                    {t('competition:scoring.save')}
                  </button>
                ) : null}
                {s.complete ? <span className="badge ok">{t('competition:scoring.complete')}</span> : null}
              </Form>
            </article>
          ))}
        </>
      )}
    </section>
  );
}
