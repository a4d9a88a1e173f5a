import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, type CliEnv } from '../helpers/cli.js';
import { jpegWithGpsAndOrientation, transparentPng } from '../helpers/images.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

const { dir, cleanup } = tempDir();
// These runs fetch: the addresses are loopback's, which the importer refuses without touching a network.
const fetching = { extraEnv: { IMAGE_FETCH: 'on' } };
const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir: path.join(dir, 'content') };
const piece = (slug: string, src: string) =>
  fs.writeFileSync(
    path.join(env.contentDir, `2026-11-20-${slug}.md`),
    `---\ntitle: ${slug}\ntype: op-ed\ndate: 2026-11-20T08:00:00+00:00\nauthors: [ada-fixture]\nimage:\n  src: ${src}\n  alt: A photo\n---\nA body.\n`,
  );

before(async () => {
  fs.mkdirSync(path.join(env.contentDir, 'media'), { recursive: true });
  fs.copyFileSync(path.join(fixtureContent, 'authors.yaml'), path.join(env.contentDir, 'authors.yaml'));
  fs.writeFileSync(path.join(env.contentDir, 'media', 'rooftops.jpg'), await jpegWithGpsAndOrientation());
  piece('rooftops', 'media/rooftops.jpg');
  // The importer never fetches from the newsroom's own network: loopback stands for it here.
  piece('intranet', 'http://127.0.0.1:9/photo.jpg');
});
after(cleanup);

test('import processes lead images, reports refusals by file and field, and re-imports without image work; show lists the variants (issue 19)', async () => {
  const first = await runCli(env, ['import', env.contentDir], fetching);
  assert.equal(first.status, 1, first.stderr);
  assert.match(first.stdout, /Imported: 2 created/);
  assert.match(first.stdout, /^Images: 0 fetched, 1 processed, 0 reused, 1 refused; 0 share cards drawn\.$/m);
  assert.match(first.stderr, /2026-11-20-intranet\.md: image\.src: could not be fetched \(127\.0\.0\.1 is a private or local address\) \(got "http:\/\/127\.0\.0\.1:9\/photo\.jpg"\)/);
  assert.ok(fs.existsSync(path.join(dir, 'media')), 'MEDIA_DIR defaults to media/ beside the database');

  // A refused image is tried again on the next import (a network failure may have passed); fixed, it is the
  // same photo as the other piece's, so it is reused, not processed again.
  piece('intranet', '../content/media/rooftops.jpg');
  const fixed = await runCli(env, ['import', env.contentDir], fetching);
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.match(fixed.stdout, /^Images: 0 fetched, 0 processed, 1 reused, 0 refused; 0 share cards drawn\.$/m);
  const again = await runCli(env, ['import', env.contentDir], fetching);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /Images:/, 'an unchanged piece does no image work');

  const show = await runCli(env, ['show', 'rooftops'], fetching);
  assert.equal(show.status, 0, show.stderr);
  assert.match(show.stdout, /^Image: +media\/rooftops\.jpg \(jpeg, 1000×1600\) at \/media\/[0-9a-f]{24}\/$/m);
  assert.match(show.stdout, /^Image avif: +320w \d+ KB, 640w \d+ KB, 960w \d+ KB, 1000w \d+ KB$/m);
  assert.match(show.stdout, /^Share card: +card\.jpg 1200×630/m);

  // A portrait: written to authors.yaml by authors edit --photo, processed by the next import (here the same
  // photo as the pieces', so reused).
  const edit = await runCli(env, ['authors', 'edit', 'ada-fixture', '--photo', 'media/rooftops.jpg'], fetching);
  assert.equal(edit.status, 0, edit.stderr);
  assert.match(fs.readFileSync(path.join(env.contentDir, 'authors.yaml'), 'utf8'), /^  photo: media\/rooftops\.jpg$/m);
  const portrait = await runCli(env, ['import', env.contentDir], fetching);
  assert.equal(portrait.status, 0, portrait.stderr);
  assert.match(portrait.stdout, /^Images: 0 fetched, 0 processed, 1 reused, 0 refused; 0 share cards drawn\.$/m);
});

test('a dry run lists the images an import would fetch, process, reuse and refuse; the import brings body images in; show lists them (issue 19)', async () => {
  fs.writeFileSync(path.join(env.contentDir, 'harbour.png'), await transparentPng());
  fs.writeFileSync(
    path.join(env.contentDir, '2026-11-21-bodies.md'),
    `---\ntitle: Bodies\ntype: op-ed\ndate: 2026-11-21T08:00:00+00:00\nauthors: [ada-fixture]\n---\nWords.\n\n` +
      `![The same rooftops](media/rooftops.jpg)\n\n![A harbour chart](harbour.png)\n\n![Lost](lost.jpg)\n\n![Far away](http://127.0.0.1:9/far.jpg)\n\n![Logo](/img/favicon.svg)\n`,
  );
  const stored = fs.readdirSync(path.join(dir, 'media')).sort();
  const planned = await runCli(env, ['import', '--dry-run', '--report', path.join(dir, 'plan.json'), env.contentDir], fetching);
  assert.equal(planned.status, 0, planned.stderr);
  assert.match(planned.stdout, /^Images: 1 to fetch, 1 to process, 1 reused, 1 refused\.$/m);
  assert.match(planned.stdout, /^  fetch    bodies: body image: http:\/\/127\.0\.0\.1:9\/far\.jpg$/m);
  assert.match(planned.stdout, /^  process  bodies: body image: harbour\.png$/m);
  assert.match(planned.stdout, /^  refuse   .*2026-11-21-bodies\.md: body image: names a file that does not exist/m);
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as { images: { reuse: { ref: string }[] } };
  assert.deepEqual(report.images.reuse.map((i) => i.ref), ['media/rooftops.jpg']);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'media')).sort(), stored, 'a dry run makes nothing');

  const run = await runCli(env, ['import', env.contentDir], fetching);
  assert.equal(run.status, 1, 'refused images fail the run');
  assert.match(run.stdout, /^Images: 0 fetched, 1 processed, 1 reused, 2 refused; 1 share card drawn\.$/m);
  assert.match(run.stderr, /2026-11-21-bodies\.md: body image: could not be fetched \(127\.0\.0\.1 is a private or local address\)/);

  // The refused address is remembered: the next dry run says so instead of planning a fetch.
  const replanned = await runCli(env, ['import', '--dry-run', env.contentDir], fetching);
  assert.match(replanned.stdout, /^Images: 0 to fetch, 0 to process, 0 reused, 2 refused\.$/m, 'images the pieces have are not listed again');
  assert.match(replanned.stdout, /body image: names a file that does not exist \(got "lost\.jpg"\)$/m);
  assert.match(replanned.stdout, /body image: was refused at .* UTC \(could not be fetched .*\); not fetched again for a day \(import --retry-images tries now\)/);

  const show = await runCli(env, ['show', 'bodies'], fetching);
  assert.match(show.stdout, /^Body image: +media\/rooftops\.jpg \(jpeg, 1000×1600\) at \/media\/[0-9a-f]{24}\/, \d+ variants in 3 formats, \d+ KB$/m);
  assert.match(show.stdout, /^Body image: +harbour\.png \(png, \d+×\d+\) at \/media\/[0-9a-f]{24}\/, \d+ variants in 3 formats/m);
  assert.match(show.stdout, /^Body image: +lost\.jpg \(not processed: shown as its alt text or a link; import again to see why\)$/m);
  assert.match(show.stdout, /^Body image: +\/img\/favicon\.svg \(a file of public\/, served as it is\)$/m);
});

test('with IMAGE_FETCH=off an address is left a link: planned and reported as such, never refused', async () => {
  piece('wire-photo', 'https://photos.example/harbour.jpg');
  const planned = await runCli(env, ['import', '--dry-run', env.contentDir]);
  assert.match(planned.stdout, /^Images: 0 to fetch, 0 to process, 0 reused, 1 refused; 2 left as links \(IMAGE_FETCH=off\)\.$/m);
  const run = await runCli(env, ['import', env.contentDir]);
  assert.match(run.stdout, /^Images: 0 fetched, 0 processed, 0 reused, 1 refused, 2 left as links \(IMAGE_FETCH=off\); 0 share cards drawn\.$/m);
  assert.doesNotMatch(run.stderr, /wire-photo|far\.jpg/, 'an address left as a link is not a refusal');
  assert.match(run.stderr, /bodies\.md: body image: names a file that does not exist \(got "lost\.jpg"\)/);
});
