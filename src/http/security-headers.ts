import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Config } from '../config.js';

/** A response header as [name, value]. */
export type Header = readonly [name: string, value: string];

/**
 * securityHeaders is the security policy every response carries, as a fixed list of headers: helmet's,
 * configured here (the one place the policy is written), plus Permissions-Policy. Nothing in it depends on
 * the request, so helmet runs once, at start-up, against a recorder, and each response then only copies
 * the list; the hit lane and the Express chain send the very same headers.
 */
export function securityHeaders(config: Pick<Config, 'siteUrl'>): readonly Header[] {
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
      },
    },
    // HSTS only means something over HTTPS; sent on plain HTTP it would be ignored or, worse, misleading.
    strictTransportSecurity: config.siteUrl.startsWith('https:') ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Matches frame-ancestors 'none' for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
  });
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => void recorded.set(name, String(value)),
    removeHeader: (name: string) => void recorded.delete(name),
  };
  let finished = false;
  policy({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // A policy that needed the request (a nonce, a per-request directive) could not be recorded once.
  if (!finished) throw new Error('helmet did not finish synchronously: the security policy cannot be precomputed');
  recorded.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()');
  return Object.freeze([...recorded].map(([name, value]) => Object.freeze([name, value] as const)));
}

/** setHeaders copies a fixed list of headers onto a response. */
export function setHeaders(res: ServerResponse, headers: readonly Header[]): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}
