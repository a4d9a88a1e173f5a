// npm run bench:edge: article throughput through Varnish (the shipped VCL) against the origin directly, in
// one run on loopback, and how many of the cached run's requests reached the origin. Both modes:
// whole pages (EDGE_INCLUDES=off) and edge includes (on), each with its own origin process and varnishd.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startVarnish, type Varnish } from '../cache-stack/local-stack.js';
import { freePort, spawnServer, type Child } from '../test/helpers/processes.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    mode: { type: 'string', default: 'both' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const modes = values.mode === 'both' ? ['off', 'on'] : [values.mode];
if (!(duration >= 1 && duration <= 30) || !(connections >= 1 && connections <= 100) || !modes.every((m) => m === 'on' || m === 'off')) {
  console.error('Usage: npm run bench:edge -- [--duration 1..30] [--connections 1..100] [--mode off|on|both]');
  process.exit(2);
}

// A reader's browser: asks for gzip, and is not a bot (so with edge includes every view is counted).
const headers = {
  'accept-encoding': 'gzip',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
};
// Comments open (the usual case) and closed: rendered whole for a cache, only the closed one may be shared.
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
      { PORT: String(originPort), EDGE_INCLUDES: mode, PURGE_URL: '', SITE_URL: 'http://broadsheet.test', TRUST_PROXY: 'loopback', LOG_LEVEL: 'warn' },
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
      const fragments = delta(`/_edge/visits/${slug}`) + delta(`/_edge/comment-token/${slug}`) + delta(`/_edge/comments/${slug}`);
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
console.log(`
| mode | direct to origin (req/s, p99) | through Varnish (req/s, p99) | ratio | article page requests reaching the origin | fragment requests at the origin | all backend requests | non-2xx / errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

${notes.join('\n')}`);
