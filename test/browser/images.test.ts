import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromiumSkip, startBrowserSite, watchPage, type BrowserSite, type Watcher } from './harness.js';
import { photoArticle } from './pages.js';

interface Measured {
  cls: number;
  lcpElement: string;
  lcpUrl: string;
  images: { src: string; width: string | null; height: string | null; loading: string | null; decoding: string | null }[];
}

// Read in the page once it has loaded and settled: every layout shift so far, and the last LCP candidate.
const measure = () =>
  new Promise<Measured>((resolve) => {
    let cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    let lcp: (PerformanceEntry & { element: Element | null; url: string }) | undefined;
    new PerformanceObserver((list) => {
      lcp = list.getEntries().at(-1) as typeof lcp;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    setTimeout(() => {
      const element = lcp?.element;
      resolve({
        cls,
        lcpElement: element ? `${element.tagName.toLowerCase()}${element.closest('figure') ? ' in figure.' + element.closest('figure')!.className : ''}` : 'none',
        lcpUrl: lcp?.url ?? '',
        images: [...document.images].map((img) => ({
          src: img.currentSrc,
          width: img.getAttribute('width'),
          height: img.getAttribute('height'),
          loading: img.getAttribute('loading'),
          decoding: img.getAttribute('decoding'),
        })),
      });
    }, 1000);
  });

describe('a lead photo in Chromium (issue 19)', { skip: chromiumSkip() }, () => {
  let browser: BrowserSite;
  let watcher: Watcher;
  before(async () => {
    browser = await startBrowserSite();
    watcher = watchPage(browser.page, browser.origin);
  });
  after(() => browser?.close());

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`at ${viewport.width}px: no layout shift, the photo is the largest paint, served as AVIF from the site itself`, async () => {
      const { page, origin } = browser;
      await page.setViewportSize(viewport);
      watcher.reset();
      await page.goto(origin + photoArticle, { waitUntil: 'load' });
      const measured = await page.evaluate(measure);
      assert.deepEqual(watcher.problems, []);
      assert.equal(measured.cls, 0);
      assert.equal(measured.lcpElement, 'img in figure.lead-image');
      assert.match(measured.lcpUrl, new RegExp(`^${origin}/media/[0-9a-f]{24}/\\d+\\.avif$`));
      for (const image of measured.images) {
        assert.ok(image.width && image.height, `${image.src} has width and height`);
        assert.equal(image.decoding, 'async', image.src);
      }
      assert.equal(measured.images[0]!.loading, 'eager');
    });
  }

  it('a card with a photo on the home page loads it lazily, at a small width', async () => {
    const { page, origin } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const card = page.locator('.card--pictured img.card__image').first();
    assert.equal(await card.getAttribute('loading'), 'lazy');
    await card.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector('.card--pictured img.card__image') as HTMLImageElement).complete);
    const src = await card.evaluate((img: HTMLImageElement) => img.currentSrc);
    assert.match(src, /\/media\/[0-9a-f]{24}\/(320|640)\.avif$/, 'a card column needs at most the 640 variant at 1x or 2x');
  });
});
