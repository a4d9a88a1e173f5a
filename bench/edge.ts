// npm run bench:edge: article throughput through Varnish (the shipped VCL) against the origin directly, in
// one run on loopback, and how many of the cached run's article requests reached the origin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, startAppProcess, startVarnish, type Child, type Varnish } from '../src/edge/local-stack.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    'edge-includes': { type: 'string', default: 'off' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const edgeIncludes = values['edge-includes'];
if (!(duration >= 1 && duration <= 30) || !(connections >= 1 && connections <= 100) || !/^(on|off)$/.test(edgeIncludes)) {
  console.error('Usage: npm run bench:edge -- [--duration 1..30] [--connections 1..100] [--edge-includes on|off]');
  process.exit(2);
}

// Readers' browsers ask for gzip; the origin sends plain HTML and Varnish stores and serves it compressed.
const headers = { 'accept-encoding': 'gzip', 'user-agent': 'Mozilla/5.0 (bench; Broadsheet edge benchmark)' };

async function load(url: string) {
  const result = await autocannon({ url, connections, duration, headers });
  return {
    rps: Math.round(result.requests.average),
    total: result.requests.total,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function originArticleRequests(originUrl: string, articlePath: string): Promise<number> {
  const counts = (await (await fetch(`${originUrl}/__bench/requests`)).json()) as Record<string, number>;
  return counts[articlePath] ?? 0;
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-edge-'));
const started: Child[] = [];
try {
  const [originPort, varnishPort] = [await freePort(), await freePort()];
  const origin = await startAppProcess({
    port: originPort,
    entry: path.join(import.meta.dirname, 'edge-origin.ts'),
    env: { EDGE_INCLUDES: edgeIncludes, PURGE_URL: '', SITE_URL: 'http://broadsheet.test' },
  });
  started.push(origin);
  const varnish: Varnish = await startVarnish({ backendPorts: [originPort], port: varnishPort, workDir, memory: '64m' });
  started.push(varnish);

  const home = await (await fetch(`${origin.url}/`)).text();
  const articlePath = /href="(\/opinion\/[a-z0-9-]+)"/.exec(home)?.[1];
  if (!articlePath) throw new Error('the home page lists no article');

  console.log(`edge bench: ${articlePath}, ${connections} connections, ${duration} s each, edge includes ${edgeIncludes}`);
  const direct = await load(`${origin.url}${articlePath}`);
  console.log(`  direct to origin: ${direct.rps} req/s`);

  for (let i = 0; i < 20; i += 1) await (await fetch(`${varnish.url}${articlePath}`, { headers })).arrayBuffer();
  const originBefore = await originArticleRequests(origin.url, articlePath);
  const backendBefore = varnish.counters('MAIN.backend_req')['MAIN.backend_req'] ?? 0;
  const cached = await load(`${varnish.url}${articlePath}`);
  const originDuring = (await originArticleRequests(origin.url, articlePath)) - originBefore;
  const backendDuring = (varnish.counters('MAIN.backend_req')['MAIN.backend_req'] ?? 0) - backendBefore;
  console.log(`  through Varnish:  ${cached.rps} req/s`);

  const ratio = cached.rps / Math.max(1, direct.rps);
  const share = (100 * originDuring) / Math.max(1, cached.total);
  console.log(`
| run | req/s | p99 latency (ms) | requests | non-2xx | errors |
| --- | ---: | ---: | ---: | ---: | ---: |
| direct to origin | ${direct.rps} | ${direct.p99} | ${direct.total} | ${direct.non2xx} | ${direct.errors} |
| through Varnish | ${cached.rps} | ${cached.p99} | ${cached.total} | ${cached.non2xx} | ${cached.errors} |

Through the cache: ${ratio.toFixed(1)}x the direct rate (target >= 5x: ${ratio >= 5 ? 'met' : 'NOT met'}).
Article requests that reached the origin during the cached run: ${originDuring} of ${cached.total} (${share.toFixed(3)}%; target < 1%: ${share < 1 ? 'met' : 'NOT met'}).
All backend requests Varnish made meanwhile (ESI fragments included, health probes not): ${backendDuring}.`);
} finally {
  for (const child of started.reverse()) await child.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
