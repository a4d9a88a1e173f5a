// Page throughput with pictures (issue 19), run by npm run bench: the same article served by the real built
// server without pictures and with a processed lead image and two body images, side by side in one run, from
// the page cache (as readers get it) and with no page cache (PAGE_CACHE_MB=0, so every request renders).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../test/helpers/processes.js';
import { proseWriter, random, writeCorpus } from './corpus.js';
import { averageLoad, runLoad, type LoadOptions, type LoadResult } from './load.js';
import { benchPhoto } from './photos.js';
import { rawGet, startServer } from './servers.js';

const root = path.resolve(import.meta.dirname, '..');
const pieces = ['plain', 'pictured'] as const;
type Piece = (typeof pieces)[number];

/** What a reader receives for one of the two pages: bytes on the wire, and the pictures and images in them. */
export interface PageFacts {
  path: string;
  bytes: number;
  pictures: number;
  images: number;
}

/** One page's load, with the server's CPU time per request answered in that window. */
export interface PageLoad extends LoadResult {
  cpuMsPerRequest: number;
}

/** One page-cache mode: both pages measured in alternating order, their means, and with ÷ without. */
export interface PictureModeTiming {
  mode: 'cached' | 'uncached';
  /** What X-Page-Cache said to a repeated request, so the mode is seen to be the one meant. */
  cacheHeader: string;
  plain: PageLoad;
  pictured: PageLoad;
  /** The median over rounds of with ÷ without in req/s, each round's two measured back to back: a busy machine moves both. */
  ratio: number;
  /** The median over rounds of with ÷ without in server CPU per request, which other work on the machine moves less. */
  cpuRatio: number;
  rounds: { order: Piece[]; plain: PageLoad; pictured: PageLoad }[];
}

/** What benchImagePages measured. */
export interface ImagePagesTiming {
  pages: Record<Piece, PageFacts>;
  modes: PictureModeTiming[];
}

/**
 * writePicturePieces writes a small archive (so the article's related and most-read lists are filled) and two
 * pieces with the same title, byline and text: one without pictures, one with a lead image and two body
 * images from content/media/.
 */
async function writePicturePieces(dir: string): Promise<{ content: string; paths: Record<Piece, string> }> {
  const corpus = writeCorpus(dir, 48);
  const media = path.join(corpus.dir, 'media');
  fs.mkdirSync(media, { recursive: true });
  for (let i = 0; i < 3; i += 1) fs.writeFileSync(path.join(media, `photo-${i}.jpg`), await benchPhoto(2000 + i));
  const { paragraph, sentence } = proseWriter(random(19));
  const paragraphs = Array.from({ length: 12 }, paragraph);
  const dek = sentence();
  // Body images after the third and seventh paragraphs, as Markdown names them (issue 19's body images).
  const bodyImages = new Map([[2, '![A street photographed for the bench](media/photo-1.jpg)'], [6, '![A second photograph](media/photo-2.jpg)']]);
  const write = (piece: Piece) => {
    const pictured = piece === 'pictured';
    const body = paragraphs.map((text, i) => (pictured && bodyImages.has(i) ? `${text}\n\n${bodyImages.get(i)}` : text)).join('\n\n');
    const front = [
      '---',
      'title: "The harbour bridge in pictures"',
      'type: op-ed',
      `dek: "${dek}"`,
      'date: 2026-11-02T08:00:00+00:00',
      `authors: [${corpus.sampleAuthor}]`,
      'tags: [bench pictures]',
      ...(pictured ? ['image:', '  src: media/photo-0.jpg', '  alt: The harbour bridge at dusk'] : []),
      '---',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(corpus.dir, 'articles', `2026-11-02-bench-${piece}.md`), `${front}${body}\n`);
  };
  pieces.forEach(write);
  return { content: corpus.dir, paths: { plain: '/opinion/bench-plain', pictured: '/opinion/bench-pictured' } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
}

/**
 * benchImagePages imports the two pieces with the built CLI (images processed as an editor's import does them),
 * then for each page-cache mode starts dist/server.js with one worker and loads both pages with autocannon,
 * plain then pictured in odd rounds and the other way in even ones (at least four), so neither always runs on a
 * warmer or quieter machine. It throws if the pictured page carries no <picture>: there would be nothing to measure.
 */
export async function benchImagePages(workdir: string, load: LoadOptions): Promise<ImagePagesTiming> {
  const dir = path.join(workdir, 'image-pages');
  fs.rmSync(dir, { recursive: true, force: true });
  const { content, paths } = await writePicturePieces(dir);
  const databasePath = path.join(dir, 'broadsheet.db');
  const imported = spawnSync(process.execPath, [path.join(root, 'dist/cli/main.js'), 'import', content], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: databasePath, CONTENT_DIR: content },
    encoding: 'utf8',
  });
  if (imported.status !== 0) throw new Error(`the pictures import failed (${imported.status}):\n${imported.stdout.slice(-2000)}\n${imported.stderr.slice(-2000)}`);

  const modes: PictureModeTiming[] = [];
  let pages: Record<Piece, PageFacts> | undefined;
  for (const mode of ['cached', 'uncached'] as const) {
    const env = { ...process.env, WORKERS: '1', DATABASE_PATH: databasePath, CONTENT_DIR: content, NODE_ENV: 'production', ...(mode === 'uncached' ? { PAGE_CACHE_MB: '0' } : {}) };
    const server = await startServer('broadsheet', [path.join(root, 'dist/server.js')], env, { cwd: root });
    try {
      // Load only once the background reconcile of the content folder is done, as run.ts does.
      await waitFor(() => /content reconcile finished/.test(server.output()), 120_000, 'the background reconcile to finish', { intervalMs: 100 });
      if (!pages) {
        const facts = async (piece: Piece): Promise<PageFacts> => {
          // The bytes as sent (compressed as negotiated), and the HTML as fetch decodes it.
          const answer = await rawGet(`${server.url}${paths[piece]}`, load.headers);
          if (answer.status !== 200) throw new Error(`${paths[piece]} answers ${answer.status}`);
          const html = await (await fetch(`${server.url}${paths[piece]}`, { headers: load.headers })).text();
          return { path: paths[piece], bytes: answer.body.length, pictures: html.split('<picture').length - 1, images: html.split('<img').length - 1 };
        };
        pages = { plain: await facts('plain'), pictured: await facts('pictured') };
        if (pages.pictured.pictures === 0) throw new Error(`${paths.pictured} has no <picture>: its lead image was not processed`);
      }
      const repeated = await rawGet(`${server.url}${paths.plain}`, load.headers);
      const cacheHeader = String(repeated.headers['x-page-cache'] ?? 'none');
      // Both pages warmed before either is measured, so the first round's first page does not pay for the JIT.
      for (const piece of pieces) if (load.warmupSeconds > 0) await runLoad(`${server.url}${paths[piece]}`, { ...load, seconds: load.warmupSeconds, warmupSeconds: 0 });
      const measure = async (piece: Piece): Promise<PageLoad> => {
        const cpuBefore = server.cpuSeconds();
        const result = await runLoad(`${server.url}${paths[piece]}`, { ...load, warmupSeconds: 0 });
        return { ...result, cpuMsPerRequest: ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(result.requests, 1) };
      };
      const rounds: PictureModeTiming['rounds'] = [];
      for (let round = 0; round < Math.max(4, 2 * load.rounds); round += 1) {
        const order: Piece[] = round % 2 === 0 ? ['plain', 'pictured'] : ['pictured', 'plain'];
        const results = {} as Record<Piece, PageLoad>;
        for (const piece of order) results[piece] = await measure(piece);
        rounds.push({ order, ...results });
      }
      const mean = (piece: Piece): PageLoad => ({
        ...averageLoad(rounds.map((r) => r[piece])),
        cpuMsPerRequest: rounds.reduce((sum, r) => sum + r[piece].cpuMsPerRequest, 0) / rounds.length,
      });
      modes.push({
        mode,
        cacheHeader,
        plain: mean('plain'),
        pictured: mean('pictured'),
        ratio: median(rounds.map((r) => r.pictured.requestsPerSecond / r.plain.requestsPerSecond)),
        cpuRatio: median(rounds.map((r) => r.pictured.cpuMsPerRequest / r.plain.cpuMsPerRequest)),
        rounds,
      });
    } finally {
      await server.stop();
    }
  }
  return { pages: pages!, modes };
}

/** formatImagePages is the table the benchmark report prints for the article with and without pictures. */
export function formatImagePages(t: ImagePagesTiming): string {
  const fixed = (n: number) => Math.round(n).toLocaleString('en-GB');
  const micro = (ms: number) => `${Math.round(ms * 1000).toLocaleString('en-GB')} µs`;
  const page = (p: PageFacts) => `${(p.bytes / 1024).toFixed(1)} kB as sent, ${p.pictures} <picture>, ${p.images} <img>`;
  const lines = [
    `Article with and without pictures (issue 19; one worker, ${t.modes[0]?.rounds.length ?? 0} rounds per mode, order alternating): without ${page(t.pages.plain)}; with ${page(t.pages.pictured)}`,
    '',
    '| page cache | req/s without pictures | req/s with | with ÷ without (median) | each round | server CPU per request without | with | with ÷ without (median) | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of t.modes) {
    const label = m.mode === 'cached' ? 'cached (as readers get it)' : 'none (PAGE_CACHE_MB=0: every request renders)';
    lines.push(
      `| ${label}; X-Page-Cache ${m.cacheHeader} | ${fixed(m.plain.requestsPerSecond)} | ${fixed(m.pictured.requestsPerSecond)} | ${m.ratio.toFixed(2)} | ` +
        `${m.rounds.map((r) => (r.pictured.requestsPerSecond / r.plain.requestsPerSecond).toFixed(2)).join(', ')} | ` +
        `${micro(m.plain.cpuMsPerRequest)} | ${micro(m.pictured.cpuMsPerRequest)} | ${m.cpuRatio.toFixed(2)} | ${m.plain.non2xx + m.plain.errors + m.pictured.non2xx + m.pictured.errors} |`,
    );
  }
  return lines.join('\n');
}
