/** What the HTTP server (server/app.ts) gives every loader, action and entry.server. */
export type KamkorLoadContext = {
  /** Nonce for this response's inline scripts, named in its Content-Security-Policy. */
  cspNonce: string;
  /** The client's address as the server determined it (see clientKey). */
  clientAddress: string;
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string;
    clientAddress: string;
  }
}
