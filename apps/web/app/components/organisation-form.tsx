import { Form } from '@remix-run/react';
import { localName, organisationKinds } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field, type FormState, NameFields } from './forms.tsx';
import { useLang, useT } from '../i18n.ts';

interface Props {
  state?: FormState | null;
  initial?: Record<string, string | null>;
  units: { soate: string; name_ky: string; name_ru: string; name_en: string; level: string }[];
  submitLabel: string;
}

/** One form for creating and editing an organisation (the same schema validates both). */
export function OrganisationForm({ state, initial = {}, units, submitLabel }: Props) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card form-grid">
        <CsrfInput />
        <Field as="select" name="kind" label={t('organisations.kind')} state={state} defaultValue={initial.kind} required>
          <option value="">—</option>
          {organisationKinds.map((k) => (
            <option key={k} value={k}>{t(`organisationKinds.${k}`)}</option>
          ))}
        </Field>
        <NameFields state={state} initial={initial} />
        <Field name="inn" label={t('organisations.inn')} hint={t('organisations.innHint')} inputMode="numeric" state={state} defaultValue={initial.inn} />
        <Field name="registration_no" label={t('organisations.registrationNo')} state={state} defaultValue={initial.registration_no} />
        <Field as="select" name="admin_unit_soate" label={t('organisations.territory')} hint={t('organisations.territoryHint')} state={state} defaultValue={initial.admin_unit_soate}>
          <option value="">—</option>
          {units.map((u) => (
            <option key={u.soate} value={u.soate}>
              {localName(u, lang)} ({t(`levels.${u.level}`)}, {u.soate})
            </option>
          ))}
        </Field>
        <Field name="address" label={t('organisations.address')} state={state} defaultValue={initial.address} />
        <Field name="contacts" label={t('organisations.contacts')} state={state} defaultValue={initial.contacts} />
        <button type="submit" className="primary">{submitLabel}</button>
      </Form>
    </>
  );
}
