import { createContext, useContext } from 'react';

/**
 * The CSP nonce of this response, from the server's load context (entry.server provides it). Remix's
 * inline scripts carry it; in the browser it is empty, as browsers hide nonces from the DOM.
 */
export const NonceContext = createContext('');

export function useNonce(): string {
  return useContext(NonceContext);
}
