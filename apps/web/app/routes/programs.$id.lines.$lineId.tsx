import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError } from '@kamkor/domain';
import { deleteProgramLine } from '../db.server.ts';
import { CsrfInput } from '../components/forms.tsx';
import { LineForm } from '../components/program-line-form.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { lineFormOptions } from '../utils/program-line-options.server.ts';
import { saveLineFromForm } from '../utils/program-line.server.ts';
import { loadProgram } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'update');
  const { lines, ...options } = await lineFormOptions(db, program.id, lang);
  const line = lines.find((l) => l.id === params.lineId);
  if (!line) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { program: { id: program.id, title: program.title }, options, line };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'update');
  const form = await request.formData();
  if (form.get('intent') === 'delete') {
    await db.transaction().execute((trx) => deleteProgramLine(trx, user, program.id, params.lineId ?? ''));
    return redirect(`/programs/${program.id}`);
  }
  const result = await saveLineFromForm(request, db, user, program.id, params.lineId ?? '', lang, form);
  if ('response' in result) return result.response;
  return redirect(`/programs/${program.id}`);
});

export default function EditLine() {
  const t = useT();
  const { program, options, line } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/programs/${program.id}`}>{program.title}</Link>
      </p>
      <h1>{t('program:lines.editLine', { no: line.lineNo })}</h1>
      <LineForm options={options} state={state} submitLabel={t('actions.save')} initial={line} />
      <Form method="post" className="no-print">
        <CsrfInput />
        <button type="submit" name="intent" value="delete" className="danger">
          {t('program:lines.delete')}
        </button>
      </Form>
    </section>
  );
}
