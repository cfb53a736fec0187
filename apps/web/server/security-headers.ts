import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy and the other protective headers, on every response (pages, downloads,
 * assets). Remix's inline scripts carry a fresh nonce per request (passed to <Scripts> through the
 * load context); styles allow inline `style` attributes, which React and the charts render.
 */
export function securityHeaders({ dev, https }: { dev: boolean; https: boolean }): RequestHandler[] {
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          // Development builds (React, Vite's client) evaluate code; production needs no eval.
          'script-src': dev ? ["'self'", nonce, "'unsafe-eval'"] : ["'self'", nonce],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          // Vite's hot reload talks over a WebSocket in development.
          'connect-src': dev ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          ...(https ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
      // Downloads and images are our own; nothing is embedded cross-origin.
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
      referrerPolicy: { policy: 'same-origin' },
      xFrameOptions: { action: 'deny' },
    }),
    (_req, res, next) => {
      res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
      next();
    },
  ];
}
