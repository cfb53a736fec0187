// Lists are paged in SQL with a capped page size.

/** Largest page a list returns, whatever the request asks for. */
export const MAX_PAGE_SIZE = 100;

/** A page request: 1-based page number and size (capped at MAX_PAGE_SIZE). */
export interface PageRequest {
  page?: number;
  pageSize?: number;
}

/** Limit and offset for a page request, with the size capped and nonsense (0, negatives, NaN) mapped to defaults. */
export function pageBounds(p: PageRequest = {}, defaultSize = 50) {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(Number(p.pageSize) || defaultSize)));
  const page = Math.max(1, Math.floor(Number(p.page) || 1));
  return { page, pageSize: size, limit: size, offset: (page - 1) * size };
}
