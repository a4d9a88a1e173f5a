import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { formToken } from '../../../src/comments/token.js';
import { maxPreviewMs, signPreviewToken, verifyPreviewToken } from '../../../src/preview/token.js';

const secret = 'a-site-secret-of-at-least-thirty-two-characters';
const issuedTs = Date.parse('2026-12-01T09:00:00Z');
const claim = { slug: 'a-draft-on-bridges', issuedTs, expiresTs: issuedTs + 7 * 86_400_000 };
const token = signPreviewToken(secret, claim);
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('preview tokens (issue 20)', () => {
  it('verifies a token it signed, giving back slug, issue time and expiry, and names no slug in plain text', () => {
    assert.deepEqual(verifyPreviewToken(secret, token, issuedTs + 1000), claim);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.doesNotMatch(token, /bridges/);
  });

  it('refuses every single-character change of the token, spare bits of the last character included', () => {
    for (let i = 0; i < token.length; i += 1) {
      for (const c of alphabet) {
        if (c === token[i]) continue;
        const altered = token.slice(0, i) + c + token.slice(i + 1);
        assert.equal(verifyPreviewToken(secret, altered, issuedTs + 1000), undefined, `position ${i} as ${c}`);
      }
    }
  });

  it('refuses every flipped bit of the decoded token', () => {
    const bytes = Buffer.from(token, 'base64url');
    for (let bit = 0; bit < bytes.length * 8; bit += 1) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      assert.equal(verifyPreviewToken(secret, flipped.toString('base64url'), issuedTs + 1000), undefined, `bit ${bit}`);
    }
  });

  it('refuses a token signed with another secret, truncated, extended, or not base64url at all', () => {
    const at = issuedTs + 1000;
    assert.equal(verifyPreviewToken('another-secret-of-at-least-thirty-two-chars', token, at), undefined);
    for (let n = 0; n < token.length; n += 1) assert.equal(verifyPreviewToken(secret, token.slice(0, n), at), undefined, `first ${n}`);
    assert.equal(verifyPreviewToken(secret, `${token}A`, at), undefined);
    assert.equal(verifyPreviewToken(secret, `${token}AAAA`, at), undefined);
    assert.equal(verifyPreviewToken(secret, `${token}=`, at), undefined);
    assert.equal(verifyPreviewToken(secret, `${token.slice(0, -1)}+`, at), undefined);
    assert.equal(verifyPreviewToken(secret, `${token.slice(0, -1)}/`, at), undefined);
    assert.equal(verifyPreviewToken(secret, 'A'.repeat(5000), at), undefined);
  });

  it('cannot be moved to another piece: the slug is under the MAC', () => {
    const bytes = Buffer.from(token, 'base64url');
    const other = Buffer.from(bytes);
    other.write('a-draft-on-bridgez', 12, 'utf8');
    assert.equal(verifyPreviewToken(secret, other.toString('base64url'), issuedTs + 1000), undefined);
  });

  it('refuses a comment form token, and a MAC over the same fields made for another purpose', () => {
    const comment = formToken(secret, claim.slug, issuedTs);
    assert.equal(verifyPreviewToken(secret, comment, issuedTs + 5000), undefined);
    const payload = Buffer.from(token, 'base64url').subarray(0, -32);
    for (const label of ['comment-form\n', 'broadsheet preview link v2\n', '']) {
      const mac = createHmac('sha256', secret).update(label).update(payload).digest();
      assert.equal(verifyPreviewToken(secret, Buffer.concat([payload, mac]).toString('base64url'), issuedTs + 1000), undefined, label);
    }
  });

  it('works until its expiry and not from that millisecond on', () => {
    assert.deepEqual(verifyPreviewToken(secret, token, claim.expiresTs - 1), claim);
    assert.equal(verifyPreviewToken(secret, token, claim.expiresTs), undefined);
    assert.equal(verifyPreviewToken(secret, token, claim.expiresTs + 86_400_000), undefined);
  });

  it('refuses a token issued well in the future, or living longer than thirty days, even when signed with the secret', () => {
    assert.equal(verifyPreviewToken(secret, token, issuedTs - 120_000), undefined);
    assert.deepEqual(verifyPreviewToken(secret, token, issuedTs - 30_000), claim);
    const long = signPreviewToken(secret, { ...claim, expiresTs: issuedTs + maxPreviewMs + 1 });
    assert.equal(verifyPreviewToken(secret, long, issuedTs + 1000), undefined);
    const longest = signPreviewToken(secret, { ...claim, expiresTs: issuedTs + maxPreviewMs });
    assert.ok(verifyPreviewToken(secret, longest, issuedTs + 1000));
  });
});
