import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLoaderData } from '@remix-run/react';
import {
  choicesOf,
  isLikert,
  isYesNo,
  localName,
  respondentAgeGroups,
  respondentSexes,
  relevantQuestions,
  unsupportedRules,
  validateAnswers,
  type Labels,
  type Language,
  type Question,
  type Questionnaire,
} from '@kamkor/domain';
import { getDb, loadFieldForm } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { useRootData } from '../root.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { enqueue, listQueue, newClientId, removeQueued, saveForm, updateQueued, type QueuedResponse } from '../utils/field-device.client.ts';
import { useFieldQueue } from '../utils/use-field-queue.ts';
import { FieldCheckMessages, FieldQueueStatus } from '../components/field-queue-status.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const form = await loadFieldForm(await getDb(), user, params.formId ?? '');
  return {
    userId: user.userId,
    formId: form.formId,
    title: form.title,
    versionNo: form.versionNo,
    definition: form.definition,
    projects: form.projects.map((p) => ({
      id: p.id,
      code: p.code,
      name_ky: p.name_ky,
      name_ru: p.name_ru,
      name_en: p.name_en,
      territories: p.territories.map((t) => ({ soate: t.soate, name_ky: t.name_ky, name_ru: t.name_ru, name_en: t.name_en })),
      visits: p.visits.map((v) => ({ visitNo: v.visit_no, date: String(v.visit_date ?? v.planned_date) })),
    })),
  };
});

type Values = Record<string, string | string[]>;

function labelIn(labels: Labels, lang: Language): string {
  return labels[lang] || labels.und || labels.ru || labels.ky || labels.en || '';
}

/** The raw values as answers (empty ones left out), for the show-if conditions and the check. */
function answersOf(values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (Array.isArray(v) ? v.length : v.trim() !== '') out[k] = v;
  return out;
}

export default function FieldForm() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  const t = useT();
  const lang = useLang();
  const q = data.definition as Questionnaire;
  const [projectId, setProjectId] = useState(data.projects[0]?.id ?? '');
  const project = data.projects.find((p) => p.id === projectId) ?? data.projects[0]!;
  const [visitNo, setVisitNo] = useState('');
  const [soate, setSoate] = useState(project.territories[0]?.soate ?? '');
  const [sex, setSex] = useState('');
  const [ageGroup, setAgeGroup] = useState('');
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [flash, setFlash] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);
  const listResponses = useCallback(() => listQueue(data.userId, data.formId), [data.userId, data.formId]);
  const { queue, sent, online, ready, keptOffline, refresh, sync } = useFieldQueue<QueuedResponse>({
    list: listResponses,
    update: updateQueued,
    remove: removeQueued,
    url: `/field/${encodeURIComponent(data.formId)}/responses`,
    csrf: root?.csrf ?? '',
  });
  // The form itself is kept on the phone, so it opens offline next time.
  useEffect(() => {
    void saveForm(data.userId, data.formId, data).catch(() => undefined);
  }, [data]);

  const given = answersOf(values);
  const shown = relevantQuestions(q, validateAnswers(q, given).answers);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFlash(null);
    const checked = validateAnswers(q, given);
    const next: Record<string, string> = {};
    if (!checked.ok) for (const err of checked.errors) next[err.name] ??= t(err.messageKey, err.params);
    if (!soate) next.__territory = t('errors.required');
    setErrors(next);
    if (Object.keys(next).length) {
      document.getElementById('field-errors')?.focus();
      return;
    }
    const clientId = newClientId();
    await enqueue({
      clientId,
      userId: data.userId,
      formId: data.formId,
      createdAt: new Date().toISOString(),
      state: 'waiting',
      payload: {
        clientId,
        formId: data.formId,
        versionNo: data.versionNo,
        projectId: project.id,
        visitNo: visitNo ? Number(visitNo) : null,
        adminUnitSoate: soate,
        sex: sex === 'f' || sex === 'm' ? sex : null,
        ageGroup: ageGroup || null,
        answers: checked.ok ? checked.answers : {},
        language: lang,
        answeredAt: new Date().toISOString(),
      },
    });
    if (replacing) await removeQueued(replacing);
    setReplacing(null);
    setValues({});
    setSex('');
    setAgeGroup('');
    setFlash(t('survey:field.kept'));
    await refresh();
    if (navigator.onLine) await sync();
  };

  const putBack = (item: QueuedResponse) => {
    const v: Values = {};
    for (const [k, val] of Object.entries(item.payload.answers)) v[k] = Array.isArray(val) ? val : String(val);
    setValues(v);
    if (data.projects.some((p) => p.id === item.payload.projectId)) setProjectId(item.payload.projectId);
    setSoate(item.payload.adminUnitSoate);
    setSex(item.payload.sex ?? '');
    setAgeGroup(item.payload.ageGroup ?? '');
    setVisitNo('');
    setReplacing(item.clientId);
    document.getElementById('field-form')?.scrollIntoView();
  };

  const waiting = queue.filter((i) => i.state === 'waiting');
  const stuck = queue.filter((i) => i.state !== 'waiting');
  const questionLabel = useMemo(() => new Map(q.questions.map((x) => [x.name, labelIn(x.label, lang) || x.name])), [q, lang]);
  const errorList = Object.entries(errors);

  return (
    <section className="field-page" data-ready={ready ? 'true' : undefined}>
      <p className="eyebrow">
        <Link to={`/monitoring/questionnaires/${encodeURIComponent(data.formId)}/summary`}>{t('survey:summary.title')}</Link>
      </p>
      <h1>{data.title}</h1>
      <p className="hint">
        {t('survey:field.version', { version: data.versionNo })} · {online ? t('survey:field.online') : t('survey:field.offline')}
      </p>
      {unsupportedRules(q).length ? (
        <p className="hint" role="note">
          {t('survey:field.unsupportedRules', { questions: unsupportedRules(q).map((r) => questionLabel.get(r.name) ?? r.name).join(', ') })}
        </p>
      ) : null}
      <noscript>
        <p className="error-summary">{t('survey:field.needsScript')}</p>
      </noscript>

      <FieldQueueStatus
        idPrefix="field"
        title={t('survey:field.queueTitle')}
        waitingText={t('survey:field.waiting', { count: waiting.length })}
        sentText={sent ? t('survey:field.sent', { count: sent }) : null}
        sendNowLabel={waiting.length && online ? t('survey:field.sendNow') : null}
        onSendNow={() => void sync()}
        keptOffline={keptOffline}
        keptText={t(`common:fieldDevice.${keptOffline}`)}
        problems={stuck.map((item) => ({
          id: item.clientId,
          reason: item.state === 'conflict' ? t(`survey:field.conflict.${item.conflict ?? 'version_changed'}`) : item.state === 'invalid' ? t('survey:field.invalid') : t('survey:field.refused'),
          entries: Object.entries(item.payload.answers).map(([k, v]) => ({ key: k, label: questionLabel.get(k) ?? k, value: Array.isArray(v) ? v.join(', ') : String(v) })),
          actions: (
            <>
              <button type="button" onClick={() => putBack(item)}>
                {t('survey:field.putBack')}
              </button>
              {item.conflict === 'version_changed' ? (
                <a className="button" href={`/field/${encodeURIComponent(data.formId)}`}>
                  {t('survey:field.reload')}
                </a>
              ) : null}
            </>
          ),
        }))}
      />

      <FieldCheckMessages
        flash={flash}
        id="field-errors"
        intro={t('survey:field.fix')}
        errors={errorList.map(([name, message]) => ({
          name,
          href: `#q-${name}`,
          label: name === '__territory' ? t('survey:fields.territory') : questionLabel.get(name) ?? name,
          message,
        }))}
      />

      <form id="field-form" className="field-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="card">
          <legend>{t('survey:field.context')}</legend>
          <div className="field">
            <label htmlFor="f-project">{t('survey:fields.project')}</label>
            <select
              id="f-project"
              value={project.id}
              onChange={(e) => {
                const p = data.projects.find((x) => x.id === e.target.value);
                setProjectId(e.target.value);
                setSoate(p?.territories[0]?.soate ?? '');
                setVisitNo('');
              }}
            >
              {data.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} · {localName(p, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-visit">{t('survey:fields.visit')}</label>
            <select id="f-visit" value={visitNo} onChange={(e) => setVisitNo(e.target.value)}>
              <option value="">{t('survey:fields.noVisit')}</option>
              {project.visits.map((v) => (
                <option key={v.visitNo} value={v.visitNo}>
                  {t('survey:fields.visitNo', { no: v.visitNo })}
                </option>
              ))}
            </select>
          </div>
          <div className="field" id="q-__territory">
            <label htmlFor="f-territory">{t('survey:fields.territory')}</label>
            <select id="f-territory" value={soate} onChange={(e) => setSoate(e.target.value)}>
              {project.territories.map((u) => (
                <option key={u.soate} value={u.soate}>
                  {localName(u, lang)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="choice-row">
            <legend>{t('survey:fields.sex')}</legend>
            {respondentSexes.map((s) => (
              <label key={s}>
                <input type="radio" name="f-sex" value={s} checked={sex === s} onChange={() => setSex(s)} /> {t(`survey:sex.${s}`)}
              </label>
            ))}
            <label>
              <input type="radio" name="f-sex" value="" checked={sex === ''} onChange={() => setSex('')} /> {t('survey:summary.notGiven')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="f-age">{t('survey:fields.ageGroup')}</label>
            <select id="f-age" value={ageGroup} onChange={(e) => setAgeGroup(e.target.value)}>
              <option value="">{t('survey:summary.notGiven')}</option>
              {respondentAgeGroups.map((g) => (
                <option key={g} value={g}>
                  {t(`survey:ageGroups.${g}`)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <Questions q={q} shown={shown} values={values} setValues={setValues} errors={errors} lang={lang} />
        <button type="submit" className="primary">
          {t('survey:field.save')}
        </button>
      </form>
      <p className="hint">{t('survey:field.privacy')}</p>
    </section>
  );
}

/** The questions in order, groups as fieldsets, hidden ones (show-if false) left out. */
function Questions({ q, shown, values, setValues, errors, lang }: { q: Questionnaire; shown: Set<string>; values: Values; setValues: (f: (v: Values) => Values) => void; errors: Record<string, string>; lang: Language }) {
  type Node = { question: Question; children: Node[] };
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const question of q.questions) {
    if (question.type === 'end_group') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const node: Node = { question, children: [] };
    stack[stack.length - 1]!.push(node);
    if (question.type === 'begin_group') stack.push(node.children);
  }
  const render = (nodes: Node[]): React.ReactNode =>
    nodes.map((n, i) => {
      const x = n.question;
      if (!shown.has(x.name)) return null;
      if (x.type === 'begin_group')
        return (
          <fieldset key={`${x.name}-${i}`} className="card question-group">
            <legend>{labelIn(x.label, lang) || x.name}</legend>
            {render(n.children)}
          </fieldset>
        );
      return <QuestionField key={x.name} q={q} question={x} value={values[x.name]} error={errors[x.name]} lang={lang} onChange={(v) => setValues((prev) => ({ ...prev, [x.name]: v }))} />;
    });
  return <>{render(root)}</>;
}

function QuestionField({ q, question, value, error, lang, onChange }: { q: Questionnaire; question: Question; value: string | string[] | undefined; error?: string; lang: Language; onChange: (v: string | string[]) => void }) {
  const t = useT();
  const id = `q-${question.name}`;
  const label = labelIn(question.label, lang) || question.name;
  const hint = labelIn(question.hint, lang);
  const required = question.required ? <span aria-hidden="true"> *</span> : null;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const extra = (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
  if (question.type === 'note')
    return (
      <p className="note" id={id}>
        {label}
      </p>
    );
  if (question.type === 'select_one' || question.type === 'select_multiple') {
    const multiple = question.type === 'select_multiple';
    const list = choicesOf(q, question);
    const cls = isLikert(q, question) ? 'choice-row likert' : isYesNo(q, question) ? 'choice-row yes-no' : 'choice-list';
    const current = Array.isArray(value) ? value : value ? [value] : [];
    return (
      <fieldset className={`question ${cls}`} id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend>
          {label}
          {required}
        </legend>
        {list.map((c) => (
          <label key={c.name}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={question.name}
              value={c.name}
              checked={current.includes(c.name)}
              onChange={(e) => onChange(multiple ? (e.target.checked ? [...current, c.name] : current.filter((x) => x !== c.name)) : c.name)}
            />{' '}
            {labelIn(c.label, lang) || c.name}
          </label>
        ))}
        {extra}
      </fieldset>
    );
  }
  const common = {
    id: `${id}-input`,
    name: question.name,
    value: typeof value === 'string' ? value : '',
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className="field question" id={id}>
      <label htmlFor={`${id}-input`}>
        {label}
        {required}
      </label>
      {question.type === 'text' ? (
        <textarea {...common} rows={2} maxLength={2000} />
      ) : question.type === 'date' ? (
        <input {...common} type="date" />
      ) : (
        <input {...common} inputMode={question.type === 'integer' ? 'numeric' : 'decimal'} autoComplete="off" placeholder={question.type === 'decimal' ? '0,0' : undefined} />
      )}
      {extra}
      {question.type === 'text' && value && typeof value === 'string' && value.length > 1900 ? <p className="hint">{t('survey:field.long')}</p> : null}
    </div>
  );
}

