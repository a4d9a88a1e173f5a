import assert from 'node:assert/strict';

/** The exact Content-Security-Policy every response carries (issue 8): nothing inline, nothing foreign. */
export const expectedCsp =
  "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';" +
  "img-src 'self';object-src 'none';script-src 'self';style-src 'self'";

export const expectedPermissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()';

/** assertSecurityHeaders checks the full set of security headers on one response; hsts says whether HSTS is expected. */
export function assertSecurityHeaders(response: Response, { hsts, label }: { hsts: boolean; label: string }): void {
  const h = (name: string) => response.headers.get(name);
  assert.equal(h('content-security-policy'), expectedCsp, `${label}: CSP`);
  assert.equal(h('x-frame-options'), 'DENY', `${label}: X-Frame-Options`);
  assert.equal(h('referrer-policy'), 'strict-origin-when-cross-origin', `${label}: Referrer-Policy`);
  assert.equal(h('permissions-policy'), expectedPermissionsPolicy, `${label}: Permissions-Policy`);
  assert.equal(h('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
  assert.equal(h('cross-origin-opener-policy'), 'same-origin', `${label}: COOP`);
  assert.equal(h('x-powered-by'), null, `${label}: X-Powered-By`);
  if (hsts) assert.equal(h('strict-transport-security'), 'max-age=31536000; includeSubDomains', `${label}: HSTS`);
  else assert.equal(h('strict-transport-security'), null, `${label}: no HSTS over plain HTTP`);
}
