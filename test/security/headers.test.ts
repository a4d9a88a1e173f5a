import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commentPost, readArticle } from '../helpers/comment-traffic.js';
import { assertSecurityHeaders } from '../helpers/security.js';
import { startSite, type TestSite } from '../helpers/site.js';

/** One kind of response, reached by one request; init may need the running site (a fresh form token). */
interface RouteType {
  name: string;
  status: number;
  path: string;
  init?: RequestInit | ((site: TestSite) => Promise<RequestInit>);
}

/** withToken builds a comment post carrying a fresh token from the article's own form. */
const withToken = (fields: Record<string, string>) => async (site: TestSite) => {
  const { token } = await readArticle(site.url, 'full-piece');
  assert.ok(token, 'the article has a comment form');
  return commentPost(site.config.siteUrl, { token, ...fields });
};
const aComment = { name: 'Header Reader', comment: 'Checking the headers of a comment post.' };

// One request per kind of response the site gives, every one checked for the same headers. The site allows
// two comment posts per address (env below): the 303 and the 400 use them up, so the next post gets 429.
const routeTypes: RouteType[] = [
  { name: 'home page', status: 200, path: '/' },
  { name: 'later index page', status: 200, path: '/?page=2' },
  { name: 'article', status: 200, path: '/opinion/full-piece' },
  { name: 'author page', status: 200, path: '/authors/ben-sample' },
  { name: 'tag page', status: 200, path: '/tags/public-transit' },
  { name: 'alias redirect', status: 301, path: '/opinion/old-full-piece' },
  { name: 'page-one redirect', status: 301, path: '/?page=1' },
  { name: 'site RSS feed', status: 200, path: '/feed.xml' },
  { name: 'site Atom feed', status: 200, path: '/feed.atom' },
  { name: 'site JSON feed', status: 200, path: '/feed.json' },
  { name: 'author RSS feed', status: 200, path: '/authors/ada-fixture/feed.xml' },
  { name: 'author Atom feed', status: 200, path: '/authors/ada-fixture/feed.atom' },
  { name: 'author JSON feed', status: 200, path: '/authors/ada-fixture/feed.json' },
  { name: 'tag RSS feed', status: 200, path: '/tags/public-transit/feed.xml' },
  { name: 'tag Atom feed', status: 200, path: '/tags/public-transit/feed.atom' },
  { name: 'tag JSON feed', status: 200, path: '/tags/public-transit/feed.json' },
  { name: 'unknown feed format', status: 404, path: '/feed.php' },
  { name: 'sitemap', status: 200, path: '/sitemap.xml' },
  { name: 'sitemap file', status: 200, path: '/sitemaps/articles-1.xml' },
  { name: 'sitemap of fixed pages', status: 200, path: '/sitemaps/pages.xml' },
  { name: 'news sitemap', status: 200, path: '/sitemap-news.xml' },
  { name: 'robots.txt', status: 200, path: '/robots.txt' },
  { name: 'search results', status: 200, path: '/search?q=transit' },
  { name: 'search with no results', status: 200, path: '/search?q=zyzzyva' },
  { name: 'empty search', status: 200, path: '/search' },
  { name: 'corrections', status: 200, path: '/corrections' },
  { name: 'comment accepted', status: 303, path: '/opinion/full-piece/comments', init: withToken(aComment) },
  { name: 'comment form with errors', status: 400, path: '/opinion/full-piece/comments', init: withToken({ name: '', comment: '' }) },
  {
    name: 'comment from another site',
    status: 403,
    path: '/opinion/full-piece/comments',
    init: async (site) => ({ ...(await withToken(aComment)(site)), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } }),
  },
  { name: 'comment beyond the rate limit', status: 429, path: '/opinion/full-piece/comments', init: withToken({ ...aComment, comment: 'Once more.' }) },
  { name: 'comment on no article', status: 404, path: '/opinion/no-such-piece/comments', init: withToken(aComment) },
  { name: 'not found', status: 404, path: '/no/such/page' },
  { name: 'bad query', status: 400, path: '/?page=abc' },
  { name: 'bad percent-encoding', status: 400, path: '/opinion/%E0%A4%A' },
  { name: 'unknown method', status: 405, path: '/', init: { method: 'DELETE' } },
  { name: 'non-form post', status: 415, path: '/', init: { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } },
  { name: 'oversized post', status: 413, path: '/', init: { method: 'POST', body: 'x'.repeat(70_000), headers: { 'content-type': 'application/x-www-form-urlencoded' } } },
  { name: 'over-long URL', status: 414, path: `/opinion/${'a'.repeat(3000)}` },
  { name: 'plain static file', status: 200, path: '/img/favicon.svg' },
  { name: 'missing static file', status: 404, path: '/css/no-such.css' },
  { name: 'health check', status: 200, path: '/healthz' },
  { name: 'OPTIONS', status: 204, path: '/', init: { method: 'OPTIONS' } },
  // With edge includes off (the default) the edge routes do not exist (issue 17).
  { name: 'edge counter, edge includes off', status: 404, path: '/_edge/visits/full-piece' },
  { name: 'the per-reader token include, gone (issue 15)', status: 404, path: '/_edge/comment-token/full-piece' },
  { name: 'edge comments, edge includes off', status: 404, path: '/_edge/comments/full-piece' },
];

// The includes an ESI cache fetches (EDGE_INCLUDES=on): a reader can ask for them too (issue 17).
const esiCache = { 'Surrogate-Capability': 'broadsheet=ESI/1.0' };
const edgeRouteTypes: RouteType[] = [
  { name: 'edge counter', status: 200, path: '/_edge/visits/full-piece' },
  { name: 'edge counter of no piece', status: 404, path: '/_edge/visits/no-such-piece' },
  { name: 'edge comments', status: 200, path: '/_edge/comments/full-piece' },
  { name: 'edge comments for an ESI cache', status: 200, path: '/_edge/comments/full-piece', init: { headers: esiCache } },
  { name: 'edge comments of no piece', status: 404, path: '/_edge/comments/no-such-piece' },
  { name: 'edge counter, unknown method', status: 405, path: '/_edge/visits/full-piece', init: { method: 'DELETE' } },
  { name: 'edge counter, over-long URL', status: 414, path: `/_edge/visits/${'a'.repeat(3000)}` },
];

async function checkAll(site: TestSite, hsts: boolean, routes = routeTypes): Promise<void> {
  const home = await (await site.get('/')).text();
  const stylesheet = /href="(\/css\/site\.[0-9a-f]{10}\.css)"/.exec(home)?.[1];
  assert.ok(stylesheet);
  for (const route of [...routes, { name: 'fingerprinted asset', status: 200, path: stylesheet }]) {
    const init = typeof route.init === 'function' ? await route.init(site) : route.init;
    const response = await site.get(route.path, init);
    await response.arrayBuffer();
    assert.equal(response.status, route.status, route.name);
    assertSecurityHeaders(response, { hsts, label: route.name });
  }
}

const commentEnv = { COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '2' };

describe('security headers on every route type (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: commentEnv });
  });
  after(() => site.close());

  it('sends the exact strict CSP and the other headers, and no HSTS over plain HTTP', async () => {
    await checkAll(site, false);
  });
});

describe('security headers on a site served over HTTPS (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { SITE_URL: 'https://broadsheet.test', ...commentEnv } });
  });
  after(() => site.close());

  it('adds HSTS to every route type', async () => {
    await checkAll(site, true);
  });
});

describe('security headers on the edge includes (issue 17)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { EDGE_INCLUDES: 'on' } });
  });
  after(() => site.close());

  it('sends the same headers on every edge include, and the guards refuse what they refuse elsewhere', async () => {
    await checkAll(site, false, edgeRouteTypes);
  });
});
