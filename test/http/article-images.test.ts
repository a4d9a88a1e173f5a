import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { processImage } from '../../src/media/process.js';
import { openMediaStore } from '../../src/media/store.js';
import { makeArticleImages } from '../../src/publishing/article-images.js';
import { makeShareCards } from '../../src/publishing/share-cards.js';
import { cmykJpeg, jpegWithGpsAndOrientation, notAJpeg } from '../helpers/images.js';
import { assertHtmlPage, fixtureContent, startSite, tempDir, type TestSite } from '../helpers/site.js';

let site: TestSite;
let content: { dir: string; cleanup: () => void };

// A piece whose lead image is a photo beside its Markdown (a Hugo page bundle), and one that is not a photo.
before(async () => {
  content = tempDir();
  // Ada's portrait is a shared newsroom file in content/media/.
  fs.writeFileSync(path.join(content.dir, 'authors.yaml'), `${fs.readFileSync(path.join(fixtureContent, 'authors.yaml'), 'utf8').replace('- slug: ada-fixture\n', '- slug: ada-fixture\n  photo: media/ada.jpg\n')}`);
  fs.mkdirSync(path.join(content.dir, 'media'));
  fs.writeFileSync(path.join(content.dir, 'media', 'ada.jpg'), await cmykJpeg());
  const piece = (slug: string, src: string) =>
    fs.writeFileSync(
      path.join(content.dir, `2026-11-20-${slug}.md`),
      `---\ntitle: ${slug}\ntype: op-ed\ndate: 2026-11-20T08:00:00+00:00\nauthors: [ada-fixture]\nimage:\n  src: ${src}\n  alt: Rooftops at dusk\n---\nA body.\n`,
    );
  piece('rooftops', 'rooftops.jpg');
  fs.writeFileSync(path.join(content.dir, '2026-11-19-plain.md'), `---\ntitle: Plain words\ntype: editorial\ndate: 2026-11-19T08:00:00+00:00\nauthors: [ada-fixture, ben-sample]\n---\nA body.\n`);
  piece('fake-photo', 'fake.jpg');
  fs.writeFileSync(path.join(content.dir, 'rooftops.jpg'), await jpegWithGpsAndOrientation());
  fs.writeFileSync(path.join(content.dir, 'fake.jpg'), notAJpeg);
  site = await startSite({ content: [content.dir] });
});
after(async () => {
  await site.close();
  content.cleanup();
});

const deps = () => ({ store: openMediaStore(site.config.mediaDir), process: processImage, contentDir: content.dir, siteName: 'Broadsheet' });

test('the import makes each lead image once, refuses a false one by file and field, and redoes nothing (issue 19)', async () => {
  const first = await makeArticleImages(site.db, deps());
  assert.deepEqual(first.processed.sort(), ['author ada-fixture', 'rooftops']);
  assert.deepEqual(first.cards, { changed: ['plain'], drawn: 1 }, 'the piece without a lead image gets a drawn card');
  assert.equal(first.refused.length, 1);
  assert.match(`${first.refused[0]!.file}: ${first.refused[0]!.field}: ${first.refused[0]!.message}`, /2026-11-20-fake-photo\.md: image\.src: is not an image/);
  const again = await makeArticleImages(site.db, deps());
  assert.deepEqual([again.processed, again.reused, again.fetched, again.cards.changed], [[], [], [], []], 'an unchanged piece is not looked at');
  // A database restored without its media folder: the next import makes what is missing.
  fs.rmSync(site.config.mediaDir, { recursive: true });
  const restored = await makeArticleImages(site.db, deps());
  // The card's text is unchanged, so the import leaves it to its first request, which draws it (below).
  assert.deepEqual([restored.processed.sort(), restored.cards.changed], [['author ada-fixture', 'rooftops'], []]);
});

test('the article shows its lead image as a dimensioned, eager <picture> and shares its 1200x630 card (issue 19)', async () => {
  const response = await site.get('/opinion/rooftops');
  assertHtmlPage(response);
  const html = await response.text();
  const lead = /<figure class="lead-image">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
  assert.match(lead, /<source type="image\/avif" srcset="\/media\/[0-9a-f]{24}\/320\.avif 320w, [^"]*1000\.avif 1000w" sizes="\(min-width: 42rem\) 40rem, 100vw">/);
  assert.match(lead, /<source type="image\/webp" srcset="[^"]+\.webp 320w/);
  assert.match(lead, /<img src="\/media\/[0-9a-f]{24}\/640\.jpg" srcset="[^"]+" sizes="[^"]+" width="1000" height="1600" alt="Rooftops at dusk" loading="eager" decoding="async" fetchpriority="high">/);
  assert.match(html, /<meta property="og:image" content="http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/card\.jpg">/);
  assert.match(html, /<meta name="twitter:image" content="http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/card\.jpg">/);
  const card = await site.get(/\/media\/[0-9a-f]{24}\/card\.jpg/.exec(html)![0]);
  assert.equal(card.headers.get('content-type'), 'image/jpeg');
  await card.arrayBuffer();
});

test('the home page card shows the small variants, lazily; a piece without a processed image stays as it was (issue 19)', async () => {
  const html = await (await site.get('/')).text();
  const cards = html.split('<article class="card').slice(1);
  const pictured = cards.find((c) => c.includes('/opinion/rooftops"'))!;
  assert.match(pictured, /^ card--lead card--pictured|^ card--pictured/);
  assert.match(pictured, /<img src="\/media\/[0-9a-f]{24}\/320\.jpg" [^>]*sizes="\(min-width: 48rem\) 24rem, 100vw" width="1000" height="1600" alt="" loading="lazy" decoding="async" class="card__image">/);
  const plain = cards.find((c) => c.includes('/opinion/fake-photo"'))!;
  assert.doesNotMatch(plain, /<picture|<img/);
});

test('a piece without a lead image shares its generated 1200x630 card (issue 19)', async () => {
  const html = await (await site.get('/opinion/plain')).text();
  const card = /<meta property="og:image" content="http:\/\/broadsheet\.test(\/media\/[0-9a-f]{24}\/card\.jpg)">/.exec(html)?.[1];
  assert.ok(card, 'og:image names the drawn card');
  assert.match(html, /<meta property="og:image:alt" content="Editorial: Plain words">/);
  assert.doesNotMatch(html, /<figure class="lead-image">/);
  const response = await site.get(card);
  assert.equal(response.status, 200);
  const { width, height, format } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  assert.deepEqual([width, height, format], [1200, 630, 'jpeg']);
});

test('an author\'s portrait is round in the byline, larger on their page, and their JSON-LD image (issue 19)', async () => {
  const article = await (await site.get('/opinion/rooftops')).text();
  assert.match(article, /<a href="\/authors\/ada-fixture"><picture>.*<img src="\/media\/[0-9a-f]{24}\/320\.jpg" [^>]*sizes="2\.5rem" width="700" height="500" alt="" loading="lazy" decoding="async" class="byline__portrait"><\/picture>\s*Ada Fixture<\/a>/);
  assert.match(article, /"@type":"Person","name":"Ada Fixture",.*?"image":"http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/320\.jpg"/);
  const page = await (await site.get('/authors/ada-fixture')).text();
  assert.match(page, /<img [^>]*sizes="8rem" [^>]*alt="Portrait of Ada Fixture" loading="eager" decoding="async" class="page-header__portrait">/);
  assert.match(page, /"mainEntity":\{"@type":"Person",.*?"image":"http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/320\.jpg"/);
  const ben = await (await site.get('/authors/ben-sample')).text();
  assert.doesNotMatch(ben, /page-header__portrait/);
});

test('a share card the import left undrawn is drawn by its first request, and only a card some piece has (issue 19)', async () => {
  const html = await (await site.get('/opinion/plain')).text();
  const card = /<meta property="og:image" content="http:\/\/broadsheet\.test(\/media\/([0-9a-f]{24})\/card\.jpg)">/.exec(html)!;
  fs.rmSync(path.join(site.config.mediaDir, card[2]!), { recursive: true, force: true });
  const [first, second] = await Promise.all([site.get(card[1]!), site.get(card[1]!)]);
  for (const response of [first, second]) {
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    const { width, height, format } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([width, height, format], [1200, 630, 'jpeg']);
  }
  assert.ok(fs.existsSync(path.join(site.config.mediaDir, card[2]!, 'card.jpg')), 'drawn once and kept');
  const unknown = await site.get(`/media/${'0'.repeat(24)}/card.jpg`);
  assert.equal(unknown.status, 404);
  await unknown.text();
});

test('a migration of more cards than an import draws sets them all, draws none, and the pages still name them', async () => {
  site.db.prepare('DELETE FROM article_cards').run();
  const report = await makeShareCards(site.db, openMediaStore(site.config.mediaDir), 'Broadsheet', 0);
  assert.deepEqual(report, { changed: ['plain'], drawn: 0 });
  const html = await (await site.get('/opinion/plain')).text();
  assert.match(html, /<meta property="og:image" content="http:\/\/broadsheet\.test\/media\/[0-9a-f]{24}\/card\.jpg">/);
});
