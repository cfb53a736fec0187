import { useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '../i18n.ts';

/** The session's CSRF token as a hidden field; every mutating form includes it. */
export function CsrfInput() {
  const data = useRouteLoaderData('root') as { csrf?: string | null } | undefined;
  return data?.csrf ? <input type="hidden" name="_csrf" value={data.csrf} /> : null;
}

export interface FormState {
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/** Summary of all errors at the top of a form, linking to each field (government design-system pattern). */
export function ErrorSummary({ state }: { state?: FormState | null }) {
  const t = useT();
  const errors = state?.errors;
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('forms.errorSummary')}</h2>
      <ul>
        {Object.entries(errors).map(([field, key]) => (
          <li key={field}>
            {field === '_form' ? t(key) : <a href={`#field-${field}`}>{t(key)}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  state?: FormState | null;
  type?: string;
  defaultValue?: string | number | null;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  children?: ReactNode;
  as?: 'input' | 'textarea' | 'select';
  inputMode?: 'numeric' | 'decimal' | 'text';
}

/** A labelled field with hint and message; keeps the user's input after a failed submit. */
export function Field({ name, label, state, type = 'text', defaultValue, required, hint, autoComplete, children, as = 'input', inputMode }: FieldProps) {
  const t = useT();
  const error = state?.errors?.[name];
  const value = state?.values?.[name] ?? (defaultValue == null ? '' : String(defaultValue));
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name, required, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
      {as === 'textarea' ? (
        <textarea {...common} defaultValue={value} rows={4} />
      ) : as === 'select' ? (
        <select {...common} defaultValue={value}>
          {children}
        </select>
      ) : (
        <input {...common} type={type} defaultValue={type === 'password' ? undefined : value} autoComplete={autoComplete} inputMode={inputMode} />
      )}
    </div>
  );
}

/** The three name fields every multilingual record has (Kyrgyz, Russian, English), all required. */
export function NameFields({ state, initial }: { state?: FormState | null; initial?: { name_ky?: string | null; name_ru?: string | null; name_en?: string | null } | null }) {
  const t = useT();
  return (
    <>
      <Field name="name_ky" label={t('fields.nameKy')} state={state} defaultValue={initial?.name_ky} required />
      <Field name="name_ru" label={t('fields.nameRu')} state={state} defaultValue={initial?.name_ru} required />
      <Field name="name_en" label={t('fields.nameEn')} state={state} defaultValue={initial?.name_en} required />
    </>
  );
}
