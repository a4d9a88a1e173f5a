/**
 * npm run audit: Lighthouse (mobile preset) on the real server with the sample content, printing the four
 * category scores per page. Extra paths may be given: `npm run audit -- /tags/housing`.
 * Exits 1 when a page misses the targets (100 for accessibility, best practices and SEO; 95 for performance).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, spawnServer } from '../test/helpers/processes.js';

const root = path.resolve(import.meta.dirname, '..');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const reportDir = path.join(root, 'test-results', 'lighthouse');
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const targets: Record<(typeof categories)[number], number> = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/', '/opinion/build-the-houses-we-love'];

if (!fs.existsSync(chromePath)) {
  console.error(`Chromium not found at ${chromePath}: install it with \`apt-get install chromium\` or set CHROME_PATH.`);
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-audit-'));
// SITE_URL must name the port, so the port is chosen before the server starts.
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = await spawnServer({ PORT: String(port), SITE_URL: origin, DATABASE_PATH: path.join(dir, 'audit.db'), WORKERS: '1' });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let missed = 0;
try {
  fs.mkdirSync(reportDir, { recursive: true });
  console.log(`Lighthouse ${JSON.parse(fs.readFileSync(path.join(root, 'audit/node_modules/lighthouse/package.json'), 'utf8')).version}, mobile preset, ${chromePath}\n`);
  console.log(['page'.padEnd(40), ...categories.map((c) => c.padStart(15))].join(''));
  for (const pathname of paths) {
    // The default config is the mobile preset: a mid-range phone's screen and simulated slow 4G and CPU.
    const result = await lighthouse(origin + pathname, { port: chrome.port, output: 'html', logLevel: 'error', onlyCategories: [...categories] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${pathname}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${pathname}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    fs.writeFileSync(path.join(reportDir, `${pathname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}.html`), result.report as string);
    const scores = categories.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    console.log([pathname.padEnd(40), ...scores.map((s) => String(s).padStart(15))].join(''));
    categories.forEach((category, i) => {
      if (scores[i]! >= targets[category]) return;
      missed++;
      const failing = (lhr.categories[category]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id} (${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score})`);
      console.log(`  ${category} ${scores[i]} < ${targets[category]}: ${failing.join(', ') || 'see the report'}`);
    });
  }
  console.log(`\nReports: ${path.relative(root, reportDir)}/`);
} finally {
  await chrome.kill();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exitCode = missed > 0 ? 1 : 0;
