import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, causeNodeSchema, localName, problemSchema, requiredText, type CauseNode } from '@kamkor/domain';
import { addCauseNode,
  addProblemPhoto,
  assessmentResource,
  deleteCauseNode,
  deleteProblem,
  deleteProblemPhoto,
  getProblem,
  listAssessmentCatalogue,
  listAssessmentVillages,
  listCauseNodes,
  listProblemPhotos,
  updateCauseNode,
  updateProblem, } from '../db.server.ts';
import { z } from 'zod';
import { CauseTreeSvg, CheckboxGroup, prefixedName, PrintButton } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan } from '../utils/session.server.ts';
import { readUploadStreamed } from '../utils/upload.server.ts';

const PHOTO_LIMIT = 8 * 1024 * 1024;

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  const problem = await getProblem(db, assessment.id, params.problemId ?? '');
  return {
    assessmentId: assessment.id,
    problem,
    nodes: await listCauseNodes(db, assessment.id, problem.id),
    photos: (await listProblemPhotos(db, assessment.id)).filter((p) => p.problem_id === problem.id),
    categories: await listAssessmentCatalogue(db, 'problem_category'),
    fgCategories: await listAssessmentCatalogue(db, 'focus_group_category'),
    villages: await listAssessmentVillages(db, assessment.admin_unit_soate),
    canEdit: can(user, 'update', assessmentResource(assessment)),
  };
});

/** A rejected POST (no photo, a bad upload, an unknown intent): 400 with the form's errors. */
const fail = (errors: Record<string, string>) => invalid({ errors, values: {} });

const editNodeSchema = z.object({ nodeId: z.string(), text: requiredText(300) });

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'update');
  assertCan(can(user, 'update', assessmentResource(assessment)));
  const problem = await getProblem(db, assessment.id, params.problemId ?? '');
  const actor = user!;
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    // The photo goes from the request to storage in chunks; its type is sniffed from the first bytes.
    return readUploadStreamed(
      request,
      async (upload) => {
        if (!upload.ok) return fail({ photo: upload.messageKey });
        if (!upload.file) return fail({ photo: 'excel.errors.noFile' });
        const caption = String(upload.form.get('caption') ?? '').trim() || null;
        const file = upload.file;
        try {
          await db.transaction().execute((trx) => addProblemPhoto(trx, actor, assessment.id, problem.id, { name: file.name, type: file.type, head: file.head, data: file.chunks() }, caption));
        } catch (err) {
          return formError(err, upload.form, 'photo');
        }
        return { ok: true as const, message: 'assessment:problems.photoAdded' };
      },
      'photo',
      PHOTO_LIMIT,
    );
  }
  const form = await request.formData();
  const intent = form.get('intent');
  switch (intent) {
    case 'update': {
      const parsed = await parseForm(request, problemSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => updateProblem(trx, actor, assessment.id, problem.id, parsed.data));
      return { ok: true as const, message: 'actions.saved' };
    }
    case 'delete': {
      await db.transaction().execute((trx) => deleteProblem(trx, actor, assessment.id, problem.id));
      return redirect(`/assessments/${assessment.id}/problems`);
    }
    case 'deletePhoto': {
      await db.transaction().execute((trx) => deleteProblemPhoto(trx, actor, assessment.id, String(form.get('photoId') ?? '')));
      return { ok: true as const, message: 'assessment:problems.photoDeleted' };
    }
    case 'addNode': {
      const parsed = await parseForm(request, causeNodeSchema, form);
      if (!parsed.ok) return invalid(parsed);
      try {
        await db.transaction().execute((trx) => addCauseNode(trx, actor, assessment.id, problem.id, parsed.data));
      } catch (err) {
        return formError(err, form, 'parentId');
      }
      return { ok: true as const, message: 'assessment:tree.added' };
    }
    case 'editNode': {
      const parsed = await parseForm(request, editNodeSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => updateCauseNode(trx, actor, assessment.id, parsed.data.nodeId, parsed.data.text));
      return { ok: true as const, message: 'actions.saved' };
    }
    case 'deleteNode': {
      await db.transaction().execute((trx) => deleteCauseNode(trx, actor, assessment.id, String(form.get('nodeId') ?? '')));
      return { ok: true as const, message: 'assessment:tree.deleted' };
    }
    default:
      return fail({ _form: 'errors.invalid' });
  }
});

function NodeList({ nodes, parentId, canEdit, kind }: { nodes: CauseNode[]; parentId: string | null; canEdit: boolean; kind: 'cause' | 'effect' }) {
  const t = useT();
  const kids = nodes.filter((n) => n.kind === kind && n.parentId === parentId);
  if (!kids.length) return null;
  return (
    <ul className="tree-list">
      {kids.map((n) => (
        <li key={n.id}>
          {canEdit ? (
            <div className="inline-actions">
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="nodeId" value={n.id} />
                <label className="visually-hidden" htmlFor={`node-${n.id}`}>{t('assessment:tree.text')}</label>
                <input id={`node-${n.id}`} name="text" defaultValue={n.text} size={40} />
                <button type="submit" name="intent" value="editNode">{t('actions.save')}</button>
              </Form>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="nodeId" value={n.id} />
                <button type="submit" name="intent" value="deleteNode" className="danger">{t('assessment:actions.delete')}</button>
              </Form>
            </div>
          ) : (
            n.text
          )}
          <NodeList nodes={nodes} parentId={n.id} canEdit={canEdit} kind={kind} />
        </li>
      ))}
    </ul>
  );
}

export default function ProblemPage() {
  const t = useT();
  const lang = useLang();
  const { assessmentId, problem, nodes, photos, categories, fgCategories, villages, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result && 'errors' in result ? result : null;
  const tree: CauseNode[] = nodes.map((n) => ({ id: n.id, parentId: n.parent_id, kind: n.kind as 'cause' | 'effect', text: n.text, sortOrder: n.sort_order }));
  return (
    <section className="problem-page">
      <p className="no-print"><Link to={`/assessments/${assessmentId}/problems`}>← {t('assessment:tabs.problems')}</Link></p>
      <h2>{problem.number}. {problem.title}</h2>
      <p><span className="badge">{prefixedName(problem, 'category', lang)}</span></p>
      {result && 'message' in result ? <p className="flash no-print" role="status">{t(result.message)}</p> : null}
      <ErrorSummary state={state} />
      <section aria-labelledby="tree-title">
        <div className="page-head">
          <h3 id="tree-title">{t('assessment:tree.title')}</h3>
          <PrintButton />
        </div>
        <p className="hint no-print">{t('assessment:tree.help')}</p>
        <CauseTreeSvg problem={problem.title} nodes={tree} title={t('assessment:tree.svgTitle', { problem: problem.title })} />
        <div className="cards no-print">
          <div>
            <h4>{t('assessment:tree.effects')}</h4>
            <NodeList nodes={tree} parentId={null} canEdit={canEdit} kind="effect" />
          </div>
          <div>
            <h4>{t('assessment:tree.causes')}</h4>
            <NodeList nodes={tree} parentId={null} canEdit={canEdit} kind="cause" />
          </div>
        </div>
        {canEdit ? (
          <Form method="post" className="card no-print" noValidate>
            <h4>{t('assessment:tree.add')}</h4>
            <CsrfInput />
            <div className="form-grid">
              <Field as="select" name="kind" label={t('assessment:tree.kind')} state={state} defaultValue="cause" required>
                <option value="cause">{t('assessment:tree.cause')}</option>
                <option value="effect">{t('assessment:tree.effect')}</option>
              </Field>
              <Field as="select" name="parentId" label={t('assessment:tree.parent')} hint={t('assessment:tree.parentHint')} state={state}>
                <option value="">{t('assessment:tree.underProblem')}</option>
                {tree.map((n) => <option key={n.id} value={n.id}>{t(`assessment:tree.${n.kind}`)}: {n.text}</option>)}
              </Field>
            </div>
            <Field name="text" label={t('assessment:tree.text')} state={state} required />
            <button type="submit" name="intent" value="addNode" className="primary">{t('assessment:tree.add')}</button>
          </Form>
        ) : null}
      </section>
      <section className="no-print" aria-labelledby="photos-title">
        <h3 id="photos-title">{t('assessment:problems.photos')}</h3>
        <div className="photo-strip">
          {photos.map((ph) => (
            <figure key={ph.id}>
              <img src={`/assessments/${assessmentId}/photos/${ph.id}`} alt={ph.caption ?? problem.title} />
              {ph.caption ? <figcaption>{ph.caption}</figcaption> : null}
              {canEdit ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="photoId" value={ph.id} />
                  <button type="submit" name="intent" value="deletePhoto" className="danger">{t('assessment:actions.delete')}</button>
                </Form>
              ) : null}
            </figure>
          ))}
        </div>
        {canEdit ? (
          <Form method="post" encType="multipart/form-data" className="card narrow">
            <CsrfInput />
            <div className="field">
              <label htmlFor="photo">{t('assessment:problems.photo')}</label>
              <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required />
            </div>
            <Field name="caption" label={t('assessment:problems.caption')} />
            <button type="submit">{t('assessment:problems.addPhoto')}</button>
          </Form>
        ) : null}
      </section>
      {canEdit ? (
        <details className="no-print">
          <summary>{t('assessment:problems.edit')}</summary>
          <Form method="post" className="card" noValidate>
            <CsrfInput />
            <Field name="title" label={t('assessment:problems.title')} state={state} defaultValue={problem.title} required />
            <Field as="select" name="categoryCode" label={t('assessment:problems.category')} state={state} defaultValue={problem.category_code} required>
              {categories.map((c) => <option key={c.code} value={c.code}>{localName(c, lang)}</option>)}
            </Field>
            <Field as="textarea" name="description" label={t('assessment:problems.description')} state={state} defaultValue={problem.description} />
            <CheckboxGroup name="villageSoates" legend={t('assessment:problems.villages')} options={villages.map((v) => ({ value: v.soate, label: localName(v, lang) }))} checked={problem.village_soates} />
            <CheckboxGroup name="raisedBy" legend={t('assessment:problems.raisedBy')} options={fgCategories.map((c) => ({ value: c.code, label: localName(c, lang) }))} checked={problem.raised_by} />
            <div className="inline-actions">
              <button type="submit" name="intent" value="update" className="primary">{t('actions.save')}</button>
              <button type="submit" name="intent" value="delete" className="danger" formNoValidate>{t('assessment:problems.delete')}</button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
