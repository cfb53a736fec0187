import { formatMoney, percentRounded, type CoFinancing, formatPercent } from '@kamkor/domain';
import { Field, type FormState } from './forms.tsx';
import { useLang, useT } from '../i18n.ts';

/** Own contribution, grant, other funding and the co-financing share of a plan or plan list row. */
export function FundingSummary({ funding }: { funding: CoFinancing }) {
  const t = useT();
  const lang = useLang();
  const share = percentRounded(funding.own, funding.total, 1);
  return (
    <dl className="facts funding">
      <dt>{t('assessment:plan.own')}</dt><dd className="num">{formatMoney(funding.own, lang)}</dd>
      <dt>{t('assessment:plan.grant')}</dt><dd className="num">{formatMoney(funding.grant, lang)}</dd>
      <dt>{t('assessment:plan.other')}</dt><dd className="num">{formatMoney(funding.other, lang)}</dd>
      <dt>{t('assessment:plan.total')}</dt><dd className="num"><strong>{formatMoney(funding.total, lang)}</strong></dd>
      <dt>{t('assessment:plan.coFinancing')}</dt>
      <dd className="num"><strong data-testid="co-financing">{share === null ? '–' : formatPercent(share, lang, 1)}</strong></dd>
    </dl>
  );
}

/** The fields of one activity; `prefix` keeps them apart from the plan's own fields on one form. */
export function ActivityFields({ state, prefix = '', problems, defaults = {} }: {
  state?: FormState | null;
  prefix?: string;
  problems: { id: string; title: string; rank: number | null; number: number; year: number }[];
  defaults?: Record<string, string>;
}) {
  const t = useT();
  const n = (name: string) => `${prefix}${name}`;
  return (
    <>
      <Field name={n('title')} label={t('assessment:plan.activity')} state={state} required defaultValue={defaults.title} />
      <Field as="select" name={n('problemId')} label={t('assessment:plan.solves')} state={state} defaultValue={defaults.problemId ?? ''}>
        <option value="">—</option>
        {problems.map((p) => (
          <option key={p.id} value={p.id}>
            {p.year} · {p.rank ? `#${p.rank} ` : ''}{p.title}
          </option>
        ))}
      </Field>
      <Field name={n('responsible')} label={t('assessment:plan.responsible')} state={state} required defaultValue={defaults.responsible} />
      <div className="form-grid">
        <Field name={n('startsOn')} label={t('assessment:plan.startsOn')} hint="DD.MM.YYYY" state={state} required defaultValue={defaults.startsOn} />
        <Field name={n('endsOn')} label={t('assessment:plan.endsOn')} hint="DD.MM.YYYY" state={state} required defaultValue={defaults.endsOn} />
      </div>
      <div className="form-grid">
        <Field name={n('indicator')} label={t('assessment:plan.indicator')} state={state} />
        <Field name={n('target')} label={t('assessment:plan.target')} state={state} />
      </div>
      <div className="form-grid">
        <Field name={n('own')} label={t('assessment:plan.ownSom')} inputMode="decimal" state={state} />
        <Field name={n('grant')} label={t('assessment:plan.grantSom')} inputMode="decimal" state={state} />
        <Field name={n('other')} label={t('assessment:plan.otherSom')} inputMode="decimal" state={state} />
      </div>
    </>
  );
}
