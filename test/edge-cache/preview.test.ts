import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCommentSecret } from '../../src/comments/secret.js';
import { revokePreviews } from '../../src/db/preview-revocations.js';
import { signPreviewToken } from '../../src/preview/token.js';
import { previewUrl } from '../../src/urls.js';
import { startNginx, type Nginx } from '../../cache-stack/nginx.js';
import { browser, nginxSkip, startEdgeSite, varnishSkip, type EdgeSite } from '../helpers/edge.js';
import { freePort } from '../helpers/processes.js';
import { startSite, type TestSite } from '../helpers/site.js';

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

describe('preview links through the shipped nginx config (issue 20)', { skip: nginxSkip() }, () => {
  let site: TestSite;
  let nginx: Nginx;
  before(async () => {
    site = await startSite({ env: { TRUST_PROXY: 'loopback' } });
    nginx = await startNginx({ backendPorts: [Number(new URL(site.url).port)], port: await freePort(), workDir: path.join(site.dir, 'nginx') });
  });
  after(async () => {
    await nginx?.stop();
    await site?.close();
  });

  it('never stores a preview, and a revoked link stops at once', async () => {
    const issuedTs = site.clock.now;
    const url = previewUrl(signPreviewToken(resolveCommentSecret(site.db, site.config), { slug: 'draft', issuedTs, expiresTs: issuedTs + 86_400_000 }));
    for (const round of [1, 2]) {
      const response = await fetch(`${nginx.url}${url}`, { headers: browser });
      assert.equal(response.status, 200);
      assert.notEqual(response.headers.get('x-cache'), 'HIT', `request ${round}`);
      assert.equal(response.headers.get('cache-control'), 'private, no-store');
      await response.arrayBuffer();
    }
    revokePreviews(site.db, 'draft', issuedTs);
    assert.equal((await fetch(`${nginx.url}${url}`, { headers: browser })).status, 404);
  });
});
