// npm run bench [-- --pieces 100000 --wordpress-posts 5000 --image-pieces 1000 --duration 5 --connections 50 --workers 1,2 --json out.json --quick]
//
// One unattended run: generate a synthetic archive, import it with the real importer (the CLI), time the import
// of a generated WordPress export and the image pipeline, build the same Markdown with Eleventy, then load the
// real built server and two reference servers with autocannon on loopback, and an article with and without
// pictures, and print (and optionally write as JSON) what it measured. It exits 1 if an unchanged re-import did
// image work (issue 19's rule). See BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus, type Corpus } from './corpus.js';
import { benchWordPressImport, formatWordPressImport, type WordPressImportTiming } from './wordpress-import.js';
import { benchImages, formatImages, type ImageTiming } from './images.js';
import { benchImagePages, formatImagePages, type ImagePagesTiming } from './image-pages.js';
import { runLoad, runPair, type LoadOptions, type LoadResult } from './load.js';
import { rawGet, sampleRss, startServer, type RunningServer } from './servers.js';
import { waitFor } from '../test/helpers/processes.js';
import { parseSearchQuery } from '../src/search/query.js';
import { measureQueries, measureWorstSearch, worstSearchQueries, type QueryTiming, type SearchTiming } from './queries.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    pieces: { type: 'string' },
    'wordpress-posts': { type: 'string' },
    'image-pieces': { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string' },
    encoding: { type: 'string', default: 'gzip, deflate, br' },
    json: { type: 'string' },
    workdir: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-eleventy': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npm run bench -- [options]
  --pieces N         corpus size (default 10000; --quick 1000)
  --wordpress-posts N  posts in the WordPress export whose import is timed (default 5000; --quick 500)
  --image-pieces N   pieces with lead photos in the timed image import (default 1000 naming 40 photos, 8 timed
                     alone; --quick 100 naming 5, 2 timed alone)
  --duration S       seconds of each measurement (default 4; --quick 2)
  --warmup S         seconds of discarded load before each (default 1; --quick 0.5)
  --rounds N         measure each target and its Express reference N times, back to back (default 2; --quick 1)
  --connections N    autocannon connections (default 50)
  --workers LIST     worker counts to measure (default 1,2; --quick 1)
  --encoding VALUE   Accept-Encoding sent with every request (default "gzip, deflate, br")
  --json FILE        also write the results as JSON
  --workdir DIR      keep corpus and database here; a second run with the same DIR and size reuses them
  --skip-eleventy    do not build the Eleventy reference
  --quick            a one-minute smoke run
  --keep             keep the temporary folder`);
  process.exit(0);
}

const quick = args.quick;
const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const pieces = Number(args.pieces ?? (quick ? 1000 : 10_000));
const load: LoadOptions = {
  connections: Number(args.connections),
  seconds: Number(args.duration ?? (quick ? 2 : 4)),
  warmupSeconds: Number(args.warmup ?? (quick ? 0.5 : 1)),
  rounds: Number(args.rounds ?? (quick ? 1 : 2)),
  // A browser's user agent, so article views are counted as a reader's would be (bots are not).
  headers: { 'user-agent': browserAgent, ...(args.encoding ? { 'accept-encoding': args.encoding } : {}) },
};
const workerCounts = (args.workers ?? (quick ? '1' : '1,2')).split(',').map(Number);
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** One row of the table: a target page on one server, with its ratios to the references. */
interface Row {
  target: string;
  path: string;
  result?: LoadResult;
  express?: LoadResult;
  rounds?: { reference: LoadResult; target: LoadResult }[];
  skipped?: string;
}

interface Block {
  workers: number;
  /** Median of three starts over the imported archive (CONTENT_DIR is reconciled in the background). */
  coldStartMs: number;
  coldStartsMs: number[];
  /** How long the background reconcile of the unchanged archive took after the start. */
  reconcileSeconds: number;
  idleRssMb: number;
  peakRssMb: number;
  nodeHttp: LoadResult;
  rows: Row[];
  hammer: HammerRow;
}

/** Pages measured alone and while clients hammer search with distinct worst-shape queries (issue 17). */
interface HammerRow {
  path: string;
  alone: LoadResult;
  hammered: LoadResult;
  searches: Record<string, number>;
}

/**
 * hammerSearch keeps `clients` loops sending distinct worst-shape searches (so no cache answers them) until
 * stopped, counting answers by status: what a flood from one address meets (the limit, then 429s).
 */
function hammerSearch(base: string, clients = 4): { stop: () => Promise<Record<string, number>> } {
  let stopped = false;
  const statuses: Record<string, number> = {};
  const loop = async (id: number) => {
    for (let n = 0; !stopped; n += 1) {
      // OR a word found nowhere keeps the shape's cost but makes each query new; sent in its canonical
      // spelling (unless cut), so it runs rather than being redirected.
      const parsed = parseSearchQuery(`${worstSearchQueries[(n + id) % worstSearchQueries.length]} OR x${id}n${n}`);
      const query = parsed.truncated ? `${worstSearchQueries[(n + id) % worstSearchQueries.length]} OR x${id}n${n}` : parsed.text;
      try {
        const response = await fetch(`${base}/search?q=${encodeURIComponent(query)}`, { redirect: 'manual' });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  const loops = Array.from({ length: clients }, (_, id) => loop(id));
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return statuses;
    },
  };
}

function git(...command: string[]): string {
  try {
    return execFileSync('git', command, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** timedChild runs node with args to completion and returns its wall-clock seconds and stdout. */
function timedChild(nodeArgs: string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, nodeArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${nodeArgs.join(' ')} failed (${result.status}):\n${result.stderr.slice(-4000)}`);
  return { seconds, stdout: result.stdout };
}

async function main() {
  const startedAt = new Date();
  const workdir = args.workdir ? path.resolve(args.workdir) : fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-'));
  fs.mkdirSync(workdir, { recursive: true });
  const machine = {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
  log(`workdir ${workdir}; ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')}`);

  // 1. Corpus and import, reused when --workdir already holds this size.
  const manifestFile = path.join(workdir, 'corpus.json');
  const databasePath = path.join(workdir, 'broadsheet.db');
  let corpus: Corpus;
  let importStats: { seconds: number; piecesPerSecond: number; unchangedSeconds: number; reused: boolean };
  const previous = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { corpus: Corpus; import: typeof importStats }) : undefined;
  if (previous && previous.corpus.pieces === pieces && fs.existsSync(databasePath)) {
    corpus = previous.corpus;
    importStats = { ...previous.import, reused: true };
    log(`reusing the ${pieces}-piece corpus and database in ${workdir}`);
  } else {
    fs.rmSync(path.join(workdir, 'content'), { recursive: true, force: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${databasePath}${suffix}`, { force: true });
    const t = performance.now();
    corpus = writeCorpus(workdir, pieces);
    log(`wrote ${pieces} pieces (${mb(corpus.bytes)} MB, ${corpus.authors} authors, ${corpus.tags} tags) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const cli = path.join(root, 'dist/cli/main.js');
    const env = { ...process.env, DATABASE_PATH: databasePath };
    const first = timedChild([cli, 'import', corpus.dir], env);
    if (!first.stdout.includes(`Imported: ${pieces} created`)) throw new Error(`unexpected import output: ${first.stdout.slice(0, 500)}`);
    const again = timedChild([cli, 'import', corpus.dir], env);
    importStats = { seconds: first.seconds, piecesPerSecond: pieces / first.seconds, unchangedSeconds: again.seconds, reused: false };
    log(`imported ${pieces} pieces in ${first.seconds.toFixed(1)} s (${importStats.piecesPerSecond.toFixed(0)}/s); re-import of the unchanged archive ${again.seconds.toFixed(2)} s`);
    fs.writeFileSync(manifestFile, JSON.stringify({ corpus, import: importStats }));
  }

  // 1b. A WordPress export of the size a migrating site brings, through the same CLI (issue 18).
  const wordpress = benchWordPressImport(workdir, Number(args['wordpress-posts'] ?? (quick ? 500 : 5000)));
  log(formatWordPressImport(wordpress));

  // 1c. The image pipeline (issue 19): photos per second inline and on the worker pool, and an import of pieces
  // with lead photos, first and unchanged; the unchanged one must do no image work.
  const images = await benchImages(workdir, { photos: quick ? 2 : 8, pieces: Number(args['image-pieces'] ?? (quick ? 100 : 1000)), distinct: quick ? 5 : 40 });
  log(formatImages(images));

  // 2. The reference static-site build.
  let eleventy: { seconds: number; pages: number; pagesPerSecond: number } | { skipped: string };
  if (args['skip-eleventy']) eleventy = { skipped: '--skip-eleventy' };
  else {
    const out = path.join(workdir, 'eleventy-site');
    fs.rmSync(out, { recursive: true, force: true });
    try {
      const built = timedChild(['--import', 'tsx', path.join(root, 'bench/build-eleventy.ts'), path.join(corpus.dir, 'articles'), workdir, out], process.env);
      const reported = JSON.parse(built.stdout.trim().split('\n').at(-1)!) as { pages: number };
      eleventy = { seconds: built.seconds, pages: reported.pages, pagesPerSecond: reported.pages / built.seconds };
      log(`Eleventy built ${reported.pages} pages in ${built.seconds.toFixed(1)} s (${eleventy.pagesPerSecond.toFixed(0)}/s)`);
    } catch (error) {
      // The reference failing (say, out of memory on a huge corpus) must not lose the rest of the run.
      eleventy = { skipped: `Eleventy failed: ${(error as Error).message.split('\n').slice(-3).join(' ').slice(0, 300)}` };
      log(eleventy.skipped);
    }
    fs.rmSync(out, { recursive: true, force: true });
  }

  // 3. Listing queries without any cache: page 1 against a deep page.
  const queries: QueryTiming[] = await measureQueries(databasePath, root, corpus);
  for (const q of queries) log(`query ${q.listing}: page 1 ${q.firstPageUs.toFixed(0)} µs, page ${q.deepPage} ${q.deepPageUs.toFixed(0)} µs`);
  const searches: SearchTiming[] = measureWorstSearch(databasePath, root);
  const worst = searches.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  log(`worst search: ${worst.medianMs.toFixed(1)} ms median, ${worst.maxMs.toFixed(1)} ms max (${worst.query})`);

  // 4. Load, once per worker count.
  const lastPage = Math.ceil(pieces / 12);
  const deepPage = Math.min(1000, lastPage);
  const blocks: Block[] = [];
  for (const workers of workerCounts) {
    const env = { ...process.env, WORKERS: String(workers), DATABASE_PATH: databasePath, CONTENT_DIR: corpus.dir, NODE_ENV: 'production' };
    // Cold starts vary with what else the machine is doing: take the median of three.
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const coldStart = async (contentDir: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const probe = await startServer('broadsheet', [path.join(root, 'dist/server.js')], { ...env, CONTENT_DIR: contentDir }, { cwd: root });
        times.push(Math.round(probe.coldStartMs));
        await probe.stop();
      }
      return times;
    };
    const coldStartsMs = await coldStart(corpus.dir);
    log(`WORKERS=${workers}: first 200 on / after ${coldStartsMs.join(', ')} ms`);
    const server = await startServer('broadsheet', [path.join(root, 'dist/server.js')], env, { cwd: root });
    // The content folder is reconciled in a background process after the start; load only once it is done,
    // so the measurements are of serving, not of serving beside a 10,000-file walk.
    const reconcileStarted = performance.now();
    await waitFor(() => /content reconcile finished/.test(server.output()), 600_000, 'the background reconcile to finish', { intervalMs: 100 });
    const reconcileSeconds = (performance.now() - reconcileStarted) / 1000;
    log(`background reconcile of the unchanged archive: ${reconcileSeconds.toFixed(1)} s`);
    const idleRss = server.rssBytes();
    const express = await startServer('express', [path.join(root, 'bench/reference/express.mjs')], { ...process.env, WORKERS: String(workers) }, { cwd: root });
    // Not a target: the ceiling our pages can reach with the pipeline every response must pass through.
    const pipeline = await startServer('express-pipeline', [path.join(root, 'bench/reference/express-pipeline.mjs')], { ...process.env }, { cwd: root });

    const articlePath = `/opinion/${corpus.sampleSlug}`;
    // The exact bytes our server sends for this request, compressed as negotiated, for the node:http reference.
    const article = await rawGet(`${server.url}${articlePath}`, load.headers);
    const bodyFile = path.join(workdir, 'article-body');
    fs.writeFileSync(bodyFile, article.body);
    const nodeHttpServer = await startServer('node-http', [path.join(root, 'bench/reference/node-http.mjs')], {
      ...process.env,
      WORKERS: String(workers),
      BODY_FILE: bodyFile,
      BODY_TYPE: article.headers['content-type'] ?? 'text/html',
      BODY_ENCODING: article.headers['content-encoding'] ?? '',
    }, { cwd: root });

    const home = await (await fetch(`${server.url}/`)).text();
    const css = /href="(\/css\/site\.[0-9a-f]+\.css)"/.exec(home)?.[1] ?? '/css/site.css';
    const targets: { target: string; base: RunningServer; path: string; headers?: Record<string, string> }[] = [
      { target: 'diagnostic: Express + request log + helmet, fixed string', base: pipeline, path: '/' },
      { target: 'article (views counted)', base: server, path: articlePath },
      { target: 'article, no Accept-Encoding', base: server, path: articlePath, headers: { 'user-agent': browserAgent } },
      { target: 'home (index page 1)', base: server, path: '/' },
      { target: `index page ${deepPage.toLocaleString('en-GB')}`, base: server, path: `/?page=${deepPage}` },
      { target: 'tag page', base: server, path: `/tags/${corpus.sampleTag}` },
      { target: 'author page', base: server, path: `/authors/${corpus.sampleAuthor}` },
      { target: 'search', base: server, path: `/search?q=${encodeURIComponent('harbour')}` },
      { target: 'RSS feed', base: server, path: '/feed.xml' },
      { target: 'static CSS (fingerprinted)', base: server, path: css },
    ];
    const sampler = sampleRss(server);
    const rows: Row[] = [];
    for (const t of targets) {
      const status = await fetch(`${t.base.url}${t.path}`).then((r) => (r.body?.cancel(), r.status));
      if (status !== 200) {
        rows.push({ target: t.target, path: t.path, skipped: `answers ${status}: route not in this tree` });
        log(`skip ${t.target} (${t.path} answers ${status})`);
        continue;
      }
      const options = { ...load, headers: t.headers ?? load.headers };
      // The Express reference runs right before each target, so both see the same machine load.
      const pair = await runPair(`${express.url}/`, `${t.base.url}${t.path}`, options);
      const [result, expressResult] = [pair.target, pair.reference];
      rows.push({ target: t.target, path: t.path, result, express: expressResult, rounds: pair.rounds });
      log(`${t.target}: ${result.requestsPerSecond.toFixed(0)} req/s (Express ${expressResult.requestsPerSecond.toFixed(0)}), p99 ${result.p99Ms} ms (Express ${expressResult.p99Ms} ms)`);
    }
    // Pages while search is hammered: the article alone, then again with search clients running beside it.
    const alone = await runLoad(`${server.url}${articlePath}`, load);
    const hammer = hammerSearch(server.url);
    const hammered = await runLoad(`${server.url}${articlePath}`, load);
    const hammerRow: HammerRow = { path: articlePath, alone, hammered, searches: await hammer.stop() };
    log(`article while search is hammered: ${hammered.requestsPerSecond.toFixed(0)} req/s (alone ${alone.requestsPerSecond.toFixed(0)}), searches ${JSON.stringify(hammerRow.searches)}`);
    const nodeHttp = await runLoad(`${nodeHttpServer.url}/`, load);
    log(`node:http with the article's bytes: ${nodeHttp.requestsPerSecond.toFixed(0)} req/s, p99 ${nodeHttp.p99Ms} ms`);
    sampler.stop();
    blocks.push({ workers, coldStartMs: median(coldStartsMs), coldStartsMs, reconcileSeconds, idleRssMb: mb(idleRss), peakRssMb: mb(Math.max(idleRss, sampler.peakBytes())), nodeHttp, rows, hammer: hammerRow });
    for (const s of [server, express, pipeline, nodeHttpServer]) await s.stop();
  }

  // 5. The same article with and without pictures, cached and rendered on every request (issue 19).
  const imagePages = await benchImagePages(workdir, load);
  for (const m of imagePages.modes) log(`article with pictures, page cache ${m.mode}: ${m.pictured.requestsPerSecond.toFixed(0)} req/s, without ${m.plain.requestsPerSecond.toFixed(0)} req/s (median ratio ${m.ratio.toFixed(2)}; CPU per request ${m.cpuRatio.toFixed(2)})`);

  const report = {
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain') !== '',
    date: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    options: { pieces, ...load, workers: workerCounts },
    corpus: { pieces: corpus.pieces, authors: corpus.authors, tags: corpus.tags, megabytes: mb(corpus.bytes) },
    import: importStats,
    wordpress,
    images,
    imagePages,
    eleventy,
    importToEleventy: 'pagesPerSecond' in eleventy ? importStats.piecesPerSecond / eleventy.pagesPerSecond : null,
    queries,
    searches,
    blocks,
  };
  console.log(formatReport(report));
  if (args.json) fs.writeFileSync(path.resolve(args.json), `${JSON.stringify(report, null, 2)}\n`);
  if (!args.keep && !args.workdir) fs.rmSync(workdir, { recursive: true, force: true });
  // Last, after the report is printed and written, so the run that broke the rule is there to read.
  if (images.violations.length > 0) {
    console.error(`\nBENCH FAILED: issue 19 says an unchanged re-import does no image work and no fetch.\n${images.violations.join('\n')}`);
    process.exitCode = 1;
  }
}

const fixed = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** formatReport renders the results as the Markdown tables BENCHMARKS.md quotes. */
function formatReport(report: {
  commit: string;
  dirty: boolean;
  date: string;
  seconds: number;
  machine: { cores: number; cpu: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  options: { pieces: number; connections: number; seconds: number; warmupSeconds: number; rounds: number; headers: Record<string, string> };
  import: { seconds: number; piecesPerSecond: number; unchangedSeconds: number; reused: boolean };
  wordpress: WordPressImportTiming;
  images: ImageTiming;
  imagePages: ImagePagesTiming;
  eleventy: { seconds: number; pages: number; pagesPerSecond: number } | { skipped: string };
  importToEleventy: number | null;
  queries: QueryTiming[];
  searches: SearchTiming[];
  blocks: Block[];
}): string {
  const lines: string[] = [];
  lines.push(`Broadsheet benchmark, ${report.date} (${report.seconds} s), commit ${report.commit.slice(0, 12)}${report.dirty ? ' (with uncommitted changes)' : ''}`);
  lines.push(`Machine: ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, load average ${report.machine.loadAverageAtStart.join(' ')} at start, ${report.machine.loadAverageAtEnd.join(' ')} at end`);
  lines.push(`Load: autocannon, ${report.options.connections} connections, ${report.options.rounds} × ${report.options.seconds} s per target, each right after ${report.options.rounds} × ${report.options.seconds} s of the Express reference (means shown), ${report.options.warmupSeconds} s warm-up; Accept-Encoding "${report.options.headers['accept-encoding'] ?? ''}"`);
  lines.push('');
  const e = report.eleventy;
  lines.push(`Import (CLI, ${fixed(report.options.pieces)} pieces${report.import.reused ? ', from an earlier run' : ''}): ${report.import.seconds.toFixed(1)} s, ${fixed(report.import.piecesPerSecond)} pieces/s; unchanged re-import ${report.import.unchangedSeconds.toFixed(2)} s`);
  lines.push(formatWordPressImport(report.wordpress));
  lines.push(formatImages(report.images));
  lines.push('pagesPerSecond' in e
    ? `Eleventy build of the same Markdown: ${e.seconds.toFixed(1)} s, ${fixed(e.pagesPerSecond)} pages/s; import ÷ Eleventy = ${report.importToEleventy!.toFixed(2)}`
    : `Eleventy: skipped (${e.skipped})`);
  lines.push('');
  lines.push('| listing query (no cache) | page 1 | deep page | deep ÷ first |');
  lines.push('| --- | ---: | ---: | ---: |');
  for (const q of report.queries) lines.push(`| ${q.listing} | ${q.firstPageUs.toFixed(0)} µs | page ${fixed(q.deepPage)}: ${q.deepPageUs.toFixed(0)} µs | ${(q.deepPageUs / q.firstPageUs).toFixed(2)} |`);
  lines.push('');
  lines.push(`| worst-shape search (no cache, ${fixed(report.options.pieces)} pieces) | median | max | ranked |`);
  lines.push('| --- | ---: | ---: | ---: |');
  for (const q of report.searches) lines.push(`| \`${q.query.replace(/\|/g, '\\|')}\` | ${q.medianMs.toFixed(1)} ms | ${q.maxMs.toFixed(1)} ms | ${q.ranked} |`);
  const worst = Math.max(...report.searches.map((q) => q.medianMs));
  lines.push(`Worst search: ${worst.toFixed(1)} ms median (target under 50 ms)`);
  for (const block of report.blocks) {
    lines.push('');
    lines.push(`WORKERS=${block.workers}: cold start ${fixed(block.coldStartMs)} ms to the first 200 on / (median of ${block.coldStartsMs.join(', ')} ms; the unchanged archive was then reconciled in the background in ${block.reconcileSeconds.toFixed(1)} s); server RSS ${block.idleRssMb} MB idle, ${block.peakRssMb} MB peak under load`);
    lines.push(`node:http reference (the article's bytes from a Buffer): ${fixed(block.nodeHttp.requestsPerSecond)} req/s, p50 ${block.nodeHttp.p50Ms} ms, p99 ${block.nodeHttp.p99Ms} ms`);
    lines.push('');
    lines.push('| target | req/s | p50 ms | p99 ms | ÷ Express req/s | ÷ Express p99 | ÷ node:http req/s | Express req/s (just before) | bytes/resp | non-2xx |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of block.rows) {
      if (!row.result || !row.express) {
        lines.push(`| ${row.target} | skipped: ${row.skipped} | | | | | | | | |`);
        continue;
      }
      const r = row.result;
      lines.push(
        `| ${row.target} | ${fixed(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${(r.requestsPerSecond / row.express.requestsPerSecond).toFixed(2)} | ` +
          `${(r.p99Ms / Math.max(row.express.p99Ms, 1)).toFixed(2)} | ${(r.requestsPerSecond / block.nodeHttp.requestsPerSecond).toFixed(2)} | ` +
          `${fixed(row.express.requestsPerSecond)} | ${fixed(r.bytesPerResponse)} | ${r.non2xx + r.errors} |`,
      );
    }
    const h = block.hammer;
    lines.push('');
    lines.push(`Pages while search is hammered (4 clients, distinct worst-shape queries, one address): article ${fixed(h.hammered.requestsPerSecond)} req/s, p99 ${h.hammered.p99Ms} ms; alone ${fixed(h.alone.requestsPerSecond)} req/s, p99 ${h.alone.p99Ms} ms; ratio ${(h.hammered.requestsPerSecond / h.alone.requestsPerSecond).toFixed(2)}; search answers ${Object.entries(h.searches).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    // By target, not path: the diagnostic row's path is '/' too, on its own server.
    const home = block.rows.find((row) => row.target.startsWith('home') && row.result);
    const deep = block.rows.find((row) => row.path.startsWith('/?page=') && row.result);
    if (home?.result && home.express && deep?.result && deep.express) {
      const raw = deep.result.requestsPerSecond / home.result.requestsPerSecond;
      const normalised = deep.result.requestsPerSecond / deep.express.requestsPerSecond / (home.result.requestsPerSecond / home.express.requestsPerSecond);
      lines.push('');
      lines.push(`${deep.target} ÷ page 1: ${raw.toFixed(2)} in req/s, ${normalised.toFixed(2)} in ratio to their own Express references`);
    }
  }
  lines.push('');
  lines.push(formatImagePages(report.imagePages));
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
