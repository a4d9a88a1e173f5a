import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { sitemapRoutes } from '../../src/routes/sitemaps.js';
import { discoveryFixtures, parseXml } from '../helpers/discovery.js';
import { fixtureContent, startSite, type TestSite } from '../helpers/site.js';

const site_ = 'http://broadsheet.test';

type UrlEntry = { loc: string; lastmod?: string };

function urlsOf(xml: string): UrlEntry[] {
  const doc = parseXml(xml, ['url']) as { urlset: { url?: UrlEntry[] } };
  return doc.urlset.url ?? [];
}

describe('sitemaps and robots.txt (issue 5)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ content: [fixtureContent, discoveryFixtures] });
  });
  after(() => site.close());

  it('lists every public page with the honest lastmod, and no drafts or scheduled pieces', async () => {
    const response = await site.get('/sitemap.xml');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/xml; charset=utf-8/);
    const urls = urlsOf(await response.text());
    const byLoc = new Map(urls.map((u) => [u.loc, u.lastmod]));
    assert.equal(byLoc.size, urls.length, 'no URL twice');

    const articles = urls.filter((u) => u.loc.includes('/opinion/')).map((u) => u.loc.replace(`${site_}/opinion/`, ''));
    assert.equal(articles.length, 19, '20 public pieces less the one whose canonical URL is elsewhere');
    for (const hidden of ['draft', 'scheduled', 'hidden-draft', 'syndicated-excerpt']) assert.ok(!articles.includes(hidden), hidden);
    assert.ok(articles.includes('fresh-syndicated'), 'a syndicated copy that is canonical here is listed');

    assert.equal(byLoc.get(`${site_}/`), '2026-11-27T10:00:00Z', 'home: the newest change anywhere');
    assert.equal(byLoc.get(`${site_}/corrections`), '2026-11-22T10:15:00Z');
    assert.equal(byLoc.get(`${site_}/opinion/filler-01`), '2026-09-01T06:00:00Z', 'published only');
    assert.equal(byLoc.get(`${site_}/opinion/full-piece`), '2026-10-03T13:30:00Z', 'updated and corrected at the same moment');
    assert.equal(byLoc.get(`${site_}/opinion/tram-lines`), '2026-11-22T10:15:00Z', 'a correction after the update wins');
    assert.equal(byLoc.get(`${site_}/authors/cora-quill`), '2026-11-27T09:00:00Z');
    assert.equal(byLoc.get(`${site_}/tags/trams`), '2026-11-27T09:00:00Z');
    assert.ok(byLoc.has(`${site_}/tags/filler`));
    assert.ok(!byLoc.has(`${site_}/search`), 'search pages are not listed');
  });

  it('names each omitted syndicated copy and its canonical URL instead of dropping it silently', async () => {
    const xml = await (await site.get('/sitemap.xml')).text();
    assert.match(xml, /<!-- not listed: http:\/\/broadsheet\.test\/opinion\/syndicated-excerpt is a syndicated copy; its canonical URL is https:\/\/example\.com\/gazette\/argument -->/);
  });

  it('lists only our own pieces from the last 48 hours in the Google News sitemap', async () => {
    const xml = await (await site.get('/sitemap-news.xml')).text();
    const doc = parseXml(xml, ['url']) as { urlset: { '@xmlns:news': string; url: Record<string, any>[] } };
    assert.equal(doc.urlset['@xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
    assert.deepEqual(doc.urlset.url.map((u) => u.loc), [`${site_}/opinion/fresh-piece`], 'the fresh syndicated copy is left out');
    const news = doc.urlset.url[0]!['news:news'];
    assert.equal(news['news:publication']['news:name'], 'Broadsheet');
    assert.equal(news['news:publication']['news:language'], 'en');
    assert.equal(news['news:publication_date'], '2026-11-27T09:00:00Z');
    assert.equal(news['news:title'], 'Yesterday’s argument, today');

    site.clock.now = Date.parse('2026-11-30T09:00:01Z');
    try {
      assert.equal(urlsOf(await (await site.get('/sitemap-news.xml')).text()).length, 0, 'after 48 hours it drops out');
    } finally {
      site.clock.now = Date.parse('2026-11-28T12:00:00Z');
    }
  });

  it('points robots.txt at both sitemaps and keeps crawlers out of search results', async () => {
    const response = await site.get('/robots.txt');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    const text = await response.text();
    assert.match(text, /^User-agent: \*$/m);
    assert.match(text, /^Disallow: \/search$/m);
    assert.match(text, /^Sitemap: http:\/\/broadsheet\.test\/sitemap\.xml$/m);
    assert.match(text, /^Sitemap: http:\/\/broadsheet\.test\/sitemap-news\.xml$/m);
  });

  it('becomes a sitemap index once the site outgrows one file, covering exactly the same URLs', async () => {
    const single = urlsOf(await (await site.get('/sitemap.xml')).text());
    // The same routes with a tiny file size, on a real server over the same database.
    const routes = sitemapRoutes({ db: site.db, config: site.config, now: () => site.clock.now }, { urlsPerFile: 5 });
    const app = express();
    app.get('/sitemap.xml', routes.index);
    app.get('/sitemaps/:file', routes.file);
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const index = parseXml(await (await fetch(`${base}/sitemap.xml`)).text(), ['sitemap']) as {
        sitemapindex: { sitemap: UrlEntry[] };
      };
      const files = index.sitemapindex.sitemap;
      assert.deepEqual(
        files.map((f) => f.loc.replace(`${site_}/sitemaps/`, '')),
        ['pages.xml', 'articles-1.xml', 'articles-2.xml', 'articles-3.xml', 'articles-4.xml', 'authors-1.xml', 'tags-1.xml'],
      );
      const all: UrlEntry[] = [];
      for (const file of files) {
        const response = await fetch(file.loc.replace(site_, base));
        assert.equal(response.status, 200, file.loc);
        const urls = urlsOf(await response.text());
        const newest = urls.map((u) => u.lastmod!).sort().at(-1);
        assert.equal(file.lastmod, newest, `${file.loc} is dated by its newest entry`);
        all.push(...urls);
      }
      assert.deepEqual(all.map((u) => u.loc).sort(), single.map((u) => u.loc).sort());
      assert.equal((await fetch(`${base}/sitemaps/articles-5.xml`)).status, 404);
      assert.equal((await fetch(`${base}/sitemaps/articles-0.xml`)).status, 404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
