import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, formatDate, formatNumber, localName, meetingSchema } from '@kamkor/domain';
import { addMeeting, assessmentResource, deleteMeeting, listAssessmentVillages, listMeetings } from '../db.server.ts';
import { Percent, prefixedName } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { addOrDeleteAction, assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  return {
    assessmentId: assessment.id,
    meetings: await listMeetings(db, assessment.id),
    villages: await listAssessmentVillages(db, assessment.admin_unit_soate),
    canEdit: can(user, 'update', assessmentResource(assessment)),
  };
});

export const action = addOrDeleteAction({
  schema: meetingSchema,
  idField: 'meetingId',
  errorField: 'villageSoate',
  add: addMeeting,
  remove: deleteMeeting,
  messages: { added: 'assessment:meetings.added', deleted: 'assessment:meetings.deleted' },
});

export default function Meetings() {
  const t = useT();
  const lang = useLang();
  const { assessmentId, meetings, villages, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result && 'errors' in result ? result : null;
  return (
    <section>
      <h2>{t('assessment:tabs.meetings')}</h2>
      <p className="hint">{t('assessment:meetings.intro')}</p>
      {result && 'message' in result ? <p className="flash" role="status">{t(result.message)}</p> : null}
      {meetings.length === 0 ? (
        <p className="empty-state">{t('assessment:meetings.empty')}</p>
      ) : (
        <TableWrap label={t('assessment:tabs.meetings')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:meetings.kind')}</th>
                <th scope="col">{t('assessment:fields.village')}</th>
                <th scope="col">{t('assessment:fields.date')}</th>
                <th scope="col" className="num">{t('assessment:participation.women')}</th>
                <th scope="col" className="num">{t('assessment:participation.men')}</th>
                <th scope="col" className="num">{t('assessment:participation.womenShare')}</th>
                <th scope="col" className="num">{t('assessment:meetings.votes')}</th>
                <th scope="col">{t('actions.label')}</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td>{t(`assessment:meetings.kinds.${m.kind}`)}</td>
                  <td>{m.village_soate ? prefixedName(m, 'village', lang) : '–'}</td>
                  <td>{formatDate(m.held_on)}</td>
                  <td className="num">{formatNumber(m.women, lang)}</td>
                  <td className="num">{formatNumber(m.men, lang)}</td>
                  <td className="num"><Percent value={m.women + m.men ? m.women / (m.women + m.men) : null} /></td>
                  <td className="num">{m.kind === 'village' ? formatNumber(Number(m.votes_total ?? 0), lang) : '–'}</td>
                  <td>
                    <div className="inline-actions">
                      {m.kind === 'village' ? (
                        <Link to={`/assessments/${assessmentId}/meetings/${m.id}`} className="button">{t('assessment:meetings.tally')}</Link>
                      ) : null}
                      {canEdit ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="meetingId" value={m.id} />
                          <button type="submit" name="intent" value="delete" className="danger">{t('assessment:actions.delete')}</button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canEdit ? (
        <Form method="post" className="card narrow" noValidate>
          <h3>{t('assessment:meetings.add')}</h3>
          <ErrorSummary state={state} />
          <CsrfInput />
          <Field as="select" name="kind" label={t('assessment:meetings.kind')} state={state} defaultValue="village" required>
            <option value="village">{t('assessment:meetings.kinds.village')}</option>
            <option value="aiyl_aimak">{t('assessment:meetings.kinds.aiyl_aimak')}</option>
          </Field>
          <Field as="select" name="villageSoate" label={t('assessment:fields.village')} hint={t('assessment:meetings.villageHint')} state={state}>
            <option value="">—</option>
            {villages.map((v) => <option key={v.soate} value={v.soate}>{localName(v, lang)}</option>)}
          </Field>
          <Field name="heldOn" label={t('assessment:fields.date')} hint="DD.MM.YYYY" state={state} required />
          <div className="form-grid">
            <Field name="women" label={t('assessment:participation.women')} inputMode="numeric" state={state} defaultValue="0" />
            <Field name="men" label={t('assessment:participation.men')} inputMode="numeric" state={state} defaultValue="0" />
          </div>
          <Field as="textarea" name="notes" label={t('assessment:meetings.notes')} state={state} />
          <button type="submit" className="primary">{t('assessment:meetings.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}
