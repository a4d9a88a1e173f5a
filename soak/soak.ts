import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { browserAgent, formToken, missingComments, type AcceptedComment } from '../test/helpers/comment-traffic.js';
import { startChild, waitFor } from '../test/helpers/processes.js';
import { commentRequest, createFormPool, readerAddress, soakSiteUrl, type OpenForm } from './comments.js';
import { searchWords, touchSoakPieces, writeSoakContent } from './content.js';

const usage = `Usage: npm run soak -- [--duration SECONDS] [--concurrency N] [--pieces N] [--reimport SECONDS] [--report FILE] [--keep]

Starts the built server (dist/) on 127.0.0.1 with a fresh database in a temp folder, drives a mix of
page reads, searches, feed reads and comment posts (within and beyond rate limits), re-imports the
content every --reimport seconds, then stops the server with SIGTERM and reports requests, errors by
status, p99 latency and server RSS per minute. Defaults: 180 s, 8 connections, 300 pieces, 30 s.
--keep leaves the temp folder (database, server log) in place instead of removing it.`;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '180' },
    concurrency: { type: 'string', default: '8' },
    pieces: { type: 'string', default: '300' },
    reimport: { type: 'string', default: '30' },
    report: { type: 'string' },
    keep: { type: 'boolean' },
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
  // Comment posts are accepted only from the configured site's origin, which the soak's posts name.
  SITE_URL: soakSiteUrl,
  // The soak stands in for many readers behind one proxy: X-Forwarded-For gives each its own address.
  TRUST_PROXY: 'loopback',
  LOG_LEVEL: 'info',
  // The defaults, spelled out because the traffic below is shaped by them: a form may be sent 3 s after it
  // was served, and each address may post 5 comments in 10 minutes.
  COMMENT_FORM_MIN_SECONDS: '3',
  COMMENT_RATE_LIMIT: '5',
  COMMENT_RATE_WINDOW_MINUTES: '10',
};
const formMinAgeMs = 3000 + 250;
// --trace-gc writes a line per garbage collection to the log: the heap left after each full collection is
// the memory really held, which tells a leak from RSS that only follows the collector's rhythm.
const spawnedAt = Date.now();
const server = startChild(process.execPath, ['--trace-gc', serverJs], { env, stdio: ['ignore', logFd, logFd] }).process;
// Set when the server ends before the soak stops it (it crashed, or something else signalled it): the load
// stops at once and the run fails, saying so, rather than measuring a server that is not there.
let endedEarly: string | undefined;
let stopping = false;
const serverExit = new Promise<number | null>((resolve) =>
  server.on('exit', (code, signal) => {
    if (!stopping) endedEarly = `the server exited ${Math.round((Date.now() - started) / 1000)} s into the run (code ${code}, signal ${signal})`;
    resolve(code);
  }),
);

/** waitForPort reads the port from the server's "serving" line in its log file (the log goes to a file, for --keep). */
async function waitForPort(): Promise<number> {
  const port = () => /"port":(\d+),[^\n]*"msg":"serving"/.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
  try {
    return Number(await waitFor(port, 30_000, 'the server to log "serving"', { gone: () => endedEarly !== undefined, intervalMs: 100 }));
  } catch (error) {
    throw new Error(`${(error as Error).message}:\n${fs.readFileSync(logFile, 'utf8')}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    // The process has gone; endedEarly says why.
    return undefined;
  }
}

function sampleRss(): void {
  const mb = rssMb(server.pid!);
  if (mb !== undefined) minuteOf().rss.push(mb);
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
const count = (kind: string, status: string) => {
  const byStatus = kinds.get(kind) ?? new Map<string, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  kinds.set(kind, byStatus);
  const minute = minuteOf();
  minute.statuses.set(status, (minute.statuses.get(status) ?? 0) + 1);
};
// What each kind of request should get. Anything else is an error; a flooder's 429 is the rate limit working.
const expected: Record<string, string[]> = {
  page: ['200', '301'],
  search: ['200'],
  feed: ['200'],
  healthz: ['200'],
  'comment form': ['200'],
  comment: ['303'],
  'comment (flood)': ['303', '429'],
};

const random = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Writes that must survive the run, and what came back for the requests that make them. */
const accepted: AcceptedComment[] = [];
const articleViews = { ok: 0, failed: 0 };
const readerForms = createFormPool(formMinAgeMs);
const floodForms = createFormPool(formMinAgeMs);
let floodOpen = 0;
let commentNumber = 0;

/** One request of the mix: its kind, where it goes, how, and what to do with the answer. */
interface SoakRequest {
  kind: string;
  path: string;
  init?: RequestInit;
  after?: (status: number, body: string) => void;
}

/** openForm reads an article as a browser does (a counted view) and keeps its comment form for later. */
function openForm(pool: ReturnType<typeof createFormPool>, onNoForm = () => {}): SoakRequest {
  const slug = random(content.slugs);
  return {
    kind: 'comment form',
    path: `/opinion/${slug}`,
    init: { headers: { 'user-agent': browserAgent } },
    after: (status, body) => {
      const token = formToken(body);
      // Aged from when the page arrived, which is after the server signed it, however slow the answer was.
      if (status === 200 && token) pool.add({ slug, token, openedAt: Date.now() });
      else onNoForm();
    },
  };
}

/** postForm sends a kept form with a new comment from address; done hears whether the form was used up (303). */
function postForm(base: string, kind: string, form: OpenForm, address: string, done?: (used: boolean) => void): SoakRequest {
  commentNumber += 1;
  const n = commentNumber;
  const comment = { name: `Soak reader ${n}`, body: `Soak comment number ${n}: a considered reply to the argument above.` };
  return {
    kind,
    path: `/opinion/${form.slug}/comments`,
    init: commentRequest(soakSiteUrl, form, comment, n, address),
    after: (status) => {
      if (status === 303) accepted.push(comment);
      done?.(status === 303);
    },
  };
}

/** nextRequest picks the next request of the mix. */
function nextRequest(base: string, worker: number): SoakRequest | 'wait' {
  // Worker 0 is a flooder posting comments as fast as it can from one address: beyond any rate limit. It
  // keeps up to five forms open until they are old enough, then posts over and over; a refused post leaves
  // its form unused (the limit is checked first), so it goes straight back for the next try.
  if (worker === 0) {
    const form = floodForms.take(Date.now());
    if (form) {
      return postForm(base, 'comment (flood)', form, '198.51.100.1', (used) => {
        if (used) floodOpen -= 1;
        else floodForms.add({ ...form, openedAt: 0 });
      });
    }
    if (floodOpen >= 5) return 'wait';
    floodOpen += 1;
    return openForm(floodForms, () => (floodOpen -= 1));
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
      () => '/corrections',
    ])();
    return { kind: 'page', path: page, init: { headers: { 'user-agent': browserAgent } } };
  }
  if (roll < 0.7) {
    // Every word is in dozens of pieces, so a one-word search always has a second page; two words may not.
    // Written in the canonical spelling (sorted, no repeats) so the search is answered rather than redirected,
    // and sent from one of many reader addresses, so the per-client search limit sees readers, not a flood.
    const roll2 = Math.random();
    const words = roll2 < 0.3 ? [...new Set([random(searchWords), random(searchWords)])].sort() : [random(searchWords)];
    const reader = readerAddress(1 + Math.floor(Math.random() * 5000));
    return {
      kind: 'search',
      path: `/search?q=${encodeURIComponent(words.join(' '))}${roll2 > 0.8 ? '&page=2' : ''}`,
      init: { headers: { 'user-agent': browserAgent, 'x-forwarded-for': reader } },
    };
  }
  if (roll < 0.85) {
    const feed = random([
      () => '/feed.xml',
      () => '/feed.atom',
      () => '/feed.json',
      () => `/authors/${random(content.authors)}/feed.xml`,
      () => `/tags/${random(content.tags)}/feed.json`,
      () => '/sitemap.xml',
      () => '/sitemap-news.xml',
      () => '/robots.txt',
    ])();
    return { kind: 'feed', path: feed };
  }
  if (roll < 0.97) return { kind: 'healthz', path: '/healthz' };
  // Ordinary readers: each posts once, from an address of their own, a form they opened a few seconds ago.
  const form = readerForms.take(Date.now());
  return form ? postForm(base, 'comment', form, readerAddress(commentNumber + 1)) : openForm(readerForms);
}

/** The first few responses other than expected, with what they said, so an error can be traced. */
const surprises: string[] = [];

/** whatWentWrong picks the reader-facing explanation out of an error page or a refused form. */
function whatWentWrong(body: string): string {
  const text = /class="error-summary__list">\s*<li>(?:<a [^>]*>)?([^<]*)/.exec(body)?.[1] ?? /<h1[^>]*>([^<]*)/.exec(body)?.[1] ?? body;
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

async function worker(base: string, id: number, until: number): Promise<void> {
  while (Date.now() < until && !endedEarly) {
    const request = nextRequest(base, id);
    if (request === 'wait') {
      await sleep(100);
      continue;
    }
    const isArticle = request.path.startsWith('/opinion/') && !request.path.includes('/comments');
    const t0 = performance.now();
    let status: string;
    try {
      const response = await fetch(`${base}${request.path}`, { redirect: 'manual', ...request.init });
      const body = await response.text();
      status = String(response.status);
      if (isArticle && response.status === 200) articleViews.ok += 1;
      request.after?.(response.status, body);
      if (!expected[request.kind]?.includes(status) && surprises.length < 10) surprises.push(`${request.kind} ${request.path} ${status}: ${whatWentWrong(body)}`);
    } catch (error) {
      if (isArticle) articleViews.failed += 1;
      status = `network: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`;
    }
    minuteOf().latencies.push(performance.now() - t0);
    count(request.kind, status);
    // The flooder does not pace itself; ordinary readers think a little between requests.
    if (id !== 0 && request.kind === 'comment') await sleep(50);
  }
}

/** One re-import: when, how long, the CLI's answer, and whether the database then held what it should. */
interface Reimport {
  at: number;
  ms: number;
  code: number | null;
  output: string;
  problems: string[];
}
const reimports: Reimport[] = [];
const touchedPerImport = 10;

/** distinctPieces picks n different piece numbers, so a re-import has exactly n updates to make. */
function distinctPieces(n: number): number[] {
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(Math.random() * pieces));
  return [...picked];
}

/** checkImport opens the database beside the running server and checks the re-import left every piece, revised where touched. */
function checkImport(touched: number[], revision: number, output: string): string[] {
  const problems: string[] = [];
  if (!output.startsWith(`Imported: 0 created, ${touched.length} updated, ${pieces - touched.length} unchanged`)) problems.push(`unexpected output: ${output}`);
  const db = new BetterSqlite3(databasePath, { readonly: true });
  try {
    const total = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    if (total !== pieces) problems.push(`${total} articles, expected ${pieces}`);
    const revised = db.prepare('SELECT count(*) AS n FROM articles WHERE slug = ? AND body_html LIKE ?');
    const stale = touched.filter((i) => (revised.get(`soak-piece-${i}`, `%Revision ${revision}.%`) as { n: number }).n !== 1);
    if (stale.length > 0) problems.push(`pieces ${stale.join(', ')} do not show revision ${revision}`);
  } finally {
    db.close();
  }
  return problems;
}

async function reimporter(until: number): Promise<void> {
  for (let revision = 1; ; revision += 1) {
    // Short naps, so the run ends on time (and at once if the server has gone) rather than after a last wait.
    const next = Date.now() + reimportS * 1000;
    while (Date.now() < next && Date.now() < until && !endedEarly) await sleep(250);
    if (Date.now() >= until || endedEarly) return;
    const touched = distinctPieces(touchedPerImport);
    touchSoakPieces(content.dir, touched, revision);
    const t0 = Date.now();
    const result = spawnSync(process.execPath, [cliJs, 'import', content.dir], { env, encoding: 'utf8' });
    const output = (result.stdout.split('\n').find((line) => line.startsWith('Imported:')) ?? result.stderr).trim();
    const problems = result.status === 0 ? checkImport(touched, revision, output) : [`exit ${result.status}`];
    reimports.push({ at: Math.round((t0 - started) / 1000), ms: Date.now() - t0, code: result.status, output, problems });
  }
}

/** liveHeapByMinute reads the server log's full collections (V8's --trace-gc lines) and returns, per minute of
 * load, the heap in MB left after the last full collection in that minute. */
function liveHeapByMinute(): (number | undefined)[] {
  const byMinute: (number | undefined)[] = minutes.map(() => undefined);
  const line = /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/gm;
  for (const [, ms, after] of fs.readFileSync(logFile, 'utf8').matchAll(line)) {
    const index = Math.floor((spawnedAt + Number(ms) - started) / 60_000);
    if (index >= 0 && index < byMinute.length) byMinute[index] = Number(after);
  }
  return byMinute;
}

function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

const loadAtStart = os.loadavg()[0]!;

async function main(): Promise<void> {
  const port = await waitForPort();
  started = Date.now();
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + durationS * 1000;
  const sampler = setInterval(sampleRss, 2000);
  sampleRss();
  await Promise.all([...Array.from({ length: concurrency }, (_, i) => worker(base, i, until)), reimporter(until)]);
  clearInterval(sampler);
  const finalRss = rssMb(server.pid!) ?? minutes.flatMap((m) => m.rss).at(-1) ?? 0;
  stopping = true;
  server.kill('SIGTERM');
  const exitCode = await serverExit;

  const db = new BetterSqlite3(databasePath, { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  const missing = missingComments(db, accepted);
  const commentsStored = (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;
  const viewsStored = (db.prepare('SELECT coalesce(sum(views), 0) AS n FROM article_visits').get() as { n: number }).n;
  const articlesAtEnd = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  db.close();

  const total = [...kinds.values()].flatMap((m) => [...m.values()]).reduce((a, b) => a + b, 0);
  const fiveXx = [...kinds.values()].flatMap((m) => [...m.entries()]).filter(([s]) => s.startsWith('5')).reduce((a, [, n]) => a + n, 0);
  const errors = new Map<string, number>();
  for (const [kind, byStatus] of kinds) {
    for (const [status, n] of byStatus) if (!expected[kind]?.includes(status)) errors.set(status, (errors.get(status) ?? 0) + n);
  }
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const limited = kinds.get('comment (flood)')?.get('429') ?? 0;
  // Every article read answered 200 was a counted view; one cut off mid-flight might have been counted or not.
  const viewsLost = viewsStored < articleViews.ok || viewsStored > articleViews.ok + articleViews.failed;
  const importProblems = reimports.flatMap((r) => r.problems.map((p) => `re-import at ${r.at} s: ${p}`));
  if (articlesAtEnd !== pieces) importProblems.push(`${articlesAtEnd} articles at the end, expected ${pieces}`);
  // Growth compares the end of the run with the end of minute 1 (a leak keeps climbing); the peak is shown
  // as well, since a garbage-collected heap saws up and down between the two.
  const firstMinuteRss = minutes[0]?.rss.at(-1) ?? 0;
  const laterMaxRss = Math.max(finalRss, ...minutes.slice(1).flatMap((m) => m.rss));
  const percent = (value: number) => `${value >= firstMinuteRss ? '+' : ''}${(((value - firstMinuteRss) / firstMinuteRss) * 100).toFixed(1)}%`;
  const liveHeap = liveHeapByMinute();
  const heapFirst = liveHeap[0];
  const heapLast = liveHeap.filter((mb) => mb !== undefined).at(-1);
  const heapLine =
    heapFirst !== undefined && heapLast !== undefined
      ? `${heapFirst.toFixed(1)} MB after the last full collection of minute 1; ${heapLast.toFixed(1)} MB after the last one of the run (${heapLast >= heapFirst ? '+' : ''}${(((heapLast - heapFirst) / heapFirst) * 100).toFixed(1)}%)`
      : 'no full collection logged';
  const lines = [
    `Soak run: ${durationS} s, ${concurrency} connections, ${pieces} pieces, re-import every ${reimportS} s, Node ${process.version}, ${os.cpus().length} CPUs (load average at start ${loadAtStart.toFixed(1)}).`,
    '',
    ...(endedEarly ? [`- RUN VOID: ${endedEarly}`] : []),
    `- Requests served: ${total} (${(total / durationS).toFixed(0)}/s)`,
    `- 5xx responses: ${fiveXx}`,
    `- Errors (responses other than expected for their kind), by status: ${errorCount === 0 ? 'none' : [...errors.entries()].sort().map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `- Comment posts refused by the rate limit (429, the flooder; expected, not errors): ${limited}`,
    `- Server exit code after SIGTERM: ${exitCode}; integrity_check after: ${integrity}`,
    `- Comments accepted (303): ${accepted.length}; stored: ${commentsStored}; accepted but missing: ${missing.length}`,
    `- Article views answered 200: ${articleViews.ok} (${articleViews.failed} cut off); views stored: ${viewsStored}${viewsLost ? ' (LOST OR PHANTOM VIEWS)' : ''}`,
    `- Re-imports: ${reimports.length}, each checked for ${pieces} articles and its ${touchedPerImport} revised pieces: ${importProblems.length === 0 ? 'all as expected' : importProblems.join('; ')}`,
    `- Server RSS: ${firstMinuteRss.toFixed(1)} MB at the end of minute 1; ${finalRss.toFixed(1)} MB at the end (${percent(finalRss)}); peak after minute 1 ${laterMaxRss.toFixed(1)} MB (${percent(laterMaxRss)})`,
    `- Server live heap (V8 heap after a full garbage collection): ${heapLine}`,
    '',
    ...(surprises.length > 0 ? ['First responses other than expected:', '', ...surprises.map((line) => `- ${line}`), ''] : []),
    '| kind | responses by status |',
    '| --- | --- |',
    ...[...kinds.entries()].map(([kind, byStatus]) => `| ${kind} | ${[...byStatus.entries()].sort().map(([s, n]) => `${s}: ${n}`).join(', ')} |`),
    '',
    '| minute | requests | p99 latency (ms) | statuses | server RSS (MB): end of minute / peak | live heap after last full GC (MB) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...minutes.map(
      (m, i) =>
        `| ${i + 1} | ${m.latencies.length} | ${p99(m.latencies).toFixed(1)} | ${[...m.statuses.entries()].sort().map(([s, n]) => `${s}: ${n}`).join(', ')} | ` +
        `${(m.rss.at(-1) ?? finalRss).toFixed(1)} / ${Math.max(...m.rss, 0).toFixed(1)} | ${liveHeap[i]?.toFixed(1) ?? '-'} |`,
    ),
    '',
    '| re-import at (s) | took (ms) | exit | output |',
    '| --- | --- | --- | --- |',
    ...reimports.map((r) => `| ${r.at} | ${r.ms} | ${r.code} | ${r.output} |`),
  ];
  const report = lines.join('\n');
  console.log(report);
  if (values.report) fs.writeFileSync(values.report, `${report}\n`);
  // --keep leaves the database and server.log for a closer look.
  if (values.keep) console.log(`\nKept ${work} (soak.db, server.log, content/)`);
  else fs.rmSync(work, { recursive: true, force: true });
  const failed = endedEarly !== undefined || fiveXx > 0 || errorCount > 0 || exitCode !== 0 || integrity !== 'ok' || missing.length > 0 || viewsLost || importProblems.length > 0;
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  server.kill('SIGKILL');
  process.exitCode = 1;
});
