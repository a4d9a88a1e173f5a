// npm run bench:wordpress [-- --posts 5000 --quick]
//
// Times the import of a generated WordPress export end to end through the built CLI, as an editor runs it:
// read, convert, validate, plan, render and write, comments included (issue 18). npm run bench runs it too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeWxr } from './wxr-corpus.js';

const root = path.resolve(import.meta.dirname, '..');

/** What one timed WordPress import measured. */
export interface WordPressImportTiming {
  posts: number;
  megabytes: number;
  seconds: number;
  /** CPU seconds the import process used (user + system), which a busy machine does not inflate as it does wall time. */
  cpuSeconds: number;
  postsPerSecond: number;
  loadAverageAtStart: number;
}

/**
 * benchWordPressImport writes an export of `posts` posts under workdir and imports it with the built CLI into a
 * fresh database, timing the whole command. It throws if the import does not create every post.
 */
export function benchWordPressImport(workdir: string, posts: number): WordPressImportTiming {
  const dir = path.join(workdir, 'wordpress');
  fs.rmSync(dir, { recursive: true, force: true });
  const corpus = writeWxr(dir, posts);
  const databasePath = path.join(dir, 'broadsheet.db');
  const loadAverageAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  // IMAGE_FETCH=off: the export's photos are on example.com, and a benchmark reaches no network (issue 19's
  // fetching is measured by bench/images.ts from files); they stay links, and the cards are what is drawn.
  const env = { ...process.env, DATABASE_PATH: databasePath, CONTENT_DIR: path.join(dir, 'content'), IMAGE_FETCH: 'off' };
  // The CPU time comes from the shell's `times` after the child exits: spawnSync reports none.
  const script = `"${process.execPath}" "${path.join(root, 'dist/cli/main.js')}" import "${corpus.registry}" "${corpus.file}" > "${dir}/out.txt" || exit $?; times`;
  const started = performance.now();
  const result = spawnSync('sh', ['-c', script], { cwd: root, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const out = fs.existsSync(`${dir}/out.txt`) ? fs.readFileSync(`${dir}/out.txt`, 'utf8') : '';
  if (result.status !== 0 || !out.includes(`Imported: ${posts} created`)) {
    throw new Error(`the WordPress import failed (${result.status}):\n${out.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  // `times` prints the shell's own user/system time, then its children's: "0m24.460s 0m4.620s".
  const children = result.stdout.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const cpuSeconds = children.reduce((sum, part) => {
    const [, minutes, secs] = /(\d+)m([\d.]+)s/.exec(part)!;
    return sum + Number(minutes) * 60 + Number(secs);
  }, 0);
  return { posts, megabytes: Math.round((corpus.bytes / 1024 / 1024) * 10) / 10, seconds, cpuSeconds, postsPerSecond: posts / seconds, loadAverageAtStart };
}

/** formatWordPressImport is the line the benchmark report prints for it. */
export function formatWordPressImport(t: WordPressImportTiming): string {
  return `WordPress import (CLI, ${t.posts.toLocaleString('en-GB')} posts, ${t.megabytes} MB WXR): ${t.seconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} s CPU, ${Math.round(t.postsPerSecond)} posts/s (load average ${t.loadAverageAtStart} at start)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { posts: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  const posts = Number(values.posts ?? (values.quick ? 500 : 5000));
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-wxr-bench-'));
  try {
    console.log(formatWordPressImport(benchWordPressImport(workdir, posts)));
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
