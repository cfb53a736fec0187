/**
 * Request headers through which the HTTP server (server/app.ts) tells the app what it determined. The
 * server removes any copy a client sent and sets its own, so the app can trust them.
 */

/** The client's address for rate limits (see `clientKey`). */
export const CLIENT_ADDRESS_HEADER = 'x-kamkor-client-address';

/**
 * Set when an upload route's body went over the limits: the server stopped reading it and passes the
 * request on with no body, so the form can say "the file is too large" (`readUpload`) instead of the
 * browser showing a bare 413 page.
 */
export const BODY_REFUSED_HEADER = 'x-kamkor-body-refused';

/**
 * A random id of one HTTP request. Remix hands each loader its own copy of the Request (same headers),
 * so the root and the page loader share their session lookup by this id (`getCurrentUser`).
 */
export const REQUEST_ID_HEADER = 'x-kamkor-request-id';
