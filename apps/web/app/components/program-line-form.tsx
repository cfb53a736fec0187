import { Form } from '@remix-run/react';
import { formatDate, formatNumber } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field, type FormState } from './forms.tsx';
import { FormAlert } from './program.tsx';
import { useLang, useT } from '../i18n.ts';

export interface LineFormOptions {
  areas: { code: string; name: string }[];
  services: { code: string; name: string; area: string }[];
  groups: { code: string; name: string }[];
  units: { code: string; name: string; level: string; path: string }[];
  indicators: { id: string; code: string; name: string }[];
}

export interface LineFormValues {
  lineNo: number;
  priorityAreaCode: string;
  serviceCode: string;
  targetGroupCodes: string[];
  territorySoates: string[];
  plannedBeneficiaries: number;
  budgetTyiyn: number;
  periodStart: string;
  periodEnd: string;
  expectedResults: string | null;
  indicatorIds: string[];
}

/** Add/edit form of a program line; works without JavaScript (multi-selects and checkboxes). */
export function LineForm({
  options,
  initial,
  state,
  submitLabel,
}: {
  options: LineFormOptions;
  initial: LineFormValues;
  state?: (FormState & { params?: Record<string, unknown>; multi?: Record<string, string[]> }) | null;
  submitLabel: string;
}) {
  const t = useT();
  const lang = useLang();
  const multi = state?.multi;
  const groups = multi?.targetGroupCodes ?? initial.targetGroupCodes;
  const units = multi?.territorySoates ?? initial.territorySoates;
  const indicators = multi?.indicatorIds ?? initial.indicatorIds;
  const errorOf = (f: string) => state?.errors?.[f];
  const formKey = state?.errors?._form;
  return (
    <Form method="post" className="card line-form" noValidate>
      <CsrfInput />
      {formKey ? <FormAlert messageKey={formKey} params={state?.params} /> : null}
      <ErrorSummary state={formKey ? { ...state, errors: Object.fromEntries(Object.entries(state?.errors ?? {}).filter(([k]) => k !== '_form')) } : state} />
      <div className="form-grid">
        <Field name="lineNo" label={t('program:fields.lineNo')} state={state} required inputMode="numeric" defaultValue={initial.lineNo} />
        <Field name="priorityAreaCode" label={t('program:fields.priorityArea')} as="select" state={state} required defaultValue={initial.priorityAreaCode}>
          <option value="">—</option>
          {options.areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code} {a.name}
            </option>
          ))}
        </Field>
        <Field name="serviceCode" label={t('program:fields.service')} as="select" state={state} required defaultValue={initial.serviceCode} hint={t('program:lines.serviceHint')}>
          <option value="">—</option>
          {options.areas.map((a) => (
            <optgroup key={a.code} label={`${a.code} ${a.name}`}>
              {options.services
                .filter((s) => s.area === a.code)
                .map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.code} {s.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </Field>
      </div>
      <fieldset className={`field checkbox-list${errorOf('targetGroupCodes') ? ' field-error' : ''}`} id="field-targetGroupCodes">
        <legend>
          {t('program:fields.targetGroups')} <span aria-hidden="true">*</span>
        </legend>
        {errorOf('targetGroupCodes') ? <p className="error-message">{t(errorOf('targetGroupCodes')!)}</p> : null}
        {options.groups.map((g) => (
          <label key={g.code}>
            <input type="checkbox" name="targetGroupCodes" value={g.code} defaultChecked={groups.includes(g.code)} /> {g.name}
          </label>
        ))}
      </fieldset>
      <div className={`field${errorOf('territorySoates') ? ' field-error' : ''}`}>
        <label htmlFor="field-territorySoates">
          {t('program:fields.territories')} <span aria-hidden="true">*</span>
        </label>
        <p className="hint">{t('program:lines.territoryHint')}</p>
        {errorOf('territorySoates') ? <p className="error-message">{t(errorOf('territorySoates')!)}</p> : null}
        <select id="field-territorySoates" name="territorySoates" multiple size={10} defaultValue={units}>
          {options.units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.path ? `${u.path} › ` : ''}
              {u.name} ({t(`levels.${u.level}`)}, {u.code})
            </option>
          ))}
        </select>
      </div>
      <div className="form-grid">
        <Field name="plannedBeneficiaries" label={t('program:fields.plannedBeneficiaries')} state={state} inputMode="numeric" defaultValue={formatNumber(initial.plannedBeneficiaries, lang)} />
        <Field name="budget" label={t('program:fields.budgetSom')} state={state} required inputMode="decimal" defaultValue={initial.budgetTyiyn ? formatNumber(initial.budgetTyiyn / 100, lang, 2) : ''} />
        <Field name="periodStart" label={t('program:fields.periodStart')} state={state} required hint="DD.MM.YYYY" defaultValue={formatDate(initial.periodStart)} />
        <Field name="periodEnd" label={t('program:fields.periodEnd')} state={state} required hint="DD.MM.YYYY" defaultValue={formatDate(initial.periodEnd)} />
      </div>
      <Field name="expectedResults" label={t('program:fields.expectedResults')} as="textarea" state={state} defaultValue={initial.expectedResults} />
      <fieldset className={`field checkbox-list${errorOf('indicatorIds') ? ' field-error' : ''}`} id="field-indicatorIds">
        <legend>{t('program:fields.indicators')}</legend>
        {errorOf('indicatorIds') ? <p className="error-message">{t(errorOf('indicatorIds')!)}</p> : null}
        {options.indicators.length === 0 ? <p className="hint">{t('program:indicators.noneYet')}</p> : null}
        {options.indicators.map((i) => (
          <label key={i.id}>
            <input type="checkbox" name="indicatorIds" value={i.id} defaultChecked={indicators.includes(i.id)} /> {i.code} {i.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" name="intent" value="save" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}
