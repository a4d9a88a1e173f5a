import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { processImage } from '../../src/media/process.js';
import { openMediaStore } from '../../src/media/store.js';
import { makeArticleImages } from '../../src/publishing/article-images.js';
import { importArticles } from '../../src/publishing/import.js';
import { cmykJpeg, jpegWithGpsAndOrientation, transparentPng } from '../helpers/images.js';
import { assertHtmlPage, fixtureContent, startSite, tempDir, type TestSite } from '../helpers/site.js';

// Images in bodies (issue 19): a photo beside the Markdown, a shared one in content/media/, two from another
// site (a local server standing in for it: one answers, one is gone), and a public/ path as pieces named
// images before. Two pieces name the same remote photo.
let site: TestSite;
let content: { dir: string; cleanup: () => void };
let remote: http.Server;
let base = '';
const requests: string[] = [];
let clock = Date.parse('2026-11-28T12:00:00Z');

before(async () => {
  const photo = await cmykJpeg();
  remote = http.createServer((req, res) => {
    requests.push(req.url!);
    if (req.url === '/wire/harbour.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  content = tempDir();
  fs.copyFileSync(path.join(fixtureContent, 'authors.yaml'), path.join(content.dir, 'authors.yaml'));
  fs.mkdirSync(path.join(content.dir, 'media'));
  fs.writeFileSync(path.join(content.dir, 'media', 'chart.png'), await transparentPng());
  fs.writeFileSync(path.join(content.dir, 'quay.jpg'), await jpegWithGpsAndOrientation());
  const piece = (slug: string, body: string) =>
    fs.writeFileSync(
      path.join(content.dir, `2026-11-20-${slug}.md`),
      `---\ntitle: ${slug}\ntype: op-ed\ndate: 2026-11-20T08:00:00+00:00\nauthors: [ada-fixture]\n---\n${body}\n`,
    );
  piece(
    'ferries',
    [
      'The quay in the morning.',
      '![The quay before the first ferry](quay.jpg)',
      'A chart of crossings:',
      '![Crossings by month, rising in summer](media/chart.png)',
      `[![The harbour from the breakwater](${base}/wire/harbour.jpg)](https://example.com/story)`,
      `![A photo that is gone](${base}/wire/gone.jpg)`,
      '![The old masthead](/img/rooftops-at-dusk.svg)',
    ].join('\n\n'),
  );
  piece('harbour-again', `The harbour again.\n\n![The harbour, seen again](${base}/wire/harbour.jpg)`);
  site = await startSite({ content: [content.dir] });
});
after(async () => {
  await site.close();
  content.cleanup();
  await new Promise<void>((resolve) => remote.close(() => resolve()));
});

const deps = (extra: { retryRefused?: boolean } = {}) => ({
  store: openMediaStore(site.config.mediaDir),
  process: processImage,
  contentDir: content.dir,
  siteName: 'Broadsheet',
  fetch: { allowAddress: () => true },
  now: () => clock,
  ...extra,
});

test('pages show a body image from the source as a link or text until the image step has run: never a request elsewhere', async () => {
  const html = await (await site.get('/opinion/ferries')).text();
  const body = /<div class="prose[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? html;
  assert.doesNotMatch(body, new RegExp(`<img[^>]+src="${base}`), 'no <img> names another site');
  assert.match(body, new RegExp(`<a href="${base}/wire/gone\\.jpg">A photo that is gone</a>`));
  assert.match(body, /<a href="https:\/\/example\.com\/story"><span>The harbour from the breakwater<\/span><\/a>/, 'no link inside a link');
  assert.match(body, /<span>The quay before the first ferry<\/span>/);
  assert.match(body, /<img src="\/img\/rooftops-at-dusk\.svg" alt="The old masthead" loading="lazy" decoding="async">/);
});

test('the image step brings each body image in once, a shared address fetched once, and refuses the gone one by file and field', async () => {
  const report = await makeArticleImages(site.db, deps());
  assert.deepEqual(report.processed.sort(), ['ferries', 'ferries']);
  assert.deepEqual([...report.fetched, ...report.reused].sort(), ['ferries', 'harbour-again'], 'one piece fetched it, the other reused it');
  assert.equal(report.fetched.length, 1);
  assert.equal(requests.filter((r) => r === '/wire/harbour.jpg').length, 1, 'two pieces, one fetch');
  assert.equal(report.refused.length, 1);
  const [refused] = report.refused;
  assert.match(`${refused!.file}: ${refused!.field}: ${refused!.message}`, /2026-11-20-ferries\.md: body image: .*404/);
  assert.equal(refused!.value, `${base}/wire/gone.jpg`);
});

test('the article prints each processed body image as a lazy, dimensioned <picture> sized for the measure', async () => {
  const response = await site.get('/opinion/ferries');
  assertHtmlPage(response);
  const html = await response.text();
  const pictures = [...html.matchAll(/<picture>(?:(?!<\/picture>)[\s\S])*<\/picture>/g)].map((m) => m[0]).filter((p) => p.includes('sizes="(min-width: 40rem) 36rem, 100vw"'));
  assert.equal(pictures.length, 3, 'quay, chart and harbour');
  for (const picture of pictures) {
    assert.match(picture, /<source type="image\/avif" srcset="\/media\/[0-9a-f]{24}\/\d+\.avif \d+w/);
    assert.match(picture, /<img src="\/media\/[0-9a-f]{24}\/\d+\.(jpg|png)" srcset="[^"]+" sizes="[^"]+" width="\d+" height="\d+" alt="[^"]+" loading="lazy" decoding="async">/);
  }
  assert.match(pictures[0]!, /alt="The quay before the first ferry"/);
  assert.match(pictures[1]!, /\.png"/, 'a transparent chart keeps PNG as its fallback');
  assert.match(html, /<a href="https:\/\/example\.com\/story"><picture>/, 'a linked image stays inside its link');
  assert.match(html, new RegExp(`<a href="${base}/wire/gone\\.jpg">A photo that is gone</a>`), 'the refused one is still a link');
  const variant = /\/media\/[0-9a-f]{24}\/\d+\.avif/.exec(pictures[0]!)![0];
  const served = await site.get(variant);
  assert.equal(served.status, 200);
  assert.match(served.headers.get('cache-control') ?? '', /immutable/);
  await served.arrayBuffer();
});

test('feeds carry a processed body image as one absolute, dimensioned <img>', async () => {
  const feed = await (await site.get('/feed.atom')).text();
  const entry = feed.split('<entry>').find((e) => e.includes('/opinion/ferries'))!;
  assert.match(entry, /&lt;img src=&quot;http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/\d+\.jpg&quot; width=&quot;\d+&quot; height=&quot;\d+&quot; alt=&quot;The quay before the first ferry&quot; ?\/?&gt;/);
  assert.doesNotMatch(entry, /&lt;picture/);
});

test('an unchanged re-import does no image work and no fetch; a refused address is not fetched again for a day unless asked', async () => {
  const before = requests.length;
  const again = await makeArticleImages(site.db, deps());
  assert.deepEqual([again.processed, again.fetched, again.reused], [[], [], []]);
  assert.equal(again.refused.length, 1, 'the gone photo is still reported');
  assert.equal(again.notRetried, 1);
  assert.match(again.refused[0]!.message, /not fetched again for a day \(import --retry-images tries now\)/);
  assert.equal(requests.length, before, 'nothing was fetched');
  const retried = await makeArticleImages(site.db, deps({ retryRefused: true }));
  assert.equal(retried.notRetried, 0);
  assert.deepEqual(requests.slice(before), ['/wire/gone.jpg'], 'asked, it tries the gone photo and only that');
  clock += 25 * 60 * 60 * 1000;
  await makeArticleImages(site.db, deps());
  assert.deepEqual(requests.slice(before), ['/wire/gone.jpg', '/wire/gone.jpg'], 'a day later it tries again by itself');
});

test('new bytes behind an unchanged file name are noticed by the next import, at the cost of a stat', async () => {
  const quay = path.join(content.dir, 'quay.jpg');
  const oldKey = (site.db.prepare(`SELECT image_key AS key FROM article_body_images WHERE source = 'quay.jpg'`).get() as { key: string }).key;
  fs.writeFileSync(quay, await cmykJpeg());
  fs.utimesSync(quay, new Date(), new Date(Date.now() + 5000));
  const report = await makeArticleImages(site.db, deps());
  assert.deepEqual([report.processed, report.reused, report.fetched], [[], ['ferries'], []], 'the new bytes are an image stored already (the harbour photo)');
  const newKey = (site.db.prepare(`SELECT image_key AS key FROM article_body_images WHERE source = 'quay.jpg'`).get() as { key: string }).key;
  assert.notEqual(newKey, oldKey);
  const html = await (await site.get('/opinion/ferries')).text();
  assert.match(html, new RegExp(`/media/${newKey}/`), 'the page shows the new photo');
  assert.deepEqual((await makeArticleImages(site.db, deps())).reused, [], 'and then nothing more');
});

test('a body that drops an image drops its row; the page shows what the body says now', async () => {
  const file = path.join(content.dir, '2026-11-20-harbour-again.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/!\[.*\n?$/, 'No picture now.\n'));
  importArticles(site.db, [content.dir]);
  await makeArticleImages(site.db, deps());
  const rows = site.db.prepare(`SELECT count(*) AS n FROM article_body_images b JOIN articles a ON a.id = b.article_id WHERE a.slug = 'harbour-again'`).get() as { n: number };
  assert.equal(rows.n, 0);
});
