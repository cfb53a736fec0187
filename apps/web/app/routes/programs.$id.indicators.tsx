import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { formatNumber, localName, parseNumber, programIndicatorSchema } from '@kamkor/domain';
import { saveProgramIndicator } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { ProgramHeader } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { appErrorFields, loadProgram, loadProgramPage } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  // The indicators of the content this user may see: an amendment's new indicators stay with its draft.
  const { lang, content, header, canEdit, canManage } = await loadProgramPage(request, params.id, 'view');
  return {
    program: header,
    canEdit,
    canManage,
    indicators: content.indicators.map((i) => ({ ...i, name: localName(i, lang), target: String(i.target) })),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'update');
  const parsed = await parseForm(request, programIndicatorSchema);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => saveProgramIndicator(trx, user, program.id, null, parsed.data));
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    return data({ ok: false as const, errors: failure.errors, values: Object.fromEntries([...parsed.form.entries()].map(([k, v]) => [k, String(v)])) }, { status: 400 });
  }
  return redirect(`/programs/${program.id}/indicators`);
});

export default function Indicators() {
  const t = useT();
  const lang = useLang();
  const { program, canEdit, canManage, indicators } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <ProgramHeader program={program} canEdit={canEdit} canManage={canManage} />
      <h2>{t('program:indicators.title')}</h2>
      <p className="hint">{t('program:indicators.help')}</p>
      {indicators.length === 0 ? (
        <p className="empty-state">{t('program:indicators.noneYet')}</p>
      ) : (
        <TableWrap label={t('program:indicators.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('program:indicators.code')}</th>
                <th scope="col">{t('program:indicators.name')}</th>
                <th scope="col">{t('program:indicators.unit')}</th>
                <th scope="col" className="num">{t('program:indicators.target')}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => (
                <tr key={i.id}>
                  <td>{i.code}</td>
                  <td>{i.name}</td>
                  <td>{i.unit}</td>
                  <td className="num">{formatNumber(parseNumber(i.target) ?? 0, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canEdit ? (
        <Form method="post" className="card narrow" noValidate>
          <CsrfInput />
          <h3>{t('program:indicators.add')}</h3>
          <ErrorSummary state={state} />
          <Field name="code" label={t('program:indicators.code')} hint={t('program:indicators.codeHint')} state={state} required defaultValue={`IND-${String(indicators.length + 1).padStart(2, '0')}`} />
          <Field name="name_ky" label={t('fields.nameKy')} state={state} required />
          <Field name="name_ru" label={t('fields.nameRu')} state={state} required />
          <Field name="name_en" label={t('fields.nameEn')} state={state} required />
          <Field name="unit" label={t('program:indicators.unit')} state={state} required />
          <Field name="target" label={t('program:indicators.target')} state={state} required inputMode="decimal" />
          <button type="submit" className="primary">
            {t('actions.save')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
