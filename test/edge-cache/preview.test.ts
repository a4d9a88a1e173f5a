import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveCommentSecret } from '../../src/comments/secret.js';
import { revokePreviews } from '../../src/db/preview-revocations.js';
import { signPreviewToken } from '../../src/preview/token.js';
import { previewUrl } from '../../src/urls.js';
import { browser, startEdgeSite, varnishSkip, type EdgeSite } from '../helpers/edge.js';

const unavailable = varnishSkip();

describe('preview links through Varnish with the shipped VCL (issue 20)', { skip: unavailable }, () => {
  let edge: EdgeSite;
  const link = (slug: string) => {
    const issuedTs = Date.now();
    return previewUrl(signPreviewToken(resolveCommentSecret(edge.db, edge.config), { slug, issuedTs, expiresTs: issuedTs + 86_400_000 }));
  };
  before(async () => {
    edge = await startEdgeSite();
  });
  after(() => edge?.close());

  it('never stores a preview: every request goes to the origin, and the reader is told to keep nothing', async () => {
    const path = link('draft');
    for (const round of [1, 2, 3]) {
      const response = await edge.get(path, { headers: browser });
      assert.equal(response.status, 200);
      assert.notEqual(response.headers.get('x-cache'), 'HIT', `request ${round}`);
      assert.equal(response.headers.get('cache-control'), 'private, no-store');
      assert.equal(response.headers.get('x-robots-tag'), 'noindex, nofollow');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.match(await response.text(), /Preview — not published/);
    }
    assert.equal(edge.originHits(path), 3);
  });

  it('stops a revoked link at once: the edge holds no copy to serve', async () => {
    const path = link('scheduled');
    assert.equal((await edge.get(path, { headers: browser })).status, 200);
    revokePreviews(edge.db, 'scheduled', Date.now());
    const revoked = await edge.get(path, { headers: browser });
    assert.equal(revoked.status, 404);
    assert.doesNotMatch(await revoked.text(), /scheduled for the future/);
  });

  it('has no stale copy to show while the origin is down', async () => {
    const path = link('draft');
    assert.equal((await edge.get(path, { headers: browser })).status, 200);
    await edge.stopOrigin();
    const down = await edge.get(path, { headers: browser });
    assert.equal(down.status, 503);
    assert.doesNotMatch(await down.text(), /nobody should see/);
  });
});
