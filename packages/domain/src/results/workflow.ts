/** Report statuses in order of the workflow. */
export const reportStatuses = ['draft', 'submitted', 'returned', 'resubmitted', 'approved'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportTransitions = ['submit', 'return', 'approve', 'unlock'] as const;
export type ReportTransition = (typeof reportTransitions)[number];

const next: Record<ReportTransition, Partial<Record<ReportStatus, ReportStatus>>> = {
  submit: { draft: 'submitted', returned: 'resubmitted' },
  return: { submitted: 'returned', resubmitted: 'returned' },
  approve: { submitted: 'approved', resubmitted: 'approved' },
  // Unlocking reopens an approved period for correction; it then goes through review again.
  unlock: { approved: 'returned' },
};

/** The status after a transition, or null when the transition is not allowed from `status`. */
export function nextStatus(status: ReportStatus, transition: ReportTransition): ReportStatus | null {
  return next[transition][status] ?? null;
}

/** The contractor can change values only in a draft or a returned report; approval locks the period. */
export function isReportEditable(status: ReportStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Whether a report was submitted by its due date (first submission counts). */
export function isOnTime(firstSubmittedAt: Date | string | null, due: string): boolean | null {
  if (!firstSubmittedAt) return null;
  const d = typeof firstSubmittedAt === 'string' ? firstSubmittedAt.slice(0, 10) : firstSubmittedAt.toISOString().slice(0, 10);
  return d <= due;
}
