import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { processImage } from '../../src/media/process.js';
import { openMediaStore } from '../../src/media/store.js';
import { makeArticleImages } from '../../src/publishing/article-images.js';
import { requireTool } from '../helpers/require-tool.js';
import { fixtureContent, fixturesDir, startSite, type TestSite } from '../helpers/site.js';
import { browserSiteEnv, type PageSpec } from './pages.js';

export const chromiumPath = '/usr/bin/chromium';
export const projectRoot = path.resolve(import.meta.dirname, '../..');
/** Extra fixture pieces only the browser suite imports, so other suites keep their counts. */
export const browserFixtures = path.join(fixturesDir, 'browser');
/** Where screenshots go; test-results/ is git-ignored. */
export const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');

/** chromiumSkip is the skip reason for suites that need Chromium, or false when it is installed (see requireTool). */
export function chromiumSkip(): string | false {
  return requireTool('Chromium', fs.existsSync(chromiumPath), 'chromium');
}

/** A running test site with one Chromium attached to it. */
export interface BrowserSite {
  site: TestSite;
  /** The origin the browser uses: the site's configured SITE_URL, resolved to the test server. */
  origin: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * startPicturedSite starts the test site on the fixtures and the browser's own, then runs the import's image
 * step as the CLI and the reconcile do after an import: the lead photo and Cara Lens's portrait get their
 * variants (issue 19). A refused image fails the set-up, so no check runs over a page that lost its picture.
 */
export async function startPicturedSite(): Promise<TestSite> {
  const site = await startSite({ content: [fixtureContent, browserFixtures], env: browserSiteEnv });
  try {
    const report = await makeArticleImages(site.db, {
      store: openMediaStore(site.config.mediaDir),
      process: processImage,
      contentDir: browserFixtures,
      siteName: site.config.siteName,
    });
    assert.deepEqual(report.refused, [], 'the image step refused a browser fixture');
    for (const name of ['rooftop-gardens', 'author cara-lens']) assert.ok(report.processed.includes(name), `the image step processed ${name}`);
  } catch (error) {
    await site.close();
    throw error;
  }
  return site;
}

/**
 * startBrowserSite starts the real app on an ephemeral port (startPicturedSite) and one Chromium with a fresh
 * profile. Chromium resolves the configured site host to that port, so pages are read at their real SITE_URL
 * (links, canonical URLs and Origin headers all match) while the server listens on 127.0.0.1 only.
 */
export async function startBrowserSite(): Promise<BrowserSite> {
  const site = await startPicturedSite();
  const origin = site.config.siteUrl;
  const port = new URL(site.url).port;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      // Link colours ease over 120 ms unless motion is reduced; without this, switching the colour scheme
      // would let axe and screenshots catch colours half-way through that transition.
      reducedMotion: 'reduce',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // Every other host fails to resolve, so a stray third-party request fails fast and is reported.
        `--host-resolver-rules=MAP ${new URL(origin).hostname} 127.0.0.1:${port}, MAP * ~NOTFOUND`,
        // Production is served over HTTPS; without this Chromium logs that it ignores helmet's
        // Cross-Origin-Opener-Policy on a plain-HTTP origin, an error no reader of the real site sees.
        `--unsafely-treat-insecure-origin-as-secure=${origin}`,
      ],
    });
  } catch (error) {
    await site.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  // tsx compiles with esbuild's keepNames, which wraps named functions inside page.evaluate callbacks in a
  // __name() helper that exists only in Node (esbuild issue #2605); define it as the identity in pages.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  // Chromium reports CSP violations as a DOM event; relay them to the console, where the watcher sees them.
  // Init scripts are injected by the DevTools protocol, so the page's own CSP does not block this one.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline content'}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    site,
    origin,
    context,
    page,
    async close() {
      await context.close();
      await site.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** visitPage opens a listed page and returns the document's response. */
export async function visitPage(page: Page, origin: string, spec: PageSpec): Promise<Response | null> {
  return page.goto(origin + spec.path, { waitUntil: 'load' });
}

/** What a page did wrong while it loaded: console errors, failed or foreign requests, CSP violations. */
export interface Watcher {
  readonly problems: string[];
  /** expectDocumentStatus tells the watcher that the page itself may answer this error status. */
  expectDocumentStatus(status: number): void;
  reset(): void;
}

/** watchPage records every hygiene problem on the page until reset, from its first request on. */
export function watchPage(page: Page, origin: string): Watcher {
  const problems: string[] = [];
  let documentStatus = 200;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs a console error for any 4xx document, including the 404 page we ask for on purpose.
    const isExpectedDocument =
      documentStatus >= 400 &&
      message.location().url === page.url() &&
      message.text().includes(`status of ${documentStatus}`);
    if (!isExpectedDocument) problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) problems.push(`request to another host: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    const isDocument = response.request().resourceType() === 'document';
    if (response.status() >= 400 && !(isDocument && response.status() === documentStatus)) {
      problems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  return {
    problems,
    expectDocumentStatus(status) {
      documentStatus = status;
    },
    reset() {
      problems.length = 0;
      documentStatus = 200;
    },
  };
}
