import { ErrorSummary, type FormState } from './forms.tsx';

/** The form's error summary; a workflow refusal shows its full message (amounts, the deadline). */
export function CompetitionErrors({ state }: { state?: (FormState & { message?: string }) | null }) {
  if (state?.message) {
    return (
      <div className="error-summary" role="alert" tabIndex={-1}>
        <p>{state.message}</p>
      </div>
    );
  }
  return <ErrorSummary state={state} />;
}

/** A competition's status as a badge. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  const tone = status === 'awarded' || status === 'accepting' || status === 'admitted' || status === 'submitted' ? 'ok' : status === 'cancelled' || status === 'rejected' || status === 'unsuccessful' ? 'bad' : 'warn';
  return <span className={`badge ${tone}`}>{label}</span>;
}
