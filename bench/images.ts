// node --import tsx bench/images.ts [-- --photos 24 --pieces 1000 --distinct 100 --json out.json]
//
// The image pipeline's costs (issue 19): photos processed per second inline (one sharp call at a time, libvips
// threads on every core) and on the worker pool (one worker per core, one libvips thread each); then an import
// of N pieces with lead photos through the built CLI, first and unchanged, which must do no image work (the
// command exits 1 if it did). npm run bench runs it too. Run after npm run build. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createImagePool } from '../src/media/image-pool.js';
import { processImage } from '../src/media/process.js';
import { benchPhoto } from './photos.js';

const root = path.resolve(import.meta.dirname, '..');
const origin = { file: 'bench', field: 'image.src' };

/** How big an images run is: photos timed in process, pieces imported, distinct photos those pieces share. */
export interface ImageBenchSize {
  photos: number;
  pieces: number;
  distinct: number;
}

/** One import's counts, read off the CLI's `Images:` line (absent when the step did nothing). */
export interface ImageWork {
  line: string;
  fetched: number;
  processed: number;
  reused: number;
  refused: number;
  cards: number;
}

/** What one images run measured. */
export interface ImageTiming extends ImageBenchSize {
  cores: number;
  inlinePerSecond: number;
  poolPerSecond: number;
  firstSeconds: number;
  first: ImageWork;
  againSeconds: number;
  again: ImageWork;
  mediaMegabytes: number;
  /** Why the unchanged re-import broke the rule (it did image work or a fetch); empty when it kept it. */
  violations: string[];
  loadAverageAtStart: number;
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** imageWork reads the import's `Images: 1 fetched, 2 processed, 3 reused, 0 refused; 4 share cards drawn.` line. */
export function imageWork(stdout: string): ImageWork {
  const line = /^Images: .*$/m.exec(stdout)?.[0] ?? '';
  const count = (label: RegExp) => Number(label.exec(line)?.[1] ?? 0);
  return {
    line,
    fetched: count(/(\d+) fetched/),
    processed: count(/(\d+) processed/),
    reused: count(/(\d+) reused/),
    refused: count(/(\d+) refused/),
    cards: count(/(\d+) share cards? drawn/),
  };
}

/**
 * benchImages times photos processed inline and on the pool, then writes `pieces` pieces under workdir naming
 * `distinct` photos in content/media/ (shared, as a newsroom's file photos are, so the same bytes are processed
 * once) and imports them twice with the built CLI. It throws if either import fails; an unchanged re-import that
 * did any image work is not thrown but listed in `violations`, so the caller can print the run before failing.
 */
export async function benchImages(workdir: string, size: ImageBenchSize): Promise<ImageTiming> {
  const loadAverageAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  const photos = await Promise.all(Array.from({ length: size.photos }, (_, i) => benchPhoto(i)));
  const inline = await timed(async () => {
    for (const bytes of photos) await processImage(bytes, origin);
  });
  const pool = createImagePool();
  const pooled = await timed(() => Promise.all(photos.map((bytes) => pool.process(bytes, origin))));
  await pool.close();

  const dir = path.join(workdir, 'images');
  fs.rmSync(dir, { recursive: true, force: true });
  const content = path.join(dir, 'content');
  fs.mkdirSync(path.join(content, 'media'), { recursive: true });
  fs.writeFileSync(path.join(content, 'authors.yaml'), '- slug: bench-writer\n  name: Bench Writer\n');
  for (let i = 0; i < size.distinct; i += 1) fs.writeFileSync(path.join(content, 'media', `photo-${i}.jpg`), await benchPhoto(i + 1000));
  for (let i = 0; i < size.pieces; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    fs.writeFileSync(
      path.join(content, `2026-10-${day}-piece-${i}.md`),
      `---\ntitle: Piece ${i}\ntype: op-ed\ndate: 2026-10-${day}T08:00:00+00:00\nauthors: [bench-writer]\nimage:\n  src: media/photo-${i % size.distinct}.jpg\n  alt: Photo ${i % size.distinct}\n---\nBody of piece ${i}.\n`,
    );
  }
  const env = { ...process.env, DATABASE_PATH: path.join(dir, 'site.db'), CONTENT_DIR: content };
  const runImport = async () => {
    const run = await timed(() => spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'import', content], { env, encoding: 'utf8' }));
    const { status, stdout, stderr } = run.value;
    if (status !== 0 || !/^Imported: /m.test(stdout)) throw new Error(`the images import failed (${status}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
    return { seconds: run.seconds, work: imageWork(stdout), stdout };
  };
  const first = await runImport();
  if (!first.stdout.includes(`Imported: ${size.pieces} created`)) throw new Error(`the images import did not create every piece:\n${first.stdout.slice(-2000)}`);
  const again = await runImport();
  // Unchanged pieces are not looked at (publishing/article-images.ts), so the step prints nothing at all: any
  // count it prints, even of images reused, means it read or hashed images it had no reason to.
  const violations = again.work.line ? [`the unchanged re-import did image work: "${again.work.line}"`] : [];
  if (!again.stdout.includes(`${size.pieces} unchanged`)) violations.push(`the re-import changed pieces: ${/^Imported: .*$/m.exec(again.stdout)?.[0]}`);
  const mediaDir = path.join(dir, 'media');
  const mediaBytes = fs
    .readdirSync(mediaDir, { recursive: true, encoding: 'utf8' })
    .map((file) => fs.statSync(path.join(mediaDir, file)))
    .reduce((sum, stat) => sum + (stat.isFile() ? stat.size : 0), 0);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    ...size,
    cores: os.availableParallelism(),
    inlinePerSecond: size.photos / inline.seconds,
    poolPerSecond: size.photos / pooled.seconds,
    firstSeconds: first.seconds,
    first: first.work,
    againSeconds: again.seconds,
    again: again.work,
    mediaMegabytes: Math.round((mediaBytes / 1024 / 1024) * 10) / 10,
    violations,
    loadAverageAtStart,
  };
}

/** formatImages is the lines the benchmark report prints for an images run, the rule's breach first if any. */
export function formatImages(t: ImageTiming): string {
  return [
    ...t.violations.map((v) => `FAILED (issue 19: an unchanged re-import must do no image work and no fetch): ${v}`),
    `Images (issue 19): 3000×2000 photos, ${t.cores} cores (load average ${t.loadAverageAtStart} at start): ${t.inlinePerSecond.toFixed(2)}/s inline, ${t.poolPerSecond.toFixed(2)}/s on the worker pool (${t.photos} photos)`,
    `Import of ${t.pieces.toLocaleString('en-GB')} pieces with lead photos (${t.distinct} distinct; CLI): first ${t.firstSeconds.toFixed(1)} s [${t.first.line || 'no Images line'}], ` +
      `unchanged ${t.againSeconds.toFixed(1)} s [${t.again.line || 'no image work, no fetch'}]; media ${t.mediaMegabytes} MB`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({
    options: {
      photos: { type: 'string', default: '24' },
      pieces: { type: 'string', default: '1000' },
      distinct: { type: 'string', default: '100' },
      json: { type: 'string' },
    },
  });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-images-'));
  try {
    const results = await benchImages(workdir, { photos: Number(args.photos), pieces: Number(args.pieces), distinct: Number(args.distinct) });
    console.log(formatImages(results));
    if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
    if (results.violations.length > 0) process.exitCode = 1;
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
