import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { searchWords, touchSoakPieces, writeSoakContent } from './content.js';

const usage = `Usage: npm run soak -- [--duration SECONDS] [--concurrency N] [--pieces N] [--reimport SECONDS] [--report FILE]

Starts the built server (dist/) on 127.0.0.1 with a fresh database in a temp folder, drives a mix of
page reads, searches, feed reads and comment posts (within and beyond rate limits), re-imports the
content every --reimport seconds, then stops the server with SIGTERM and reports requests, errors by
status, p99 latency and server RSS per minute. Defaults: 180 s, 8 connections, 300 pieces, 30 s.`;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '180' },
    concurrency: { type: 'string', default: '8' },
    pieces: { type: 'string', default: '300' },
    reimport: { type: 'string', default: '30' },
    report: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const durationS = Number(values.duration);
const concurrency = Number(values.concurrency);
const pieces = Number(values.pieces);
const reimportS = Number(values.reimport);
// Bounded by design: a soak is minutes on loopback, never an open-ended load generator.
if (!(durationS > 0 && durationS <= 600) || !(concurrency >= 1 && concurrency <= 32) || !(pieces >= 20 && pieces <= 5000) || !(reimportS >= 5)) {
  console.error(`invalid options\n\n${usage}`);
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, '..');
const serverJs = path.join(root, 'dist/server.js');
const cliJs = path.join(root, 'dist/cli/main.js');
if (!fs.existsSync(serverJs)) {
  console.error('dist/server.js is missing: run npm run build first (npm run soak does)');
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-soak-'));
const databasePath = path.join(work, 'soak.db');
const content = writeSoakContent(path.join(work, 'content'), pieces);
const logFile = path.join(work, 'server.log');
const logFd = fs.openSync(logFile, 'w');
const env = {
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_PATH: databasePath,
  CONTENT_DIR: content.dir,
  // The soak stands in for many readers behind one proxy: X-Forwarded-For gives each its own address.
  TRUST_PROXY: 'loopback',
  LOG_LEVEL: 'info',
};
const server = spawn(process.execPath, [serverJs], { env, stdio: ['ignore', logFd, logFd] });
const serverExit = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));

async function waitForPort(): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /"port":(\d+),"msg":"serving"/.exec(fs.readFileSync(logFile, 'utf8'));
    if (match) return Number(match[1]);
    await sleep(100);
  }
  throw new Error(`the server did not start:\n${fs.readFileSync(logFile, 'utf8')}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** One minute of the run. */
interface Minute {
  latencies: number[];
  statuses: Map<string, number>;
  rss: number[];
}
const minutes: Minute[] = [];
// Reset once the server is listening, so minute 1 is the first minute of load, not of start-up.
let started = Date.now();
const minuteOf = () => {
  // Requests that started in the last second and finished after the mark still belong to the last minute.
  const index = Math.min(Math.floor((Date.now() - started) / 60_000), Math.ceil(durationS / 60) - 1);
  while (minutes.length <= index) minutes.push({ latencies: [], statuses: new Map(), rss: [] });
  return minutes[index]!;
};
const kinds = new Map<string, Map<string, number>>();
let commentsAccepted = 0;
const count = (kind: string, status: string) => {
  const byStatus = kinds.get(kind) ?? new Map<string, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  kinds.set(kind, byStatus);
  const minute = minuteOf();
  minute.statuses.set(status, (minute.statuses.get(status) ?? 0) + 1);
};

const random = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** nextRequest picks the next request of the mix: what kind it is, where it goes, and how. */
function nextRequest(worker: number): { kind: string; path: string; init?: RequestInit } {
  // Worker 0 is a flooder posting comments as fast as it can from one address: beyond any rate limit.
  if (worker === 0) {
    return { kind: 'comment (flood)', path: `/opinion/${content.slugs[0]}/comments`, init: commentInit('198.51.100.1') };
  }
  const roll = Math.random();
  if (roll < 0.55) {
    const page = random([
      () => '/',
      () => `/?page=${1 + Math.floor(Math.random() * Math.ceil(pieces / 12))}`,
      () => `/opinion/${random(content.slugs)}`,
      () => `/opinion/${random(content.slugs)}`,
      () => `/authors/${random(content.authors)}`,
      () => `/tags/${random(content.tags)}`,
    ])();
    return { kind: 'page', path: page };
  }
  if (roll < 0.7) return { kind: 'search', path: `/search?q=${encodeURIComponent(random(searchWords))}` };
  if (roll < 0.85) return { kind: 'feed', path: random(['/feed.xml', '/feed.xml', '/sitemap.xml']) };
  if (roll < 0.97) return { kind: 'healthz', path: '/healthz' };
  // Ordinary readers: each post from a different address, well within any per-address limit.
  const reader = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
  return { kind: 'comment', path: `/opinion/${random(content.slugs)}/comments`, init: commentInit(reader) };
}

let commentNumber = 0;
function commentInit(address: string): RequestInit {
  commentNumber += 1;
  const body = new URLSearchParams({
    name: `Soak reader ${commentNumber}`,
    email: `reader${commentNumber}@example.com`,
    body: `Soak comment number ${commentNumber}: a considered reply to the argument above.`,
  });
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: body.toString(),
    redirect: 'manual',
  };
}

async function worker(base: string, id: number, until: number): Promise<void> {
  while (Date.now() < until) {
    const request = nextRequest(id);
    const t0 = performance.now();
    let status: string;
    try {
      const response = await fetch(`${base}${request.path}`, { redirect: 'manual', ...request.init });
      await response.arrayBuffer();
      status = String(response.status);
      if (request.kind.startsWith('comment') && (response.status === 201 || response.status === 303)) commentsAccepted += 1;
    } catch (error) {
      status = `network: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`;
    }
    minuteOf().latencies.push(performance.now() - t0);
    count(request.kind, status);
    // The flooder does not pace itself; ordinary readers think a little between requests.
    if (id !== 0 && request.kind === 'comment') await sleep(50);
  }
}

const reimports: { at: number; ms: number; code: number | null; output: string }[] = [];
async function reimporter(until: number): Promise<void> {
  for (let revision = 1; ; revision += 1) {
    await sleep(reimportS * 1000);
    if (Date.now() >= until) return;
    touchSoakPieces(content.dir, Array.from({ length: 10 }, () => Math.floor(Math.random() * pieces)), revision);
    const t0 = Date.now();
    const result = spawnSync(process.execPath, [cliJs, 'import', content.dir], { env, encoding: 'utf8' });
    reimports.push({ at: Math.round((t0 - started) / 1000), ms: Date.now() - t0, code: result.status, output: (result.stdout.split('\n')[0] || result.stderr).trim() });
  }
}

function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

async function main(): Promise<void> {
  const port = await waitForPort();
  started = Date.now();
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + durationS * 1000;
  const sampler = setInterval(() => minuteOf().rss.push(rssMb(server.pid!)), 2000);
  minuteOf().rss.push(rssMb(server.pid!));
  await Promise.all([...Array.from({ length: concurrency }, (_, i) => worker(base, i, until)), reimporter(until)]);
  clearInterval(sampler);
  const finalRss = rssMb(server.pid!);
  server.kill('SIGTERM');
  const exitCode = await serverExit;

  let commentsStored: number | undefined;
  const db = new BetterSqlite3(databasePath, { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comments'`).get()) {
    commentsStored = (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;
  }
  db.close();

  const total = [...kinds.values()].flatMap((m) => [...m.values()]).reduce((a, b) => a + b, 0);
  const fiveXx = [...kinds.values()].flatMap((m) => [...m.entries()]).filter(([s]) => s.startsWith('5')).reduce((a, [, n]) => a + n, 0);
  // Growth compares the end of the run with the end of minute 1 (a leak keeps climbing); the peak is shown
  // as well, since a garbage-collected heap saws up and down between the two.
  const firstMinuteRss = minutes[0]?.rss.at(-1) ?? 0;
  const laterMaxRss = Math.max(finalRss, ...minutes.slice(1).flatMap((m) => m.rss));
  const percent = (value: number) => `${value >= firstMinuteRss ? '+' : ''}${(((value - firstMinuteRss) / firstMinuteRss) * 100).toFixed(1)}%`;
  const lines = [
    `Soak run: ${durationS} s, ${concurrency} connections, ${pieces} pieces, re-import every ${reimportS} s, Node ${process.version}, ${os.cpus().length} CPUs (load average at start ${os.loadavg()[0]!.toFixed(1)}).`,
    '',
    `- Requests served: ${total} (${(total / durationS).toFixed(0)}/s)`,
    `- 5xx responses: ${fiveXx}`,
    `- Server exit code after SIGTERM: ${exitCode}; integrity_check after: ${integrity}`,
    `- Comments accepted: ${commentsAccepted}; stored: ${commentsStored ?? 'no comments table yet'}${commentsStored !== undefined ? (commentsStored >= commentsAccepted ? ' (none lost)' : ' (LOST WRITES)') : ''}`,
    `- Server RSS: ${firstMinuteRss.toFixed(1)} MB at the end of minute 1; ${finalRss.toFixed(1)} MB at the end (${percent(finalRss)}); peak after minute 1 ${laterMaxRss.toFixed(1)} MB (${percent(laterMaxRss)})`,
    '',
    '| kind | responses by status |',
    '| --- | --- |',
    ...[...kinds.entries()].map(([kind, byStatus]) => `| ${kind} | ${[...byStatus.entries()].sort().map(([s, n]) => `${s}: ${n}`).join(', ')} |`),
    '',
    '| minute | requests | p99 latency (ms) | statuses | server RSS (MB): end of minute / peak |',
    '| --- | --- | --- | --- | --- |',
    ...minutes.map(
      (m, i) =>
        `| ${i + 1} | ${m.latencies.length} | ${p99(m.latencies).toFixed(1)} | ${[...m.statuses.entries()].sort().map(([s, n]) => `${s}: ${n}`).join(', ')} | ` +
        `${(m.rss.at(-1) ?? finalRss).toFixed(1)} / ${Math.max(...m.rss, 0).toFixed(1)} |`,
    ),
    '',
    '| re-import at (s) | took (ms) | exit | output |',
    '| --- | --- | --- | --- |',
    ...reimports.map((r) => `| ${r.at} | ${r.ms} | ${r.code} | ${r.output} |`),
  ];
  const report = lines.join('\n');
  console.log(report);
  if (values.report) fs.writeFileSync(values.report, `${report}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  const failed = fiveXx > 0 || exitCode !== 0 || integrity !== 'ok' || (commentsStored !== undefined && commentsStored < commentsAccepted);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  server.kill('SIGKILL');
  process.exitCode = 1;
});
