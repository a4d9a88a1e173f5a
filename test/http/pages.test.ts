import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertHtmlPage, startSite, type TestSite } from '../helpers/site.js';

describe('reading pages', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it('serves the home page with the newest public piece first', async () => {
    const response = await site.get('/');
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<title>Broadsheet \| Opinion<\/title>/);
    assert.match(html, /<h1 class="page-header__title">Opinion/);
    const first = html.indexOf('/opinion/syndicated-excerpt');
    const second = html.indexOf('/opinion/full-piece');
    assert.ok(first > 0 && first < second, 'newest piece is listed first');
  });

  it('serves an article with every field shown', async () => {
    const response = await site.get('/opinion/full-piece');
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<h1 class="article__title">The “full” piece – with every field<\/h1>/);
    assert.match(html, /<p class="kicker">Opinion <span class="kicker__section">Cities<\/span><\/p>/);
    assert.match(html, /By <a href="\/authors\/ada-fixture">Ada Fixture<\/a> and <a href="\/authors\/ben-sample">Ben Sample<\/a>/);
    assert.match(html, /<time datetime="2026-10-01T08:00:00-04:00">1 October 2026<\/time>/);
    assert.match(html, /Updated <time datetime="2026-10-03T09:30:00-04:00">/);
    assert.match(html, /<img src="\/img\/favicon\.[0-9a-f]{10}\.svg" alt="Rooftops drawn in simple shapes"/);
    assert.match(html, /<h2 id="why-it-matters">Why it matters<\/h2>/);
    assert.match(html, /<h2 id="why-it-matters-2">/);
    assert.match(html, /<blockquote>/);
    assert.match(html, /Disclosure:<\/strong> The authors ride the bus every day\./);
    assert.match(html, /<a href="\/tags\/public-transit">Public Transit<\/a>/);
    assert.match(html, /An earlier version misstated the number of routes\./);
    assert.match(html, /<link rel="canonical" href="http:\/\/broadsheet\.test\/opinion\/full-piece">/);
  });

  it('shows a syndicated excerpt cut between blocks, with a read-more link and the source line', async () => {
    const html = await (await site.get('/opinion/syndicated-excerpt')).text();
    assert.match(html, /<blockquote>\s*<p>A quotation in the middle that should never be cut in half by the excerpt, however long it is\.<\/p>\s*<\/blockquote>/);
    assert.doesNotMatch(html, /SECRET-ENDING/);
    assert.match(html, /<a href="https:\/\/example\.com\/gazette\/argument">Read more at The Fixture Gazette/);
    assert.match(html, /Source: <a href="https:\/\/example\.com\/gazette\/argument"><cite>The Fixture Gazette<\/cite> – Opinion<\/a>/);
    assert.match(html, /<link rel="canonical" href="https:\/\/example\.com\/gazette\/argument">/);
  });

  it('answers 404 for unknown slugs, drafts and scheduled pieces', async () => {
    for (const slug of ['no-such-piece', 'draft', 'scheduled']) {
      const response = await site.get(`/opinion/${slug}`);
      assertHtmlPage(response, 404);
      assert.match(await response.text(), /Page not found/);
    }
    const home = await (await site.get('/')).text();
    assert.doesNotMatch(home, /\/opinion\/(draft|scheduled)"/);
  });

  it('publishes a scheduled piece once its time has come', async () => {
    site.clock.now = Date.parse('2030-01-02T00:00:00Z');
    try {
      assertHtmlPage(await site.get('/opinion/scheduled'));
      const home = await (await site.get('/')).text();
      assert.match(home, /\/opinion\/scheduled"/);
    } finally {
      site.clock.now = Date.parse('2026-11-28T12:00:00Z');
    }
  });

  it('redirects an alias to the current URL', async () => {
    const response = await site.get('/opinion/old-full-piece');
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/opinion/full-piece');
  });

  it('paginates the home page with rel links and a 404 past the end', async () => {
    const page1 = await (await site.get('/')).text();
    assert.match(page1, /<link rel="next" href="\/\?page=2">/);
    assert.doesNotMatch(page1, /rel="prev"/);
    const page2 = await site.get('/?page=2');
    assertHtmlPage(page2);
    const html2 = await page2.text();
    assert.match(html2, /<link rel="prev" href="\/">/);
    // 15 public pieces at 12 a page: page 2 holds the oldest three.
    assert.equal(html2.match(/class="card[ "]/g)?.length, 3);
    assert.match(html2, /Filler piece number 01/);
    assertHtmlPage(await site.get('/?page=3'), 404);
    assert.equal((await site.get('/?page=1')).headers.get('location'), '/');
  });

  it('rejects a malformed page parameter with a 400 that names it', async () => {
    for (const bad of ['0', '-1', 'abc', '1e99', '2.5']) {
      const response = await site.get(`/?page=${bad}`);
      assertHtmlPage(response, 400);
      assert.match(await response.text(), /The page parameter must be a whole number/);
    }
    assertHtmlPage(await site.get('/?page=1&page=2'), 400);
  });

  it('serves author pages with bio and pieces', async () => {
    const response = await site.get('/authors/ben-sample');
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<h1 class="page-header__title">Ben Sample<\/h1>/);
    assert.match(html, /Ben is a sample contributor\./);
    assert.match(html, /\/opinion\/full-piece"/);
    assertHtmlPage(await site.get('/authors/nobody'), 404);
  });

  it('serves tag pages, paginated, without drafts or scheduled pieces', async () => {
    const response = await site.get('/tags/public-transit');
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<h1 class="page-header__title">Public Transit<\/h1>/);
    assert.doesNotMatch(html, /\/opinion\/scheduled"/);
    const filler = await (await site.get('/tags/filler?page=2')).text();
    assert.match(filler, /Page 2 of 2/);
    assertHtmlPage(await site.get('/tags/no-such-tag'), 404);
  });

  it('serves fingerprinted assets with immutable caching', async () => {
    const html = await (await site.get('/')).text();
    const href = /href="(\/css\/site\.[0-9a-f]{10}\.css)"/.exec(html)?.[1];
    assert.ok(href, 'stylesheet link is fingerprinted');
    const css = await site.get(href);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    assert.match(css.headers.get('cache-control') ?? '', /immutable/);
  });

  it('never leaks a stack trace or a file path in an error page', async () => {
    const response = await site.get('/opinion/%E0%A4%A');
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.doesNotMatch(html, /at .*\.(ts|js):\d+/);
    assert.doesNotMatch(html, /\/work\/|node_modules/);
  });
});
