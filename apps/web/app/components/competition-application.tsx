import { useT } from '../i18n.ts';
import { Field, type FormState } from './forms.tsx';

export interface ApplicationInitial {
  contact_name: string;
  contact_phone: string;
  inn: string;
  title: string;
  goal: string;
  tasks?: string;
  description: string;
  requested: string;
}

/**
 * The application form in its two parts: what identifies the NGO (never shown to reviewers) and
 * the project (shown to reviewers with the code only).
 */
export function ApplicationFields({ state, initial, budgetSet = false }: { state?: FormState | null; initial: ApplicationInitial; budgetSet?: boolean }) {
  const t = useT();
  return (
    <>
      <fieldset>
        <legend>{t('competition:application.identifying')}</legend>
        <p className="hint">{t('competition:application.identifyingHint')}</p>
        <Field name="contactName" label={t('competition:fields.contactName')} state={state} required defaultValue={initial.contact_name} />
        <Field name="contactPhone" label={t('competition:fields.contactPhone')} state={state} required defaultValue={initial.contact_phone} />
        <Field name="inn" label={t('competition:fields.inn')} state={state} required inputMode="numeric" defaultValue={initial.inn} />
      </fieldset>
      <fieldset>
        <legend>{t('competition:application.project')}</legend>
        <p className="hint">{t('competition:application.projectHint')}</p>
        <Field name="title" label={t('competition:fields.projectTitle')} state={state} required defaultValue={initial.title} />
        <Field name="goal" label={t('competition:fields.goal')} as="textarea" state={state} required defaultValue={initial.goal} />
        <Field name="tasks" label={t('competition:content.application.tasks')} as="textarea" state={state} hint={t('competition:content.lot.listHint')} defaultValue={initial.tasks ?? ''} />
        <Field name="description" label={t('competition:fields.description')} as="textarea" state={state} required defaultValue={initial.description} />
        <Field
          name="requested"
          label={t('competition:fields.requested')}
          inputMode="decimal"
          state={state}
          required
          defaultValue={initial.requested}
          hint={budgetSet ? t('competition:content.application.requestedFromBudget') : undefined}
        />
      </fieldset>
    </>
  );
}
