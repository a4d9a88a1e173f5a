import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSecurityHeaders } from '../helpers/security.js';
import { startSite, type TestSite } from '../helpers/site.js';

/** One kind of response, reached by one request. */
interface RouteType {
  name: string;
  status: number;
  path: string;
  init?: RequestInit;
}

// One request per kind of response the site gives. Feeds, sitemaps, search and comment posts join this
// list as those routes land; every entry is checked for the same headers.
const routeTypes: RouteType[] = [
  { name: 'home page', status: 200, path: '/' },
  { name: 'later index page', status: 200, path: '/?page=2' },
  { name: 'article', status: 200, path: '/opinion/full-piece' },
  { name: 'author page', status: 200, path: '/authors/ben-sample' },
  { name: 'tag page', status: 200, path: '/tags/public-transit' },
  { name: 'alias redirect', status: 301, path: '/opinion/old-full-piece' },
  { name: 'page-one redirect', status: 301, path: '/?page=1' },
  { name: 'not found', status: 404, path: '/no/such/page' },
  { name: 'bad query', status: 400, path: '/?page=abc' },
  { name: 'bad percent-encoding', status: 400, path: '/opinion/%E0%A4%A' },
  { name: 'unknown method', status: 405, path: '/', init: { method: 'DELETE' } },
  { name: 'non-form post', status: 415, path: '/', init: { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } },
  { name: 'oversized post', status: 413, path: '/', init: { method: 'POST', body: 'x'.repeat(70_000), headers: { 'content-type': 'application/x-www-form-urlencoded' } } },
  { name: 'over-long URL', status: 414, path: `/opinion/${'a'.repeat(3000)}` },
  { name: 'plain static file', status: 200, path: '/img/favicon.svg' },
  { name: 'health check', status: 200, path: '/healthz' },
];

async function checkAll(site: TestSite, hsts: boolean): Promise<void> {
  const home = await (await site.get('/')).text();
  const stylesheet = /href="(\/css\/site\.[0-9a-f]{10}\.css)"/.exec(home)?.[1];
  assert.ok(stylesheet);
  for (const route of [...routeTypes, { name: 'fingerprinted asset', status: 200, path: stylesheet }]) {
    const response = await site.get(route.path, route.init);
    await response.arrayBuffer();
    assert.equal(response.status, route.status, route.name);
    assertSecurityHeaders(response, { hsts, label: route.name });
  }
}

describe('security headers on every route type (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it('sends the exact strict CSP and the other headers, and no HSTS over plain HTTP', async () => {
    await checkAll(site, false);
  });
});

describe('security headers on a site served over HTTPS (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { SITE_URL: 'https://broadsheet.test' } });
  });
  after(() => site.close());

  it('adds HSTS to every route type', async () => {
    await checkAll(site, true);
  });
});
