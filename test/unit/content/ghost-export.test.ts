import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convertGhostExport, ghostTables } from '../../../src/content/ghost-export.js';
import { fixturesDir } from '../../helpers/site.js';

const exportJson = fs.readFileSync(path.join(fixturesDir, 'cli/ghost/export.json'), 'utf8');

describe('Ghost exports (issue 18)', () => {
  const converted = convertGhostExport(exportJson, 'export.json', {});

  it('converts a published post with its html, dates, authors in order, public tags, excerpt and canonical URL', () => {
    assert.deepEqual(converted.pieces[0], {
      label: 'export.json post 1',
      frontMatter: {
        title: 'The bus that never comes',
        slug: 'the-bus-that-never-comes',
        type: 'op-ed',
        summary: 'Route 9 is gone, and with it the night shift.',
        date: '2026-09-02T07:30:00Z',
        updated: '2026-09-03T10:00:00Z',
        authors: ['mara-quell', 'tobias-fenn'],
        tags: ['Transport', 'City Hall'],
        canonical: 'https://old.example.org/bus',
        image: {
          src: 'https://old.example.org/content/images/bus.jpg',
          alt: 'An empty bus shelter at night',
          caption: 'The Route 9 stop on Quay Street. Photo by Ines Fenwick',
        },
      },
      body: 'Route 9 was cut in **spring**.\n\n## What we lost\n\nA link to [the timetable](https://example.org/route-9).',
    });
  });

  it('reads a Lexical body when there is no html, and names the card it could not read', () => {
    const draft = converted.pieces[1]!;
    assert.equal(draft.frontMatter.draft, true);
    assert.equal(draft.frontMatter.date, '2026-09-10T08:00:00Z');
    assert.equal(draft.body, 'Night buses are a **lifeline** for shift workers.\n\n## Who rides at 3 a.m.\n\n-   Nurses\n-   [Bakers](https://example.org/bakers)\n\n> *The last bus is my commute.*');
    assert.ok(converted.warnings.some((w) => w.file === 'export.json post 2' && w.field === 'lexical' && /paywall/.test(w.message)));
  });

  it('reads a Mobiledoc body with markups, a Markdown card, a rule and a list', () => {
    assert.equal(converted.pieces[2]!.body, 'Our rates page, *[read it here](https://example.org/rates)*.\n\nRates rose **twice** this year.\n\n---\n\n### Fees\n\n1.  Entry\n2.  Renewal');
    assert.equal(converted.pieces[2]!.frontMatter.date, '2027-01-05T09:00:00Z');
  });

  it('imports members-only posts as drafts, skips archived ones and names internal tags, all with reasons', () => {
    assert.equal(converted.pieces[3]!.frontMatter.draft, true);
    assert.deepEqual(converted.skipped, [{ file: 'export.json post 5', slug: 'deleted-thoughts', reason: 'Ghost status "archived" is not imported' }]);
    assert.ok(converted.warnings.some((w) => w.field === 'tags' && /#newsletter/.test(w.message)));
    assert.deepEqual(converted.problems, []);
  });

  it('takes a feature image from its address, with alt text and caption from the post or posts_meta (issue 19)', () => {
    const post = { id: 'a', title: 'T', slug: 't', html: '<p>x</p>', published_at: '2026-01-01T00:00:00.000Z', authors: [{ slug: 'x', name: 'X' }] };
    const api = convertGhostExport(JSON.stringify({ posts: [{ ...post, feature_image: 'https://cdn.example.org/a b.jpg', feature_image_alt: 'A quay', feature_image_caption: '<em>At dawn</em>' }] }), 'api.json', {});
    assert.deepEqual(api.pieces[0]!.frontMatter.image, { src: 'https://cdn.example.org/a%20b.jpg', alt: 'A quay', caption: 'At dawn' });
    const noAlt = convertGhostExport(JSON.stringify({ posts: [{ ...post, feature_image: 'https://cdn.example.org/a.jpg', feature_image_alt: null }] }), 'api.json', {});
    assert.deepEqual(noAlt.pieces[0]!.frontMatter.image, { src: 'https://cdn.example.org/a.jpg', alt: '' });
  });

  it('leaves out a feature image stored on the Ghost site itself, saying why (issue 19)', () => {
    assert.equal(converted.pieces[3]!.frontMatter.image, undefined);
    const warning = converted.warnings.find((w) => w.file === 'export.json post 4' && w.field === 'feature_image');
    assert.match(warning?.message ?? '', /^is stored on the Ghost site itself, which the export does not carry/);
    assert.equal(warning?.value, '__GHOST_URL__/content/images/2026/09/members-lounge.jpg');
  });

  it('hands on each staff member once, with email, bio and website', () => {
    assert.deepEqual(converted.authors, [
      { slug: 'mara-quell', name: 'Mara Quell', email: 'mara@example.org', bio: 'Writes about transport.', url: 'https://mara.example.org', label: 'export.json' },
      { slug: 'tobias-fenn', name: 'Tobias Fenn', email: 'tobias@example.org', label: 'export.json' },
    ]);
  });

  it('lets --author override the export and adds no registry entries then', () => {
    const overridden = convertGhostExport(exportJson, 'export.json', { authors: ['desk'] });
    assert.deepEqual(overridden.pieces.map((p) => p.frontMatter.authors), [['desk'], ['desk'], ['desk'], ['desk']]);
    assert.deepEqual(overridden.authors, []);
  });

  it('reads an older export: database-form and epoch dates in UTC, page as 1, author_id and a Markdown body', () => {
    const old = {
      meta: { exported_on: 1388805572000, version: '003' },
      data: {
        posts: [
          { id: 1, title: 'Old times', slug: 'old-times', markdown: 'The *first* post.', html: '', page: 1, status: 'published', author_id: 1, published_at: '2014-01-04 03:19:32', meta_description: 'From the old blog.' },
          { id: 2, title: 'Epoch', slug: 'epoch', markdown: 'Second.', status: 'published', author_id: 1, published_at: 1388805572000 },
        ],
        users: [{ id: 1, name: 'Ida Reyes', slug: 'ida-reyes', email: 'ida@example.org' }],
      },
    };
    const { pieces, problems } = convertGhostExport(JSON.stringify(old), 'old.json', {});
    assert.deepEqual(problems, []);
    assert.deepEqual(pieces.map((p) => [p.frontMatter.date, p.frontMatter.authors, p.frontMatter.summary, p.body]), [
      ['2014-01-04T03:19:32Z', ['ida-reyes'], 'From the old blog.', 'The *first* post.'],
      ['2014-01-04T03:19:32Z', ['ida-reyes'], undefined, 'Second.'],
    ]);
  });

  it('finds the posts in each shape Ghost writes, and nothing in other JSON', () => {
    const post = { id: 'a', title: 'T', slug: 't', html: '<p>x</p>' };
    assert.equal(ghostTables({ db: [{ meta: {}, data: { posts: [post] } }] })?.posts.length, 1);
    assert.equal(ghostTables({ meta: {}, data: { posts: [post] } })?.posts.length, 1);
    assert.equal(ghostTables({ posts: [post] })?.posts.length, 1);
    assert.equal(ghostTables({ name: 'package', version: '1.0.0' }), undefined);
    assert.equal(ghostTables([post]), undefined);
  });

  it('refuses JSON that is not a Ghost export, and a post with no body it can read, naming file, item and field', () => {
    assert.deepEqual(convertGhostExport('{"name":"x"}', 'package.json', {}).problems.map((p) => `${p.file}: ${p.field}`), ['package.json: json']);
    assert.match(convertGhostExport('{"a":', 'broken.json', {}).problems[0]!.message, /^is not valid JSON/);
    const empty = convertGhostExport(JSON.stringify({ posts: [{ id: 'a', title: 'T', slug: 't', published_at: '2026-01-01T00:00:00.000Z', authors: [{ slug: 'x', name: 'X' }] }] }), 'api.json', {});
    assert.deepEqual(empty.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`), ['api.json post 1: html: the post has neither html nor a Lexical or Mobiledoc body this importer can read']);
    assert.deepEqual(empty.pieces, []);
  });
});
