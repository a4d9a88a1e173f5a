import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { autoParagraph, convertWxr, stripShortcodes, wxrComments } from '../../../src/content/wxr.js';
import { parseXml, type XmlNode } from '../../../src/content/xml-reader.js';
import { fixturesDir } from '../../helpers/site.js';

const exportXml = fs.readFileSync(path.join(fixturesDir, 'cli/wordpress/export.xml'), 'utf8');
const migrationXml = fs.readFileSync(path.join(fixturesDir, 'cli/wordpress/migration.xml'), 'utf8');
const migration = parseXml(migrationXml, 'migration.xml').doc as XmlNode;

describe('WordPress exports', () => {
  it('wxrComments returns approved comments only, with their thread and GMT date', () => {
    assert.deepEqual(wxrComments(exportXml), [
      {
        articleSlug: 'parks-living-room',
        wordpressId: '101',
        parentWordpressId: null,
        authorName: 'Ruth from number 9',
        authorEmail: 'ruth@example.com',
        authorUrl: '',
        date: '2026-09-15T09:00:00Z',
        text: 'Our park has one gardener for forty acres.\n\nShe deserves a medal.',
      },
      {
        articleSlug: 'parks-living-room',
        wordpressId: '102',
        parentWordpressId: '101',
        authorName: 'Dev',
        authorEmail: '',
        authorUrl: '',
        date: '2026-09-15T11:30:00Z',
        text: 'Agreed, and the toilets too.',
      },
    ]);
  });

  it('removes shortcodes but leaves bracketed prose alone', () => {
    assert.deepEqual(stripShortcodes('[caption id="1"]<img alt="a">A caption[/caption] He said [sic] it. [gallery] [contact-form-7 id="9"]'), {
      html: '<img alt="a">A caption He said [sic] it.  ',
      removed: ['caption', 'contact-form-7', 'gallery'],
    });
  });

  it('adds paragraphs the way WordPress shows posts', () => {
    assert.equal(autoParagraph('One\nline two\n\n<h2>Head</h2>\n\nThree'), '<p>One<br>\nline two</p>\n<h2>Head</h2>\n<p>Three</p>');
  });

  it('names each piece\'s authors from the export, with the new ones to add and no email published (issue 18)', () => {
    const result = convertWxr(migration, 'migration.xml', { timeZone: 'Europe/London' });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.pieces.map((p) => p.frontMatter.authors), [['ines-fenwick', 'obi-karo'], ['obi-karo'], ['ines-fenwick']]);
    assert.deepEqual(result.authors, [
      { slug: 'ines-fenwick', name: 'Ines Fenwick', email: 'ines.private@example.org', label: 'migration.xml' },
      { slug: 'obi-karo', name: 'Obi Karo', email: 'okaro@example.org', label: 'migration.xml' },
    ]);
  });

  it('keeps a registry author a login already names, and adds nobody then (issue 18)', () => {
    const result = convertWxr(migration, 'migration.xml', { timeZone: 'UTC', knownAuthor: (slug) => slug === 'okaro' });
    assert.deepEqual(result.pieces.map((p) => p.frontMatter.authors), [['ines-fenwick', 'okaro'], ['okaro'], ['ines-fenwick']]);
    assert.deepEqual(result.authors.map((a) => a.slug), ['ines-fenwick']);
  });

  it('lets --author override the export\'s bylines, adding no author (issue 18)', () => {
    const result = convertWxr(migration, 'migration.xml', { timeZone: 'UTC', authors: ['desk'] });
    assert.deepEqual(result.pieces.map((p) => p.frontMatter.authors), [['desk'], ['desk'], ['desk']]);
    assert.deepEqual(result.authors, []);
  });

  it('reads a draft\'s local date in the site\'s time zone when WordPress wrote no GMT date (issue 18)', () => {
    const london = convertWxr(migration, 'migration.xml', { timeZone: 'Europe/London' });
    assert.equal(london.pieces[1]!.frontMatter.date, '2026-07-01T09:30:00+01:00');
    assert.match(london.warnings.map((w) => `${w.file}: ${w.field}: ${w.message}`).join('\n'), /item 2: wp:post_date: has no GMT date .*Europe\/London/);
    assert.equal(convertWxr(migration, 'migration.xml', { timeZone: 'America/New_York' }).pieces[1]!.frontMatter.date, '2026-07-01T09:30:00-04:00');
  });

  it('refuses an item with no date at all, and one with no byline, naming item and field (issue 18)', () => {
    const bare = parseXml(
      '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Undated</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>',
      'bare.xml',
    ).doc as XmlNode;
    const result = convertWxr(bare, 'bare.xml', { timeZone: 'UTC' });
    assert.deepEqual(result.problems.map((p) => `${p.file}: ${p.field}`), ['bare.xml item 1: wp:post_date', 'bare.xml item 1: dc:creator']);
    assert.equal(result.pieces.length, 0);
  });

  it('imports a page and a post that share a slug: the post keeps it, the page is "-page" (issue 18)', () => {
    const result = convertWxr(migration, 'migration.xml', { timeZone: 'UTC' });
    assert.deepEqual(result.pieces.map((p) => p.frontMatter.slug), ['ferry-timetable', 'notes-on-the-harbour-wall', 'ferry-timetable-page']);
    assert.ok(result.warnings.some((w) => w.file === 'migration.xml item 3' && /the page is imported as "ferry-timetable-page" and the post keeps "ferry-timetable"/.test(w.message)));
  });

  it('numbers a post whose slug an earlier post of the export has, as WordPress\'s importer does (issue 18)', () => {
    const twice = migrationXml.replace('<wp:post_name><![CDATA[]]></wp:post_name>', '<wp:post_name><![CDATA[ferry-timetable]]></wp:post_name>');
    const result = convertWxr(parseXml(twice, 'twice.xml').doc as XmlNode, 'twice.xml', { timeZone: 'UTC' });
    assert.deepEqual(result.pieces.map((p) => p.frontMatter.slug), ['ferry-timetable', 'ferry-timetable-2', 'ferry-timetable-page']);
    assert.ok(result.warnings.some((w) => w.file === 'twice.xml item 2' && /earlier post in this export; this one is imported as "ferry-timetable-2"/.test(w.message)));
  });

  it('keeps the text of a comment whose author is markup, and the name inside it (issue 18)', () => {
    const [comment] = wxrComments(migrationXml, 'migration.xml');
    assert.equal(comment!.authorName, 'A deckhand');
    assert.equal(comment!.text, 'We sail when the crew is there.');
  });
});

describe('WordPress exports as real exporters write them (issue 18)', () => {
  it('makes a post name that is no slug (a .html suffix, an emoji) into one, and says so', () => {
    const xml = migrationXml.replace('<wp:post_name><![CDATA[ferry-timetable]]></wp:post_name>', '<wp:post_name><![CDATA[Ferry-Timetable.html]]></wp:post_name>');
    const conversion = convertWxr(parseXml(xml, 'export.xml').doc as XmlNode, 'export.xml', {});
    const piece = conversion.pieces.find((p) => p.frontMatter.title === 'The ferry timetable is a promise');
    assert.equal(piece?.frontMatter.slug, 'ferry-timetable-html');
    assert.ok(!conversion.problems.some((p) => p.field === 'wp:post_name'));
    assert.ok(conversion.warnings.some((w) => w.field === 'wp:post_name' && w.value === 'Ferry-Timetable.html'));
  });

  it('reads an export whose URLs carry unescaped ampersands, with a warning, and still refuses XML that is broken otherwise', () => {
    const xml = migrationXml.replace('https://example.org/notes/2026/08/ferry-timetable/', 'https://example.org/?p=31&lang=en');
    const { doc, warning } = parseXml(xml, 'export.xml');
    assert.ok(doc, 'parsed');
    assert.match(warning?.message ?? '', /ampersands that are not escaped/);
    const piece = convertWxr(doc, 'export.xml', {}).pieces.find((p) => p.frontMatter.title === 'The ferry timetable is a promise');
    assert.ok(piece, 'the item is read');
    assert.equal(parseXml(migrationXml, 'export.xml').warning, undefined);
    const broken = parseXml(xml.replace('</channel>', '<item></channel>'), 'export.xml');
    assert.equal(broken.doc, undefined);
    assert.match(broken.problem?.message ?? '', /is not well-formed XML/);
  });
});

describe('WordPress featured images (issue 19)', () => {
  const featuredXml = fs.readFileSync(path.join(fixturesDir, 'cli/wordpress/featured-images.xml'), 'utf8');
  const converted = convertWxr(parseXml(featuredXml, 'featured.xml').doc as XmlNode, 'featured.xml', { timeZone: 'Europe/London' });
  const image = (slug: string) => converted.pieces.find((p) => p.frontMatter.slug === slug)?.frontMatter.image;

  it("makes a post's featured image its lead image: the attachment's address, alt text and caption", () => {
    assert.deepEqual(image('ferry-timetable'), {
      src: 'http://127.0.0.1:9/gazette/wp-content/uploads/2026/10/ferry-at-dawn.jpg',
      alt: 'A small ferry leaving the quay at sunrise',
      caption: 'The 6:40 ferry, late again.',
    });
  });

  it("reads an attachment's guid when it has no attachment_url, and keeps an image without alt text with an empty alt", () => {
    assert.deepEqual(image('moorings'), { src: 'http://127.0.0.1:9/gazette/wp-content/uploads/2026/10/moorings.jpg', alt: '' });
  });

  it('imports a post whose featured image the export left out without one, and says so', () => {
    assert.equal(image('lighthouse-hours'), undefined);
    const warning = converted.warnings.find((w) => w.file === 'featured.xml item 3' && w.field === '_thumbnail_id');
    assert.match(warning?.message ?? '', /^names attachment 77 as the featured image, but the export does not hold it/);
    assert.deepEqual(converted.problems, []);
    assert.equal(converted.pieces.length, 3);
  });
});
