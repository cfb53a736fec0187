import { Form, useLoaderData } from '@remix-run/react';
import { diffVersions, formatDate, formatDateTime, formatMoney, type LineData } from '@kamkor/domain';
import { getProgramContentForActor, listAuditLog, listProgramVersionsForActor } from '../db.server.ts';
import { ProgramHeader } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { loadNames, loadProgramPage } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  const { db, program, user, lang, header, canEdit, canManage } = await loadProgramPage(request, params.id, 'view');
  // "0" stands for the live draft of the next version, offered only to those who may see drafts.
  const { versions, choices } = await listProgramVersionsForActor(db, user, program.id);
  const history = await listAuditLog(db, { entity: 'program', entityId: program.id, limit: 100 });
  const url = new URL(request.url);
  const toParam = url.searchParams.get('to');
  const fromParam = url.searchParams.get('from');
  const to = toParam !== null && choices.includes(Number(toParam)) ? Number(toParam) : choices[0];
  const from = fromParam !== null && choices.includes(Number(fromParam)) ? Number(fromParam) : choices.find((c) => c !== to && (c < (to || Infinity)));
  let diff = null;
  if (to !== undefined && from !== undefined) {
    const [a, b, names] = await Promise.all([
      getProgramContentForActor(db, user, program.id, from || undefined).then((c) => c.content),
      getProgramContentForActor(db, user, program.id, to || undefined).then((c) => c.content),
      loadNames(db, lang),
    ]);
    const d = diffVersions(a.lines, b.lines);
    const show = (l: LineData) => ({
      lineNo: l.lineNo,
      service: names.services[l.serviceCode] ?? l.serviceCode,
      territories: l.territorySoates.map((s) => names.units[s] ?? s).join('; '),
      budgetTyiyn: l.budgetTyiyn,
      beneficiaries: l.plannedBeneficiaries,
    });
    diff = {
      added: d.added.map(show),
      removed: d.removed.map(show),
      changed: d.changed.map((c) => ({ before: show(c.before), after: show(c.after), fields: c.fields, delta: c.budgetDeltaTyiyn })),
      unchanged: d.unchanged,
      budgetBeforeTyiyn: d.budgetBeforeTyiyn,
      budgetAfterTyiyn: d.budgetAfterTyiyn,
      budgetDeltaTyiyn: d.budgetDeltaTyiyn,
    };
  }
  return {
    program: header,
    canEdit,
    canManage,
    versions: versions.map((v) => ({ ...v, approved_at: String(v.approved_at) })),
    choices,
    from: from ?? null,
    to: to ?? null,
    nextVersion: program.version_no,
    diff,
    history: history.map((h) => ({ id: h.id, at: formatDateTime(h.at), who: h.actor_name ?? '—', action: h.action, reason: h.reason })),
  };
});

function signed(n: number, lang: 'ky' | 'ru' | 'en') {
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatMoney(Math.abs(n), lang)}`;
}

export default function Versions() {
  const t = useT();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const label = (c: number) => (c === 0 ? t('program:versions.draftOf', { no: d.nextVersion }) : t('program:version', { no: c }));
  return (
    <section>
      <ProgramHeader program={d.program} canEdit={d.canEdit} canManage={d.canManage} />
      <h2>{t('program:versions.title')}</h2>
      {d.versions.length === 0 ? (
        <p className="empty-state">{t('program:versions.none')}</p>
      ) : (
        <TableWrap label={t('program:versions.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('program:versions.version')}</th>
                <th scope="col">{t('program:fields.approvalDocNo')}</th>
                <th scope="col">{t('program:fields.approvalDate')}</th>
                <th scope="col">{t('program:fields.approvingBody')}</th>
                <th scope="col">{t('program:versions.approvedByUser')}</th>
                <th scope="col">{t('actions.label')}</th>
              </tr>
            </thead>
            <tbody>
              {d.versions.map((v) => (
                <tr key={v.id}>
                  <td>{v.version_no}</td>
                  <td>{v.approval_doc_no}</td>
                  <td>{formatDate(v.approval_date)}</td>
                  <td>{v.approving_body}</td>
                  <td>{v.approved_by_name}</td>
                  <td>
                    <a href={`/programs/${d.program.id}/export?version=${v.version_no}`} download>
                      {t('program:export.xlsx')}
                    </a>{' '}
                    · <a href={`/programs/${d.program.id}/print?version=${v.version_no}`}>{t('program:export.print')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {d.choices.length >= 2 ? (
        <>
          <h2>{t('program:diff.title')}</h2>
          <Form method="get" className="filters">
            <label>
              {t('program:diff.from')}{' '}
              <select name="from" defaultValue={d.from ?? undefined}>
                {d.choices.map((c) => (
                  <option key={c} value={c}>
                    {label(c)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('program:diff.to')}{' '}
              <select name="to" defaultValue={d.to ?? undefined}>
                {d.choices.map((c) => (
                  <option key={c} value={c}>
                    {label(c)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t('filters.apply')}</button>
          </Form>
        </>
      ) : null}
      {d.diff && d.from !== null && d.to !== null ? (
        <section aria-labelledby="diff-title" className="diff">
          <h3 id="diff-title">
            {label(d.from)} → {label(d.to)}
          </h3>
          <ul className="counts">
            <li>
              {t('program:diff.added')}: <strong>{d.diff.added.length}</strong>
            </li>
            <li>
              {t('program:diff.removed')}: <strong>{d.diff.removed.length}</strong>
            </li>
            <li>
              {t('program:diff.changed')}: <strong>{d.diff.changed.length}</strong>
            </li>
            <li>
              {t('program:diff.unchanged')}: <strong>{d.diff.unchanged}</strong>
            </li>
            <li>
              {t('program:diff.budget')}: {formatMoney(d.diff.budgetBeforeTyiyn, lang)} → {formatMoney(d.diff.budgetAfterTyiyn, lang)} (
              <strong>{signed(d.diff.budgetDeltaTyiyn, lang)}</strong>)
            </li>
          </ul>
          <TableWrap label={t('program:diff.title')}>
            <table className="diff-table">
              <thead>
                <tr>
                  <th scope="col">{t('program:diff.change')}</th>
                  <th scope="col">{label(d.from)}</th>
                  <th scope="col">{label(d.to)}</th>
                  <th scope="col" className="num">{t('program:diff.delta')}</th>
                </tr>
              </thead>
              <tbody>
                {d.diff.added.map((l) => (
                  <tr key={`a${l.lineNo}`} className="diff-added">
                    <td>{t('program:diff.added')}</td>
                    <td />
                    <td>
                      №{l.lineNo} {l.service} · {l.territories} · {formatMoney(l.budgetTyiyn, lang)}
                    </td>
                    <td className="num">{signed(l.budgetTyiyn, lang)}</td>
                  </tr>
                ))}
                {d.diff.removed.map((l) => (
                  <tr key={`r${l.lineNo}`} className="diff-removed">
                    <td>{t('program:diff.removed')}</td>
                    <td>
                      №{l.lineNo} {l.service} · {l.territories} · {formatMoney(l.budgetTyiyn, lang)}
                    </td>
                    <td />
                    <td className="num">{signed(-l.budgetTyiyn, lang)}</td>
                  </tr>
                ))}
                {d.diff.changed.map((c) => (
                  <tr key={`c${c.after.lineNo}`} className="diff-changed">
                    <td>
                      {t('program:diff.changed')}: {c.fields.map((f) => t(`program:diff.fields.${f}`)).join(', ')}
                    </td>
                    <td>
                      №{c.before.lineNo} {c.before.service} · {c.before.territories} · {formatMoney(c.before.budgetTyiyn, lang)}
                    </td>
                    <td>
                      №{c.after.lineNo} {c.after.service} · {c.after.territories} · {formatMoney(c.after.budgetTyiyn, lang)}
                    </td>
                    <td className="num">{signed(c.delta, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('program:history.title')}</h2>
        {d.history.length === 0 ? (
          <p className="empty-state">{t('program:history.empty')}</p>
        ) : (
          <TableWrap label={t('program:history.title')}>
            <table data-testid="history">
              <thead>
                <tr>
                  <th scope="col">{t('program:history.when')}</th>
                  <th scope="col">{t('program:history.who')}</th>
                  <th scope="col">{t('program:history.what')}</th>
                  <th scope="col">{t('program:history.note')}</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <td>{h.at}</td>
                    <td>{h.who}</td>
                    <td>{t(`program:auditActions.${h.action}`)}</td>
                    <td>{h.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </section>
  );
}
