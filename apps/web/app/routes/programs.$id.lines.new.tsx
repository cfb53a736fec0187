import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
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
  const { lines: _lines, ...options } = await lineFormOptions(db, program.id, lang);
  void _lines;
  return { program: { id: program.id, title: program.title, year: program.year_from }, options };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'update');
  const result = await saveLineFromForm(request, db, user, program.id, null, lang, await request.formData());
  if ('response' in result) return result.response;
  return redirect(`/programs/${program.id}#line-list`);
});

export default function NewLine() {
  const t = useT();
  const { program, options } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/programs/${program.id}`}>{program.title}</Link>
      </p>
      <h1>{t('program:lines.add')}</h1>
      <LineForm
        options={options}
        state={state}
        submitLabel={t('actions.save')}
        initial={{
          lineNo: options.nextLineNo,
          priorityAreaCode: '',
          serviceCode: '',
          targetGroupCodes: [],
          territorySoates: [],
          plannedBeneficiaries: 0,
          budgetTyiyn: 0,
          periodStart: `${program.year}-01-01`,
          periodEnd: `${program.year}-12-31`,
          expectedResults: '',
          indicatorIds: [],
        }}
      />
    </section>
  );
}
