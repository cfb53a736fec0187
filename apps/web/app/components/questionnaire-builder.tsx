import { useState } from 'react';
import { Form } from '@remix-run/react';
import {
  BUILDER_LIMITS,
  builderLanguages,
  builderTypes,
  builderChoicesOf,
  likertChoices,
  newBuilderGroup,
  newBuilderQuestion,
  yesNoChoices,
  type BuilderForm,
  type BuilderGroup,
  type BuilderItem,
  type BuilderQuestion,
  type Language,
} from '@kamkor/domain';
import { CsrfInput } from './forms.tsx';
import { useLang, useT } from '../i18n.ts';

export type BuilderErrors = { path: string; messageKey: string }[];

const choiceTypes = new Set(['select_one', 'select_multiple', 'yes_no', 'likert']);

/** A unique name `q<n>` / `g<n>` not used yet in the form. */
function freshName(form: BuilderForm, prefix: string): string {
  const used = new Set(form.items.flatMap((i) => (i.kind === 'group' ? [i.name, ...i.items.map((q) => q.name)] : [i.name])));
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/**
 * The questionnaire builder: the form lives in React state and is posted as JSON (`definition`), which
 * the server checks with the domain's builderSchema. Show-if conditions can only name an earlier
 * choice question and one of its choices; errors come back by path and are shown next to the fields.
 */
export function QuestionnaireBuilder({ initial, errors, formIdLocked }: { initial: BuilderForm; errors: BuilderErrors; formIdLocked: boolean }) {
  const t = useT();
  const lang = useLang() as Language;
  const [form, setForm] = useState<BuilderForm>(initial);
  const errorAt = (path: string) => errors.find((e) => e.path === path)?.messageKey;
  const update = (f: (draft: BuilderForm) => void) =>
    setForm((prev) => {
      const next = structuredClone(prev);
      f(next);
      return next;
    });
  const total = form.items.reduce((n, i) => n + (i.kind === 'group' ? i.items.length : 1), 0);

  /** Earlier choice questions (in form order) before the item at `path`. */
  const earlierChoiceQuestions = (stop: BuilderItem): BuilderQuestion[] => {
    const out: BuilderQuestion[] = [];
    for (const item of form.items) {
      if (item === stop) return out;
      if (item.kind === 'group') {
        for (const q of item.items) {
          if (q === stop) return out;
          if (choiceTypes.has(q.type)) out.push(q);
        }
      } else if (choiceTypes.has(item.type)) out.push(item);
    }
    return out;
  };
  const labelOf = (l: { ky: string; ru: string; en: string }, fallback: string) => l[lang] || l.ru || l.ky || l.en || fallback;

  const fieldError = (path: string) => {
    const key = errorAt(path);
    return key ? (
      <p className="error-message" id={`err-${path}`}>
        {t(key)}
      </p>
    ) : null;
  };
  const input = (path: string, label: string, value: string, onChange: (v: string) => void, opts: { maxLength?: number; inputMode?: 'decimal'; readOnly?: boolean } = {}) => (
    <div className={errorAt(path) ? 'field field-error' : 'field'}>
      <label htmlFor={`b-${path}`}>{label}</label>
      {fieldError(path)}
      <input
        id={`b-${path}`}
        value={value}
        maxLength={opts.maxLength}
        inputMode={opts.inputMode}
        readOnly={opts.readOnly}
        aria-invalid={errorAt(path) ? true : undefined}
        aria-describedby={errorAt(path) ? `err-${path}` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
  const labelInputs = (path: string, labels: { ky: string; ru: string; en: string }, set: (l: 'ky' | 'ru' | 'en', v: string) => void) => (
    <>
      {fieldError(`${path}.label`)}
      {builderLanguages.map((l) => (
        <div key={l}>{input(`${path}.label.${l}`, t('monitoring:builder.labelIn', { lang: t(`monitoring:builder.languages.${l}`) }), labels[l], (v) => set(l, v), { maxLength: BUILDER_LIMITS.label })}</div>
      ))}
    </>
  );
  const showIfEditor = (path: string, item: BuilderItem, get: (f: BuilderForm) => BuilderItem) => {
    const options = earlierChoiceQuestions(item);
    const target = options.find((q) => q.name === item.showIf?.question);
    return (
      <div className={errorAt(`${path}.showIf`) ? 'field field-error' : 'field'}>
        <label htmlFor={`b-${path}-showif`}>{t('monitoring:builder.showIf')}</label>
        {fieldError(`${path}.showIf`)}
        <select
          id={`b-${path}-showif`}
          value={item.showIf?.question ?? ''}
          onChange={(e) =>
            update((f) => {
              const q = options.find((o) => o.name === e.target.value);
              get(f).showIf = q ? { question: q.name, value: builderChoicesOf(q)[0]?.name ?? '' } : null;
            })
          }
        >
          <option value="">{t('monitoring:builder.always')}</option>
          {options.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name} — {labelOf(q.label, q.name)}
            </option>
          ))}
        </select>
        {target ? (
          <>
            <label htmlFor={`b-${path}-showif-value`}>{t('monitoring:builder.equals')}</label>
            <select id={`b-${path}-showif-value`} value={item.showIf?.value ?? ''} onChange={(e) => update((f) => void (get(f).showIf!.value = e.target.value))}>
              {builderChoicesOf(target).map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                  {'label' in c ? ` — ${labelOf({ ky: '', ru: '', en: '', ...(c as { label: Record<string, string> }).label }, c.name)}` : ''}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
    );
  };

  const questionEditor = (q: BuilderQuestion, path: string, get: (f: BuilderForm) => BuilderQuestion, remove: () => void, move: (d: -1 | 1) => void, n: string) => (
    <fieldset key={path} className="card builder-question">
      <legend>{t('monitoring:builder.question', { n })}</legend>
      {input(`${path}.name`, t('monitoring:builder.name'), q.name, (v) => update((f) => void (get(f).name = v)), { maxLength: BUILDER_LIMITS.name })}
      <div className="field">
        <label htmlFor={`b-${path}.type`}>{t('monitoring:builder.type')}</label>
        <select
          id={`b-${path}.type`}
          value={q.type}
          onChange={(e) =>
            update((f) => {
              const x = get(f);
              x.type = e.target.value as BuilderQuestion['type'];
              if ((x.type === 'select_one' || x.type === 'select_multiple') && x.choices.length === 0) x.choices = [{ name: 'a', label: { ky: '', ru: '', en: '' } }, { name: 'b', label: { ky: '', ru: '', en: '' } }];
              if (x.type !== 'integer' && x.type !== 'decimal') x.min = x.max = '';
            })
          }
        >
          {builderTypes.map((ty) => (
            <option key={ty} value={ty}>
              {t(`monitoring:builder.types.${ty}`)}
            </option>
          ))}
        </select>
      </div>
      {labelInputs(path, q.label, (l, v) => update((f) => void (get(f).label[l] = v)))}
      <div className="checkbox-group">
        <label>
          <input type="checkbox" checked={q.required} onChange={(e) => update((f) => void (get(f).required = e.target.checked))} /> {t('monitoring:builder.required')}
        </label>
      </div>
      {q.type === 'integer' || q.type === 'decimal' ? (
        <div className="inline-fields">
          {input(`${path}.min`, t('monitoring:builder.min'), q.min, (v) => update((f) => void (get(f).min = v)), { maxLength: 20, inputMode: 'decimal' })}
          {input(`${path}.max`, t('monitoring:builder.max'), q.max, (v) => update((f) => void (get(f).max = v)), { maxLength: 20, inputMode: 'decimal' })}
        </div>
      ) : null}
      {q.type === 'yes_no' || q.type === 'likert' ? (
        <p className="hint">{t('monitoring:builder.fixedChoices', { list: (q.type === 'yes_no' ? yesNoChoices : likertChoices).map((c) => c.label[lang] ?? c.name).join(' · ') })}</p>
      ) : null}
      {q.type === 'select_one' || q.type === 'select_multiple' ? (
        <fieldset className={errorAt(`${path}.choices`) ? 'field-error' : undefined}>
          <legend>{t('monitoring:builder.choices')}</legend>
          {fieldError(`${path}.choices`)}
          {q.choices.map((c, ci) => (
            <div key={ci} className="builder-choice">
              {input(`${path}.choices.${ci}.name`, `${t('monitoring:builder.choiceName')} ${ci + 1}`, c.name, (v) => update((f) => void (get(f).choices[ci]!.name = v)), { maxLength: BUILDER_LIMITS.name })}
              {labelInputs(`${path}.choices.${ci}`, c.label, (l, v) => update((f) => void (get(f).choices[ci]!.label[l] = v)))}
              <button type="button" onClick={() => update((f) => void get(f).choices.splice(ci, 1))}>
                {t('monitoring:builder.remove')}: {c.name || ci + 1}
              </button>
            </div>
          ))}
          {q.choices.length < BUILDER_LIMITS.choices ? (
            <button type="button" onClick={() => update((f) => void get(f).choices.push({ name: `c${get(f).choices.length + 1}`, label: { ky: '', ru: '', en: '' } }))}>
              {t('monitoring:builder.addChoice')}
            </button>
          ) : null}
        </fieldset>
      ) : null}
      {showIfEditor(path, q, get)}
      <div className="actions">
        <button type="button" onClick={() => move(-1)} aria-label={`${t('monitoring:builder.up')}: ${q.name}`}>
          ↑
        </button>
        <button type="button" onClick={() => move(1)} aria-label={`${t('monitoring:builder.down')}: ${q.name}`}>
          ↓
        </button>
        <button type="button" onClick={remove}>
          {t('monitoring:builder.remove')}: {q.name}
        </button>
      </div>
    </fieldset>
  );

  let counter = 0;
  return (
    <Form method="post" noValidate className="builder">
      <CsrfInput />
      <input type="hidden" name="definition" value={JSON.stringify(form)} />
      {errors.length ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{t('monitoring:builder.errorsTitle')}</p>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>
                <a href={`#b-${e.path}`}>{e.path === '_form' || e.path === 'items' ? '' : `${e.path}: `}</a>
                {t(e.messageKey)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {input('title', t('monitoring:builder.formTitle'), form.title, (v) => update((f) => void (f.title = v)), { maxLength: BUILDER_LIMITS.title })}
      {input('formId', t('monitoring:builder.formId'), form.formId, (v) => update((f) => void (f.formId = v)), { maxLength: BUILDER_LIMITS.name, readOnly: formIdLocked })}
      <p className="hint">{t('monitoring:builder.formIdHelp')}</p>
      <div className="field">
        <label htmlFor="b-defaultLanguage">{t('monitoring:builder.defaultLanguage')}</label>
        <select id="b-defaultLanguage" value={form.defaultLanguage} onChange={(e) => update((f) => void (f.defaultLanguage = e.target.value as BuilderForm['defaultLanguage']))}>
          {builderLanguages.map((l) => (
            <option key={l} value={l}>
              {t(`monitoring:builder.languages.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">{t('monitoring:builder.limits')}</p>
      {fieldError('items')}
      {form.items.map((item, i) => {
        const path = `items.${i}`;
        const moveTop = (d: -1 | 1) => update((f) => swap(f.items, f, i, i + d));
        const removeTop = () => update((f) => void f.items.splice(i, 1));
        if (item.kind === 'question') {
          counter++;
          return questionEditor(item, path, (f) => f.items[i] as BuilderQuestion, removeTop, moveTop, String(counter));
        }
        const getGroup = (f: BuilderForm) => f.items[i] as BuilderGroup;
        return (
          <fieldset key={path} className="card builder-group">
            <legend>{t('monitoring:builder.group', { n: item.name })}</legend>
            {input(`${path}.name`, t('monitoring:builder.name'), item.name, (v) => update((f) => void (getGroup(f).name = v)), { maxLength: BUILDER_LIMITS.name })}
            {labelInputs(path, item.label, (l, v) => update((f) => void (getGroup(f).label[l] = v)))}
            {showIfEditor(path, item, getGroup)}
            {fieldError(`${path}.items`)}
            {item.items.map((q, j) => {
              counter++;
              return questionEditor(
                q,
                `${path}.items.${j}`,
                (f) => getGroup(f).items[j]!,
                () => update((f) => void getGroup(f).items.splice(j, 1)),
                (d) => update((f) => swap(getGroup(f).items, f, j, j + d)),
                String(counter),
              );
            })}
            <div className="actions">
              <button type="button" disabled={total >= BUILDER_LIMITS.questions} onClick={() => update((f) => void getGroup(f).items.push(newBuilderQuestion(freshName(f, 'q'))))}>
                {t('monitoring:builder.addToGroup')}
              </button>
              <button type="button" onClick={() => moveTop(-1)} aria-label={`${t('monitoring:builder.up')}: ${item.name}`}>
                ↑
              </button>
              <button type="button" onClick={() => moveTop(1)} aria-label={`${t('monitoring:builder.down')}: ${item.name}`}>
                ↓
              </button>
              <button type="button" onClick={removeTop}>
                {t('monitoring:builder.remove')}: {item.name}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" disabled={total >= BUILDER_LIMITS.questions} onClick={() => update((f) => void f.items.push(newBuilderQuestion(freshName(f, 'q'))))}>
          {t('monitoring:builder.addQuestion')}
        </button>
        <button type="button" onClick={() => update((f) => void f.items.push({ ...newBuilderGroup(freshName(f, 'g')), items: [newBuilderQuestion(freshName(f, 'q'))] }))}>
          {t('monitoring:builder.addGroup')}
        </button>
      </div>
      <button type="submit" className="primary">
        {t('monitoring:builder.save')}
      </button>
    </Form>
  );
}

/** Swaps two entries of a list inside the draft (no-op outside the list). */
function swap<T>(list: T[], _draft: unknown, a: number, b: number) {
  if (a < 0 || b < 0 || a >= list.length || b >= list.length) return;
  [list[a], list[b]] = [list[b]!, list[a]!];
}
