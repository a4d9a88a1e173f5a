import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromiumSkip, startBrowserSite, visitPage, watchPage, type BrowserSite, type Watcher } from './harness.js';
import { waitFor } from '../helpers/processes.js';
import { pages } from './pages.js';

/** wideElements names the elements that stick out past the right edge of the viewport. */
const wideElements = () =>
  [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);

describe('page hygiene in Chromium: console, network, CSP and narrow screens', { skip: chromiumSkip() }, () => {
  let browser: BrowserSite;
  let watcher: Watcher;
  before(async () => {
    browser = await startBrowserSite();
    watcher = watchPage(browser.page, browser.origin);
  });
  after(() => browser?.close());

  it('notices a CSP violation and a failed request, so a clean page means something', async () => {
    const { page, origin } = browser;
    await page.goto(`${origin}/`);
    watcher.reset();
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red; }';
      document.head.append(style);
      const image = document.createElement('img');
      image.src = '/img/no-such-image.png';
      document.body.append(image);
    });
    const reported = () => /CSP violation: style-src/.test(watcher.problems.join('\n')) && /HTTP 404 for .*no-such-image/.test(watcher.problems.join('\n'));
    await waitFor(reported, 5_000, 'the page to report the CSP violation and the missing image');
    const seen = watcher.problems.join('\n');
    assert.match(seen, /CSP violation: style-src/);
    assert.match(seen, /HTTP 404 for .*no-such-image/);
    watcher.reset();
  });

  for (const spec of pages) {
    it(`${spec.name} (${spec.path}) loads cleanly and fits a 320 px screen`, async () => {
      const { page, origin } = browser;
      await page.setViewportSize({ width: 320, height: 640 });
      watcher.reset();
      watcher.expectDocumentStatus(spec.status);
      const response = await visitPage(page, origin, spec);
      assert.equal(response?.status(), spec.status);
      assert.deepEqual(watcher.problems, [], `problems on ${spec.path}:\n  ${watcher.problems.join('\n  ')}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${spec.path} scrolls sideways by ${overflow}px at 320px: ${(await page.evaluate(wideElements)).join(', ')}`);
    });
  }

  it('serves well-formed XML for every advertised feed and sitemap', async () => {
    const { page, origin, site } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    // Feeds are found the way readers' software finds them: autodiscovery links and robots.txt.
    const urls = new Set<string>();
    for (const path of ['/', '/authors/ben-sample', '/tags/public-transit']) {
      await page.goto(origin + path);
      for (const href of await page.locator('link[rel="alternate"][type]').evaluateAll((links) =>
        links.map((link) => `${link.getAttribute('type')} ${(link as HTMLLinkElement).href}`),
      )) {
        urls.add(href);
      }
    }
    const robots = await site.get('/robots.txt');
    assert.equal(robots.status, 200, '/robots.txt');
    for (const match of (await robots.text()).matchAll(/^sitemap:\s*(\S+)/gim)) urls.add(`application/xml ${match[1]}`);
    assert.ok([...urls].some((entry) => entry.includes('/feed.')), 'pages advertise feeds');
    assert.ok([...urls].some((entry) => entry.endsWith('/sitemap.xml')), 'robots.txt names the sitemap');

    const problems: string[] = [];
    const checked = new Set<string>();
    const queue = [...urls];
    while (queue.length > 0) {
      const [type, url] = queue.shift()!.split(' ') as [string, string];
      if (checked.has(url)) continue;
      checked.add(url);
      const { pathname, search } = new URL(url);
      const response = await site.get(pathname + search);
      if (response.status !== 200) {
        problems.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      const text = await response.text();
      if (/json/.test(type)) {
        try {
          JSON.parse(text);
        } catch (error) {
          problems.push(`${url}: invalid JSON: ${(error as Error).message}`);
        }
        continue;
      }
      // Chromium's own XML parser: anything it cannot parse, feed readers cannot either.
      const error = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return doc.querySelector('parsererror')?.textContent ?? null;
      }, text);
      if (error) problems.push(`${url}: not well-formed XML: ${error}`);
      // A sitemap index lists more sitemaps: check those too.
      if (/<sitemapindex[\s>]/.test(text)) {
        for (const loc of text.matchAll(/<loc>([^<]+)<\/loc>/g)) queue.push(`application/xml ${loc[1]}`);
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
