// npm run bench:edge: article throughput through Varnish (the shipped VCL) against the origin directly, in
// one run on loopback, and how many of the cached run's requests reached the origin. Both modes: whole pages
// (EDGE_INCLUDES=off) and edge includes (on), each with its own origin process and varnishd, views counted
// from the cache's log (VISITS_FROM=edge-log, issue 15). Then the edge-log ingest's rate into SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startVarnish, type Varnish } from '../cache-stack/local-stack.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import { importArticles } from '../src/publishing/import.js';
import { createEdgeLogIngest } from '../src/visits/edge-log-ingest.js';
import { ingestLogFile } from '../src/visits/edge-log-stream.js';
import { freePort, spawnServer, type Child } from '../test/helpers/processes.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    mode: { type: 'string', default: 'both' },
    'log-lines': { type: 'string', default: '500000' },
  },
});
const logLines = Number(values['log-lines']);
const duration = Number(values.duration);
const connections = Number(values.connections);
const modes = values.mode === 'both' ? ['off', 'on'] : [values.mode];
if (!(duration >= 1 && duration <= 30) || !(connections >= 1 && connections <= 100) || !modes.every((m) => m === 'on' || m === 'off') || !(logLines >= 1000 && logLines <= 10_000_000)) {
  console.error('Usage: npm run bench:edge -- [--duration 1..30] [--connections 1..100] [--mode off|on|both] [--log-lines 1000..10000000]');
  process.exit(2);
}

// A reader's browser: asks for gzip, and is not a bot.
const headers = {
  'accept-encoding': 'gzip',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
};
// Comments open (the usual case, and the viral one) and closed: since issue 15 both are shared.
const openArticle = '/opinion/frequent-buses-are-freedom';
const closedArticle = '/opinion/libraries-should-open-on-sundays';

interface Run {
  rps: number;
  total: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string): Promise<Run> {
  const result = await autocannon({ url, connections, duration, headers });
  return {
    rps: Math.round(result.requests.average),
    total: result.requests.total,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function originCounts(originUrl: string): Promise<Record<string, number>> {
  return (await (await fetch(`${originUrl}/__bench/requests`)).json()) as Record<string, number>;
}

const rows: string[] = [];
const notes: string[] = [];
for (const mode of modes) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-edge-'));
  const started: Child[] = [];
  try {
    const [originPort, varnishPort] = [await freePort(), await freePort()];
    const origin = await spawnServer(
      { PORT: String(originPort), EDGE_INCLUDES: mode, VISITS_FROM: 'edge-log', PURGE_URL: '', SITE_URL: 'http://broadsheet.test', TRUST_PROXY: 'loopback', LOG_LEVEL: 'warn' },
      { entry: path.join(import.meta.dirname, 'edge-origin.ts') },
    );
    started.push(origin);
    const varnish: Varnish = await startVarnish({ backendPorts: [originPort], port: varnishPort, workDir, memory: '64m' });
    started.push(varnish);

    const articles = mode === 'off' ? [closedArticle, openArticle] : [openArticle];
    for (const article of articles) {
      const label = `${mode === 'off' ? 'whole pages' : 'edge includes'}, comments ${article === openArticle ? 'open' : 'closed'}`;
      console.log(`edge bench: ${label}: ${article}, ${connections} connections, ${duration} s each`);
      const direct = await load(`${origin.url}${article}`);
      console.log(`  direct to origin: ${direct.rps} req/s`);
      for (let i = 0; i < 20; i += 1) await (await fetch(`${varnish.url}${article}`, { headers })).arrayBuffer();
      const before = await originCounts(origin.url);
      const backendBefore = varnish.counters('MAIN.backend_req')['MAIN.backend_req'] ?? 0;
      const cached = await load(`${varnish.url}${article}`);
      const after = await originCounts(origin.url);
      const backendDuring = (varnish.counters('MAIN.backend_req')['MAIN.backend_req'] ?? 0) - backendBefore;
      const delta = (p: string) => (after[p] ?? 0) - (before[p] ?? 0);
      const slug = article.slice('/opinion/'.length);
      const pages = delta(article);
      const fragments = delta(`/_edge/visits/${slug}`) + delta(`/_edge/comments/${slug}`);
      console.log(`  through Varnish:  ${cached.rps} req/s`);
      const ratio = cached.rps / Math.max(1, direct.rps);
      const share = (100 * pages) / Math.max(1, cached.total);
      rows.push(
        `| ${label} | ${direct.rps}, ${direct.p99} ms | ${cached.rps}, ${cached.p99} ms | ${ratio.toFixed(1)}x | ${pages} of ${cached.total} (${share.toFixed(2)} %) | ${fragments} | ${backendDuring} | ${cached.non2xx + direct.non2xx} / ${cached.errors + direct.errors} |`,
      );
      notes.push(`${label}: ${ratio.toFixed(1)}x (target >= 5x ${ratio >= 5 ? 'met' : 'NOT met'}); article requests at the origin ${share.toFixed(2)} % (target < 1 % ${share < 1 ? 'met' : 'NOT met'})`);
    }
  } finally {
    for (const child of started.reverse()) await child.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
// The ingest: a log of logLines requests (nine in ten human views of 20 pieces from 50,000 addresses, the
// rest bots, HEADs and prefetches), counted into a fresh database of content/ in 1 MiB batches.
async function ingestRate(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-ingest-'));
  try {
    const config = loadConfig({ DATABASE_PATH: path.join(dir, 'ingest.db'), VISITS_FROM: 'edge-log' });
    const db = openDatabase(config.databasePath, path.join(projectRoot, 'migrations'));
    importArticles(db, [path.join(projectRoot, 'content')]);
    const slugs = (db.prepare('SELECT slug FROM articles WHERE draft = 0 AND published_ts <= ? LIMIT 20').all(Date.now()) as { slug: string }[]).map((row) => row.slug);
    const file = path.join(dir, 'edge.jsonl');
    const out = fs.openSync(file, 'w');
    const time = new Date().toISOString();
    let chunk: string[] = [];
    for (let i = 0; i < logLines; i += 1) {
      const kind = i % 10;
      chunk.push(
        JSON.stringify({
          time,
          method: kind === 8 ? 'HEAD' : 'GET',
          url: `/opinion/${slugs[i % slugs.length]}`,
          status: 200,
          client: `10.0.${(i % 50_000) >> 8}.${(i % 50_000) & 255}`,
          user_agent: kind === 9 ? 'Googlebot/2.1 (+http://www.google.com/bot.html)' : headers['user-agent'],
          sec_purpose: kind === 7 ? 'prefetch' : '',
          purpose: '',
          id: `varnish-${i}`,
        }),
      );
      if (chunk.length === 10_000) {
        fs.writeSync(out, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) fs.writeSync(out, `${chunk.join('\n')}\n`);
    fs.closeSync(out);
    const bytes = fs.statSync(file).size;
    const started = process.hrtime.bigint();
    const totals = await ingestLogFile(db, createEdgeLogIngest(db, config), file);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    db.close();
    const rate = Math.round(totals.lines / seconds);
    return `ingest: ${totals.lines} lines (${(bytes / 1048576).toFixed(1)} MiB, ${totals.batches} batches) in ${seconds.toFixed(2)} s: ${rate} lines/s, ${totals.views} views counted (target >= 50,000 lines/s ${rate >= 50_000 ? 'met' : 'NOT met'})`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log('edge bench: edge-log ingest');
const ingestLine = await ingestRate();

console.log(`
| mode | direct to origin (req/s, p99) | through Varnish (req/s, p99) | ratio | article page requests reaching the origin | fragment requests at the origin | all backend requests | non-2xx / errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

${notes.join('\n')}
${ingestLine}`);
