// node --import tsx bench/images.ts [-- --photos 24 --pieces 1000 --distinct 100 --json out.json]
//
// The image pipeline's costs (issue 19): photos processed per second inline (one sharp call at a time, libvips
// threads on every core) and on the worker pool (one worker per core, one libvips thread each); then an import
// of N pieces with lead photos through the built CLI, first and unchanged, which must do no image work.
// Run after npm run build. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createImagePool } from '../src/media/image-pool.js';
import { processImage } from '../src/media/process.js';

const { values: args } = parseArgs({
  options: {
    photos: { type: 'string', default: '24' },
    pieces: { type: 'string', default: '1000' },
    distinct: { type: 'string', default: '100' },
    json: { type: 'string' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const origin = { file: 'bench', field: 'image.src' };

/** A camera-like 3000×2000 JPEG: a gradient with noise, so encoders work as hard as on a photograph. */
async function photo(seed: number): Promise<Buffer> {
  const width = 3000;
  const height = 2000;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="hsl(${hue},60%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},50%,30%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${900 + seed * 37}" cy="800" r="400" fill="hsl(${(hue + 200) % 360},70%,70%)"/></svg>`;
  return sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'soft-light' }]).jpeg({ quality: 88 }).toBuffer();
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const photos = await Promise.all(Array.from({ length: Number(args.photos) }, (_, i) => photo(i)));
const inline = await timed(async () => {
  for (const bytes of photos) await processImage(bytes, origin);
});
const pool = createImagePool();
const pooled = await timed(() => Promise.all(photos.map((bytes) => pool.process(bytes, origin))));
await pool.close();

// An import of pieces with lead photos, through the CLI an editor runs; photos are shared between pieces, as a
// newsroom's file photos are, so the same bytes are processed once.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-images-'));
const content = path.join(work, 'content');
fs.mkdirSync(path.join(content, 'media'), { recursive: true });
fs.writeFileSync(path.join(content, 'authors.yaml'), '- slug: bench-writer\n  name: Bench Writer\n');
const distinct = Number(args.distinct);
for (let i = 0; i < distinct; i += 1) fs.writeFileSync(path.join(content, 'media', `photo-${i}.jpg`), await photo(i + 1000));
const pieces = Number(args.pieces);
for (let i = 0; i < pieces; i += 1) {
  const day = String(1 + (i % 28)).padStart(2, '0');
  fs.writeFileSync(
    path.join(content, `2026-10-${day}-piece-${i}.md`),
    `---\ntitle: Piece ${i}\ntype: op-ed\ndate: 2026-10-${day}T08:00:00+00:00\nauthors: [bench-writer]\nimage:\n  src: media/photo-${i % distinct}.jpg\n  alt: Photo ${i % distinct}\n---\nBody of piece ${i}.\n`,
  );
}
const env = { ...process.env, DATABASE_PATH: path.join(work, 'site.db'), CONTENT_DIR: content };
const runImport = () =>
  timed(async () => spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'import', content], { env, encoding: 'utf8' }));
const first = await runImport();
const again = await runImport();
const imagesLine = (out: string) => /^Images: .*$/m.exec(out)?.[0] ?? '(no image work)';
const mediaBytes = fs
  .readdirSync(path.join(work, 'media'), { recursive: true, encoding: 'utf8' })
  .reduce((sum, file) => sum + (fs.statSync(path.join(work, 'media', file)).isFile() ? fs.statSync(path.join(work, 'media', file)).size : 0), 0);
fs.rmSync(work, { recursive: true, force: true });

const results = {
  cores: os.availableParallelism(),
  photos: photos.length,
  inlinePerSecond: photos.length / inline.seconds,
  poolPerSecond: photos.length / pooled.seconds,
  import: {
    pieces,
    distinctPhotos: distinct,
    firstSeconds: first.seconds,
    firstImages: imagesLine(first.value.stdout),
    againSeconds: again.seconds,
    againImages: imagesLine(again.value.stdout),
    mediaMegabytes: mediaBytes / 1024 / 1024,
  },
};
console.log(`3000×2000 photos, ${results.cores} cores: ${results.inlinePerSecond.toFixed(2)}/s inline, ${results.poolPerSecond.toFixed(2)}/s on the pool`);
console.log(`import of ${pieces} pieces (${distinct} distinct photos): first ${first.seconds.toFixed(1)} s [${results.import.firstImages}], unchanged ${again.seconds.toFixed(1)} s [${results.import.againImages}]; media ${results.import.mediaMegabytes.toFixed(1)} MB`);
if (first.value.status !== 0 || again.value.status !== 0) console.log(first.value.stderr, again.value.stderr);
if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
