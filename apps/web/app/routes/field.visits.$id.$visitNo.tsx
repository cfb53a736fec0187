import { useCallback, useState, type FormEvent } from 'react';
import { Link, useLoaderData } from '@remix-run/react';
import { AppError, can, checklistAnswers, formatDate, localName, parseChecklistAnswers, visitRecordSchema, type Language } from '@kamkor/domain';
import { currentChecklistTemplate, getChecklistTemplate, getDb, getVisitForActor } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { useRootData } from '../root.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { listVisitQueue, newClientId, putVisit, removeVisit, type QueuedVisit } from '../utils/field-device.client.ts';
import { useFieldQueue } from '../utils/use-field-queue.ts';
import { FieldCheckMessages, FieldQueueStatus } from '../components/field-queue-status.tsx';

/**
 * The visit record on a phone, offline too (docs/decisions/013, 017): under /field/ so the field service
 * worker keeps this page; what is saved goes into the phone's IndexedDB queue and is sent to
 * `/field/visits/:id/:visitNo/save` when there is a connection. Files and finalising stay on the visit page.
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const { project, visit, resource } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', 'view');
  // Only those who record the project's visits open it (a final visit shows them that it is closed).
  if (!can(user, 'update', { ...resource, status: 'draft' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const template = visit.template_id ? await getChecklistTemplate(db, visit.template_id) : await currentChecklistTemplate(db);
  const fields: Record<string, string> = {
    visitDate: formatDate(visit.visit_date) || formatDate(visit.planned_date),
    participants: visit.participants ?? '',
    summary: visit.summary ?? '',
  };
  for (const item of template.items) {
    fields[`item.${item.key}`] = visit.answers[item.key]?.answer ?? '';
    fields[`note.${item.key}`] = visit.answers[item.key]?.note ?? '';
  }
  return {
    userId: user.userId,
    project: { id: project.id, code: project.code, name_ky: project.name_ky, name_ru: project.name_ru, name_en: project.name_en },
    visitNo: visit.visit_no,
    status: visit.status,
    closed: !can(user, 'update', resource),
    template: { version: template.version, items: template.items },
    fields,
  };
});

type Fields = Record<string, string>;

export default function FieldVisit() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  const t = useT();
  const lang = useLang();
  const visitKey = `${data.project.id}:${data.visitNo}`;
  const visitPage = `/projects/${data.project.id}/visits/${data.visitNo}`;
  const [values, setValues] = useState<Fields>(data.fields);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [flash, setFlash] = useState<string | null>(null);
  const listVisits = useCallback(() => listVisitQueue(data.userId, visitKey), [data.userId, visitKey]);
  const { queue, sent, online, ready, keptOffline, refresh, sync } = useFieldQueue<QueuedVisit>({
    list: listVisits,
    update: putVisit,
    remove: removeVisit,
    url: `/field/visits/${data.project.id}/${data.visitNo}/save`,
    csrf: root?.csrf ?? '',
    // What waits on the phone is newer than what the server had: show it in the form.
    onLoaded: (items) => {
      const last = items.filter((i) => i.state === 'waiting').at(-1);
      if (last) setValues((v) => ({ ...v, ...last.payload.fields }));
    },
  });

  const itemLabel = (item: { ky: string; ru: string; en: string }) => item[lang as Language] || item.ru;
  const labelOf = (name: string) => {
    if (name === 'visitDate') return t('monitoring:visits.visitDate');
    if (name === 'participants') return t('monitoring:visit.participants');
    if (name === 'summary') return t('monitoring:visit.summary');
    const item = data.template.items.find((i) => `item.${i.key}` === name || `note.${i.key}` === name);
    return item ? itemLabel(item) : name;
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFlash(null);
    // The same checks as the server (a draft: not every item needs an answer yet).
    const next: Record<string, string> = {};
    const record = visitRecordSchema.safeParse(values);
    if (!record.success) for (const issue of record.error.issues) next[String(issue.path[0] ?? '')] ??= t(issue.message);
    const answers = parseChecklistAnswers(data.template.items, values, { complete: false });
    if (!answers.ok) for (const [k, v] of Object.entries(answers.errors)) next[k] ??= t(v);
    setErrors(next);
    if (Object.keys(next).length) {
      window.setTimeout(() => document.getElementById('visit-errors')?.focus(), 0);
      return;
    }
    const clientId = newClientId();
    await putVisit({
      clientId,
      userId: data.userId,
      visitKey,
      createdAt: new Date().toISOString(),
      state: 'waiting',
      payload: { clientId, projectId: data.project.id, visitNo: data.visitNo, templateVersion: data.template.version, fields: values },
    });
    setFlash(t('monitoring:fieldVisit.kept'));
    await refresh();
    if (navigator.onLine) await sync();
  };

  const putBack = (item: QueuedVisit) => {
    setValues({ ...data.fields, ...item.payload.fields });
    document.getElementById('visit-form')?.scrollIntoView();
  };
  const discard = async (item: QueuedVisit) => {
    await removeVisit(item.clientId);
    await refresh();
  };

  const waiting = queue.filter((i) => i.state === 'waiting');
  const stuck = queue.filter((i) => i.state !== 'waiting');
  const errorList = Object.entries(errors);
  const set = (name: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  const shownAnswer = (name: string, value: string) => (name.startsWith('item.') && value ? t(`monitoring:answers.${value}`) : value);

  return (
    <section className="field-page" data-ready={ready ? 'true' : undefined}>
      <p className="eyebrow">
        <Link to={visitPage}>{t('monitoring:fieldVisit.openVisit')}</Link> · {data.project.code}
      </p>
      <h1>{t('monitoring:fieldVisit.title', { no: data.visitNo })}</h1>
      <p className="hint">
        {localName(data.project, lang)} · {t('monitoring:visit.checklistVersion', { version: data.template.version })} ·{' '}
        {online ? t('monitoring:fieldVisit.online') : t('monitoring:fieldVisit.offline')}
      </p>
      <noscript>
        <p className="error-summary">{t('monitoring:fieldVisit.needsScript')}</p>
      </noscript>

      <FieldQueueStatus
        idPrefix="visit"
        title={t('monitoring:fieldVisit.queueTitle')}
        waitingText={t('monitoring:fieldVisit.waiting', { count: waiting.length })}
        sentText={sent ? t('monitoring:fieldVisit.sent', { count: sent }) : null}
        sendNowLabel={waiting.length && online ? t('monitoring:fieldVisit.sendNow') : null}
        onSendNow={() => void sync()}
        keptOffline={keptOffline}
        keptText={t(`common:fieldDevice.${keptOffline}`)}
        problemTestId="visit-conflict"
        problems={stuck.map((item) => ({
          id: item.clientId,
          reason:
            item.state === 'conflict'
              ? t(`monitoring:fieldVisit.conflict.${item.conflict ?? 'visit_closed'}`)
              : item.state === 'invalid'
                ? t('monitoring:fieldVisit.invalid')
                : t('monitoring:fieldVisit.refused'),
          entries: Object.entries(item.payload.fields)
            .filter(([, v]) => v.trim() !== '')
            .map(([k, v]) => ({
              key: k,
              label: (
                <>
                  {labelOf(k)}
                  {k.startsWith('note.') ? ` (${t('monitoring:visit.note')})` : ''}
                </>
              ),
              value: shownAnswer(k, v),
            })),
          actions: (
            <>
              {item.state !== 'refused' && !data.closed ? (
                <button type="button" onClick={() => putBack(item)}>
                  {t('monitoring:fieldVisit.putBack')}
                </button>
              ) : null}
              {item.conflict === 'version_changed' ? (
                <a className="button" href={`/field/visits/${data.project.id}/${data.visitNo}`}>
                  {t('monitoring:fieldVisit.reload')}
                </a>
              ) : null}
              <button type="button" onClick={() => void discard(item)}>
                {t('monitoring:fieldVisit.discard')}
              </button>
            </>
          ),
        }))}
      />

      <FieldCheckMessages
        flash={flash}
        id="visit-errors"
        intro={t('monitoring:fieldVisit.fix')}
        errors={errorList.map(([name, message]) => ({ name, href: `#v-${name.replace('.', '-')}`, label: labelOf(name), message }))}
      />

      {data.closed ? (
        <p className="notice" role="status">
          {t('monitoring:fieldVisit.closed')} <Link to={visitPage}>{t('monitoring:fieldVisit.openVisit')}</Link>
        </p>
      ) : (
        <form id="visit-form" className="field-form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <div className="field" id="v-visitDate">
            <label htmlFor="v-visitDate-input">{t('monitoring:visits.visitDate')}</label>
            <p className="hint" id="v-visitDate-hint">
              DD.MM.YYYY
            </p>
            <input
              id="v-visitDate-input"
              value={values.visitDate ?? ''}
              onChange={set('visitDate')}
              inputMode="numeric"
              autoComplete="off"
              aria-describedby={`v-visitDate-hint${errors.visitDate ? ' v-visitDate-error' : ''}`}
              aria-invalid={errors.visitDate ? true : undefined}
              required
            />
            {errors.visitDate ? (
              <p className="field-error" id="v-visitDate-error">
                {errors.visitDate}
              </p>
            ) : null}
          </div>
          <div className="field" id="v-participants">
            <label htmlFor="v-participants-input">{t('monitoring:visit.participants')}</label>
            <p className="hint" id="v-participants-hint">
              {t('monitoring:visit.participantsHint')}
            </p>
            <textarea
              id="v-participants-input"
              value={values.participants ?? ''}
              onChange={set('participants')}
              rows={2}
              maxLength={2000}
              aria-describedby={`v-participants-hint${errors.participants ? ' v-participants-error' : ''}`}
              aria-invalid={errors.participants ? true : undefined}
              required
            />
            {errors.participants ? (
              <p className="field-error" id="v-participants-error">
                {errors.participants}
              </p>
            ) : null}
          </div>
          <h2>{t('monitoring:visit.checklist')}</h2>
          {data.template.items.map((item) => {
            const name = `item.${item.key}`;
            const error = errors[name];
            return (
              <fieldset key={item.key} className="card question choice-row" id={`v-item-${item.key}`} aria-describedby={error ? `v-item-${item.key}-error` : undefined}>
                <legend>{itemLabel(item)}</legend>
                {checklistAnswers.map((a) => (
                  <label key={a}>
                    <input type="radio" name={name} value={a} checked={values[name] === a} onChange={() => setValues((v) => ({ ...v, [name]: a }))} /> {t(`monitoring:answers.${a}`)}
                  </label>
                ))}
                {error ? (
                  <p className="field-error" id={`v-item-${item.key}-error`}>
                    {error}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor={`v-note-${item.key}`}>{t('monitoring:visit.note')}</label>
                  <input id={`v-note-${item.key}`} value={values[`note.${item.key}`] ?? ''} onChange={set(`note.${item.key}`)} maxLength={1000} />
                </div>
              </fieldset>
            );
          })}
          <div className="field" id="v-summary">
            <label htmlFor="v-summary-input">{t('monitoring:visit.summary')}</label>
            <textarea id="v-summary-input" value={values.summary ?? ''} onChange={set('summary')} rows={4} maxLength={4000} aria-invalid={errors.summary ? true : undefined} />
            {errors.summary ? <p className="field-error">{errors.summary}</p> : null}
          </div>
          <button type="submit" className="primary">
            {t('monitoring:fieldVisit.save')}
          </button>
        </form>
      )}
      <p className="hint">{t('monitoring:fieldVisit.finaliseOnline')}</p>
      <p className="hint">{t('monitoring:fieldVisit.filesOnline')}</p>
      <p className="hint">{t('monitoring:fieldVisit.privacy')}</p>
    </section>
  );
}
