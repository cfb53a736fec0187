import { Form, Link } from '@remix-run/react';
import { defaultCriteria, formatDate, formatMoney, formatNumber, formatPercent, localName, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import { CsrfInput, Field, type FormState } from './forms.tsx';
import { TableWrap } from './table-wrap.tsx';

// Issue #9: the lot's content on the create form and the competition page; the application's plan,
// budget, indicators and attachments (the NGO's form, the read-only view, the reviewers' view).

/** The lot's content fields of the create form: tasks, problem, period, co-funding, lists, criteria. */
export function LotFields({ state }: { state?: FormState | null }) {
  const t = useT();
  return (
    <>
      <Field name="tasks" label={t('competition:content.lot.tasks')} as="textarea" state={state} hint={t('competition:content.lot.listHint')} />
      <Field name="problem" label={t('competition:content.lot.problem')} as="textarea" state={state} hint={t('competition:content.lot.problemHint')} />
      <Field name="projectStart" label={t('competition:content.lot.projectStart')} type="date" state={state} />
      <Field name="projectEnd" label={t('competition:content.lot.projectEnd')} type="date" state={state} />
      <Field name="minCofundingPct" label={t('competition:content.lot.minCofundingPct')} inputMode="numeric" state={state} defaultValue="0" />
      <Field name="eligibility" label={t('competition:content.lot.eligibility')} as="textarea" state={state} hint={t('competition:content.lot.listHint')} />
      <Field name="requiredDocuments" label={t('competition:content.lot.requiredDocuments')} as="textarea" state={state} hint={t('competition:content.lot.listHint')} />
      <fieldset>
        <legend>{t('competition:content.lot.criteriaTitle')}</legend>
        <TableWrap label={t('competition:content.lot.criteriaTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('competition:fields.criteria')}</th>
                <th scope="col">{t('competition:content.lot.weight')}</th>
                <th scope="col">{t('competition:content.lot.maxPoints')}</th>
              </tr>
            </thead>
            <tbody>
              {defaultCriteria.map((c) => (
                <tr key={c.code}>
                  <th scope="row">{t(`competition:criteria.${c.code}`)}</th>
                  {(['weight', 'max'] as const).map((k) => {
                    const name = `${k}_${c.code}`;
                    const error = state?.errors?.[name];
                    return (
                      <td key={k}>
                        <input
                          id={`field-${name}`}
                          name={name}
                          inputMode="numeric"
                          size={4}
                          aria-label={`${t(`competition:criteria.${c.code}`)}: ${t(k === 'weight' ? 'competition:content.lot.weight' : 'competition:content.lot.maxPoints')}`}
                          aria-invalid={error ? true : undefined}
                          defaultValue={state?.values?.[name] ?? String(k === 'weight' ? c.weight : c.maxPoints)}
                        />
                        {error ? <span className="error-message"> {t(error)}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </fieldset>
    </>
  );
}

export interface LotView {
  tasks: string;
  problem: string;
  projectStart: string | null;
  projectEnd: string | null;
  minCofundingPct: number;
  eligibility: string[];
  requiredDocuments: string[];
  lines: {
    id: string;
    line_no: number;
    service_code: string;
    budget_tyiyn: number;
    targetGroups: string[];
    territories: string[];
    assessment_id: string | null;
    priority_title: string | null;
    priority_rank: number | null;
  }[];
}

/** The lot on the competition page: its lines (service, target groups, territories, budget, priority) and terms. */
export function LotFacts({ lot }: { lot: LotView }) {
  const t = useT();
  const lang = useLang();
  const none = <span className="hint">{t('competition:content.lot.none')}</span>;
  return (
    <>
      <h2>{t('competition:content.lot.lines')}</h2>
      <TableWrap label={t('competition:content.lot.linesTable')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('competition:fields.line')}</th>
              <th scope="col">{t('competition:fields.service')}</th>
              <th scope="col">{t('competition:content.lot.targetGroups')}</th>
              <th scope="col">{t('competition:content.lot.territories')}</th>
              <th scope="col" className="num">
                {t('competition:fields.lotBudget')}
              </th>
              <th scope="col">{t('competition:content.lot.priority')}</th>
            </tr>
          </thead>
          <tbody>
            {lot.lines.map((l) => (
              <tr key={l.id}>
                <td>№ {l.line_no}</td>
                <td>{l.service_code}</td>
                <td>{l.targetGroups.join(', ') || none}</td>
                <td>{l.territories.join(', ') || none}</td>
                <td className="num">{formatMoney(l.budget_tyiyn, lang)}</td>
                <td>
                  {l.assessment_id && l.priority_title ? (
                    <Link to={`/assessments/${l.assessment_id}`}>{t('competition:content.lot.priorityLine', { rank: l.priority_rank ?? '—', title: l.priority_title })}</Link>
                  ) : (
                    none
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <dl className="facts">
        <dt>{t('competition:content.lot.problem')}</dt>
        <dd>{lot.problem || none}</dd>
        <dt>{t('competition:content.lot.tasks')}</dt>
        <dd>{lot.tasks ? <Lines text={lot.tasks} /> : none}</dd>
        <dt>{t('competition:content.lot.projectPeriod')}</dt>
        <dd>{lot.projectStart && lot.projectEnd ? `${formatDate(lot.projectStart)} — ${formatDate(lot.projectEnd)}` : none}</dd>
        <dt>{t('competition:content.lot.minCofundingPct')}</dt>
        <dd>{formatPercent(lot.minCofundingPct, lang, 0)}</dd>
        <dt>{t('competition:content.lot.eligibility')}</dt>
        <dd>{lot.eligibility.length ? <ul>{lot.eligibility.map((e, i) => <li key={i}>{e}</li>)}</ul> : none}</dd>
        <dt>{t('competition:content.lot.requiredDocuments')}</dt>
        <dd>{lot.requiredDocuments.length ? <ul>{lot.requiredDocuments.map((e, i) => <li key={i}>{e}</li>)}</ul> : none}</dd>
      </dl>
    </>
  );
}

function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  return lines.length > 1 ? <ul>{lines.map((l, i) => <li key={i}>{l}</li>)}</ul> : <>{text}</>;
}

export interface ContentView {
  activities: { name: string; startsOn: string; endsOn: string }[];
  budget: { item: string; requested: number; own: number; other: number }[];
  indicators: { programIndicatorId: string | null; name: string; unit: string; baseline: number; target: number }[];
  totals: { requested: number; own: number; other: number; cofunding: number; total: number; cofundingPct: number };
}

/** Plan, budget and indicators read-only (the customer, the NGO after submitting, the reviewers). */
export function ContentTables({ content, idPrefix }: { content: ContentView; idPrefix: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h3 id={`${idPrefix}-plan`}>{t('competition:content.application.plan')}</h3>
      <TableWrap label={t('competition:content.application.plan')}>
        <table aria-labelledby={`${idPrefix}-plan`}>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.activity')}</th>
              <th scope="col">{t('competition:content.application.start')}</th>
              <th scope="col">{t('competition:content.application.end')}</th>
            </tr>
          </thead>
          <tbody>
            {content.activities.map((a, i) => (
              <tr key={i}>
                <td>{a.name}</td>
                <td>{formatDate(a.startsOn)}</td>
                <td>{formatDate(a.endsOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h3 id={`${idPrefix}-budget`}>{t('competition:content.application.budget')}</h3>
      <TableWrap label={t('competition:content.application.budget')}>
        <table aria-labelledby={`${idPrefix}-budget`}>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.item')}</th>
              <th scope="col" className="num">{t('competition:content.application.requested')}</th>
              <th scope="col" className="num">{t('competition:content.application.own')}</th>
              <th scope="col" className="num">{t('competition:content.application.other')}</th>
            </tr>
          </thead>
          <tbody>
            {content.budget.map((b, i) => (
              <tr key={i}>
                <td>{b.item}</td>
                <td className="num">{formatMoney(b.requested, lang)}</td>
                <td className="num">{formatMoney(b.own, lang)}</td>
                <td className="num">{formatMoney(b.other, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>{t('competition:content.application.totals', { requested: formatMoney(content.totals.requested, lang), cofunding: formatMoney(content.totals.cofunding, lang), share: formatPercent(content.totals.cofundingPct, lang, 2) })}</p>
      <h3 id={`${idPrefix}-indicators`}>{t('competition:content.application.indicators')}</h3>
      <TableWrap label={t('competition:content.application.indicators')}>
        <table aria-labelledby={`${idPrefix}-indicators`}>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.name')}</th>
              <th scope="col">{t('competition:content.application.unit')}</th>
              <th scope="col" className="num">{t('competition:content.application.baseline')}</th>
              <th scope="col" className="num">{t('competition:content.application.target')}</th>
            </tr>
          </thead>
          <tbody>
            {content.indicators.map((k, i) => (
              <tr key={i}>
                <td>{k.name}</td>
                <td>{k.unit}</td>
                <td className="num">{formatNumber(k.baseline, lang)}</td>
                <td className="num">{formatNumber(k.target, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export type ContentFormState = (FormState & { rows?: Record<string, string[]>; message?: string }) | null | undefined;

/** Fields of one row kind: the form's repeated field names. */
const ROW_FIELDS = {
  activities: ['activityName', 'activityStart', 'activityEnd'],
  budget: ['budgetItem', 'budgetRequested', 'budgetOwn', 'budgetOther'],
  indicators: ['indicatorCatalogue', 'indicatorName', 'indicatorUnit', 'indicatorBaseline', 'indicatorTarget'],
} as const;
/** Error path segment (applicationContentSchema) of each field. */
const ERROR_KEY: Record<string, string> = {
  activityName: 'name',
  activityStart: 'startsOn',
  activityEnd: 'endsOn',
  budgetItem: 'item',
  budgetRequested: 'requested',
  budgetOwn: 'own',
  budgetOther: 'other',
  indicatorCatalogue: 'programIndicatorId',
  indicatorName: 'name',
  indicatorUnit: 'unit',
  indicatorBaseline: 'baseline',
  indicatorTarget: 'target',
};

/**
 * The NGO's plan, budget and indicators form: saved rows, the rows it typed (after a refusal) and
 * blank rows to add more. Blank rows are dropped on save.
 */
export function ContentForm({
  content,
  catalogue,
  state,
  lot,
}: {
  content: ContentView;
  catalogue: { id: string; code: string; name_ky: string; name_ru: string; name_en: string; unit: string }[];
  state: ContentFormState;
  lot: { max: number; minCofundingPct: number };
}) {
  const t = useT();
  const lang = useLang();
  const som = (v: number) => (v ? formatNumber(v / 100, lang) : '');
  const saved: Record<keyof typeof ROW_FIELDS, string[][]> = {
    activities: content.activities.map((a) => [a.name, a.startsOn, a.endsOn]),
    budget: content.budget.map((b) => [b.item, som(b.requested), som(b.own), som(b.other)]),
    indicators: content.indicators.map((k) => [k.programIndicatorId ?? '', k.programIndicatorId ? '' : k.name, k.programIndicatorId ? '' : k.unit, formatNumber(k.baseline, lang), formatNumber(k.target, lang)]),
  };
  const rowsOf = (kind: keyof typeof ROW_FIELDS, blank: number): string[][] => {
    const typed = state?.rows;
    const base = typed ? (() => {
      const cols = ROW_FIELDS[kind].map((f) => typed[f] ?? []);
      const n = Math.max(0, ...cols.map((c) => c.length));
      return Array.from({ length: n }, (_, i) => cols.map((c) => c[i] ?? '')).filter((r) => r.some((v, j) => v !== '' && !(kind === 'indicators' && j === 0)));
    })() : saved[kind];
    return [...base, ...Array.from({ length: blank }, () => ROW_FIELDS[kind].map(() => ''))];
  };
  const cell = (kind: keyof typeof ROW_FIELDS, field: string, i: number, value: string, label: string, type = 'text') => {
    const error = state?.errors?.[`${kind}.${i}.${ERROR_KEY[field]}`];
    return (
      <td>
        <input
          id={`field-${kind}.${i}.${ERROR_KEY[field]}`}
          name={field}
          type={type}
          defaultValue={value}
          aria-label={`${label} ${i + 1}`}
          aria-invalid={error ? true : undefined}
          inputMode={/Requested|Own|Other|Baseline|Target/.test(field) ? 'decimal' : undefined}
          maxLength={500}
        />
        {error ? <span className="error-message"> {t(error)}</span> : null}
      </td>
    );
  };
  return (
    <Form method="post" className="card" noValidate>
      <CsrfInput />
      <h2>{t('competition:content.application.contentTitle')}</h2>
      <p className="hint">{t('competition:content.application.contentHint')}</p>
      <p>{t('competition:content.application.terms', { max: formatMoney(lot.max, lang), min: formatPercent(lot.minCofundingPct, lang, 0) })}</p>
      <h3>{t('competition:content.application.plan')}</h3>
      <TableWrap label={t('competition:content.application.plan')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.activity')}</th>
              <th scope="col">{t('competition:content.application.start')}</th>
              <th scope="col">{t('competition:content.application.end')}</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf('activities', 2).map((r, i) => (
              <tr key={i}>
                {cell('activities', 'activityName', i, r[0]!, t('competition:content.application.activity'))}
                {cell('activities', 'activityStart', i, r[1]!, t('competition:content.application.start'), 'date')}
                {cell('activities', 'activityEnd', i, r[2]!, t('competition:content.application.end'), 'date')}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h3>{t('competition:content.application.budget')}</h3>
      <TableWrap label={t('competition:content.application.budget')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.item')}</th>
              <th scope="col">{t('competition:content.application.requested')}</th>
              <th scope="col">{t('competition:content.application.own')}</th>
              <th scope="col">{t('competition:content.application.other')}</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf('budget', 2).map((r, i) => (
              <tr key={i}>
                {cell('budget', 'budgetItem', i, r[0]!, t('competition:content.application.item'))}
                {cell('budget', 'budgetRequested', i, r[1]!, t('competition:content.application.requested'))}
                {cell('budget', 'budgetOwn', i, r[2]!, t('competition:content.application.own'))}
                {cell('budget', 'budgetOther', i, r[3]!, t('competition:content.application.other'))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {content.budget.length ? <p>{t('competition:content.application.totals', { requested: formatMoney(content.totals.requested, lang), cofunding: formatMoney(content.totals.cofunding, lang), share: formatPercent(content.totals.cofundingPct, lang, 2) })}</p> : null}
      <h3>{t('competition:content.application.indicators')}</h3>
      <TableWrap label={t('competition:content.application.indicators')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('competition:content.application.catalogue')}</th>
              <th scope="col">{t('competition:content.application.name')}</th>
              <th scope="col">{t('competition:content.application.unit')}</th>
              <th scope="col">{t('competition:content.application.baseline')}</th>
              <th scope="col">{t('competition:content.application.target')}</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf('indicators', 2).map((r, i) => (
              <tr key={i}>
                <td>
                  <select name="indicatorCatalogue" id={`field-indicators.${i}.programIndicatorId`} defaultValue={r[0]} aria-label={`${t('competition:content.application.catalogue')} ${i + 1}`}>
                    <option value="">{t('competition:content.application.newIndicator')}</option>
                    {catalogue.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.code}: {localName(k, lang)} ({k.unit})
                      </option>
                    ))}
                  </select>
                </td>
                {cell('indicators', 'indicatorName', i, r[1]!, t('competition:content.application.name'))}
                {cell('indicators', 'indicatorUnit', i, r[2]!, t('competition:content.application.unit'))}
                {cell('indicators', 'indicatorBaseline', i, r[3]!, t('competition:content.application.baseline'))}
                {cell('indicators', 'indicatorTarget', i, r[4]!, t('competition:content.application.target'))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <button type="submit" name="intent" value="content" className="primary">
        {t('competition:content.application.save')}
      </button>
    </Form>
  );
}

export interface AttachmentRow {
  id: string;
  fileName: string;
  sizeBytes: number;
  contentType: string;
  forReviewers: boolean;
  stripped: boolean;
  anonymised: boolean;
}

/**
 * The application's attachments: download links (original), whether reviewers get them; the NGO
 * attaches and removes while it edits; the secretary marks an attachment anonymised.
 */
export function Attachments({
  base,
  rows,
  canEdit,
  canMark,
  notice,
}: {
  base: string;
  rows: AttachmentRow[];
  canEdit: boolean;
  canMark: boolean;
  notice: string | null;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="attachments">
      <h2 id="attachments">{t('competition:content.application.attachments')}</h2>
      {notice ? (
        <p className={notice === 'added' || notice === 'removed' || notice === 'marked' ? 'hint' : 'error-summary'} role="status">
          {notice === 'added' || notice === 'removed' || notice === 'marked'
            ? t(`competition:content.application.notice.${notice}`)
            : t(`competition:content.errors.${notice}`, { mb: MAX_ATTACHMENT_BYTES / 1048576, max: MAX_ATTACHMENTS })}
        </p>
      ) : null}
      {rows.length === 0 ? <p className="empty-state">{t('competition:content.application.none')}</p> : null}
      {rows.length ? (
        <TableWrap label={t('competition:content.application.attachmentsTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('competition:content.application.file')}</th>
                <th scope="col" className="num">
                  {t('competition:content.application.size')}
                </th>
                <th scope="col">{t('competition:content.application.reviewers')}</th>
                {canEdit || canMark ? <th scope="col">{t('competition:content.application.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`${base}/attachments?id=${r.id}`} download>
                      {r.fileName}
                    </a>
                  </td>
                  <td className="num">{formatNumber(Math.max(1, Math.round(r.sizeBytes / 1024)), lang)} KB</td>
                  <td>{r.stripped ? t('competition:content.application.forReviewers') : r.anonymised ? t('competition:content.application.anonymised') : t('competition:content.application.notForReviewers')}</td>
                  {canEdit || canMark ? (
                    <td>
                      <Form method="post" action={`${base}/attachments`}>
                        <CsrfInput />
                        <input type="hidden" name="id" value={r.id} />
                        {canEdit ? (
                          <button type="submit" name="intent" value="remove">
                            {t('competition:content.application.remove')}
                          </button>
                        ) : null}
                        {canMark && !r.stripped && !r.anonymised ? (
                          <button type="submit" name="intent" value="anonymised">
                            {t('competition:content.application.markAnonymised')}
                          </button>
                        ) : null}
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {canEdit ? (
        <Form method="post" action={`${base}/attachments`} encType="multipart/form-data">
          <CsrfInput />
          <p className="hint" id="attach-hint">
            {t('competition:content.application.attachHint', { mb: MAX_ATTACHMENT_BYTES / 1048576, max: MAX_ATTACHMENTS })}
          </p>
          <label htmlFor="attach-file">{t('competition:content.application.file')}</label>{' '}
          <input id="attach-file" type="file" name="file" accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp" aria-describedby="attach-hint" />{' '}
          <button type="submit" name="intent" value="attach">
            {t('competition:content.application.attach')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** What a reviewer reads besides the project text: tasks, plan, budget, indicators, stripped attachments. */
export function ReviewContent({ competitionId, sheetId, review }: { competitionId: string; sheetId: string; review: (ContentView & { tasks: string; attachments: { id: string; name: string }[] }) | undefined }) {
  const t = useT();
  if (!review) return null;
  return (
    <>
      {review.tasks ? (
        <dl className="facts">
          <dt>{t('competition:content.application.tasks')}</dt>
          <dd>
            <Lines text={review.tasks} />
          </dd>
        </dl>
      ) : null}
      <ContentTables content={review} idPrefix={`review-${sheetId}`} />
      {review.attachments.length ? (
        <>
          <h3>{t('competition:content.review.attachments')}</h3>
          <ul>
            {review.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/competitions/${competitionId}/scoring/attachments/${a.id}`} download>
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
