import type { ReactNode } from 'react';

/** One queued entry the server did not take: why, what it held and what the user may do with it. */
export interface QueueProblem {
  id: string;
  reason: string;
  entries: { key: string; label: ReactNode; value: string }[];
  actions: ReactNode;
}

/**
 * The phone's queue on an offline field page (a questionnaire, a visit record): how many wait, how many
 * were sent, a "send now" button while online, and the entries the server refused or found in conflict.
 * It also says whether the page itself is kept on the phone (so it opens offline).
 * Test ids are `<idPrefix>-waiting`, `<idPrefix>-sent` and `<idPrefix>-kept` (with `data-kept`).
 */
export function FieldQueueStatus({
  idPrefix,
  title,
  waitingText,
  sentText,
  sendNowLabel,
  onSendNow,
  problems,
  problemTestId,
  keptOffline,
  keptText,
}: {
  idPrefix: string;
  title: string;
  waitingText: string;
  /** Shown once something was sent. */
  sentText: string | null;
  /** Shown while something waits and the phone is online. */
  sendNowLabel: string | null;
  onSendNow: () => void;
  problems: QueueProblem[];
  problemTestId?: string;
  keptOffline: 'pending' | 'kept' | 'failed';
  keptText: string;
}) {
  return (
    <section className="card field-status" aria-labelledby={`${idPrefix}-queue-title`}>
      <h2 id={`${idPrefix}-queue-title`}>{title}</h2>
      <p role="status" className={keptOffline === 'failed' ? 'error-message' : 'hint'} data-testid={`${idPrefix}-kept`} data-kept={keptOffline}>
        {keptText}
      </p>
      <p role="status" data-testid={`${idPrefix}-waiting`}>
        {waitingText}
      </p>
      {sentText ? (
        <p role="status" data-testid={`${idPrefix}-sent`}>
          {sentText}
        </p>
      ) : null}
      {sendNowLabel ? (
        <button type="button" onClick={onSendNow}>
          {sendNowLabel}
        </button>
      ) : null}
      {problems.length ? (
        <ul className="field-conflicts">
          {problems.map((item) => (
            <li key={item.id} className="card" data-testid={problemTestId}>
              <p>
                <strong>{item.reason}</strong>
              </p>
              <dl>
                {item.entries.map((e) => (
                  <div key={e.key}>
                    <dt>{e.label}</dt>
                    <dd>{e.value}</dd>
                  </div>
                ))}
              </dl>
              {item.actions}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * Below the queue: what was just kept on the phone (`flash`), and the answers the phone's own checks
 * refused, each linking to its question (the summary gets focus from the page, by `id`).
 */
export function FieldCheckMessages({
  flash,
  id,
  intro,
  errors,
}: {
  flash: string | null;
  id: string;
  intro: string;
  errors: { name: string; href: string; label: string; message: string }[];
}) {
  return (
    <>
      {flash ? (
        <p className="flash" role="status">
          {flash}
        </p>
      ) : null}
      {errors.length ? (
        <div className="error-summary" role="alert" id={id} tabIndex={-1}>
          <p>{intro}</p>
          <ul>
            {errors.map((e) => (
              <li key={e.name}>
                <a href={e.href}>{e.label}</a>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
