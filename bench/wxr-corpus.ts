import fs from 'node:fs';
import path from 'node:path';
import { adjectives, firstNames, lastNames, nouns, proseWriter, random, sections } from './corpus.js';

/** What writeWxr produced: the export, the registry of its authors, and its size. */
export interface WxrCorpus {
  file: string;
  registry: string;
  posts: number;
  authors: number;
  bytes: number;
}

const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const wpDate = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * writeWxr writes a WordPress export (WXR 1.2) of `posts` published posts in the shape WordPress writes one:
 * wp:author entries, categories and tags, content:encoded HTML with subheadings, lists, links, images (one in
 * ten without alt text, as real exports have) and a tracking pixel now and then, excerpts and approved
 * comments; and an authors.yaml naming every author, so the import needs no --author.
 */
export function writeWxr(root: string, posts: number, seed = 20261207): WxrCorpus {
  const rnd = random(seed);
  const { pick, sentence, paragraph } = proseWriter(rnd);
  fs.mkdirSync(root, { recursive: true });
  const authorCount = Math.max(8, Math.round(posts / 100));
  const logins: string[] = [];
  let registry = '# Authors of the synthetic WordPress export.\n';
  let head = '';
  for (let i = 0; i < authorCount; i += 1) {
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    const login = `${name.toLowerCase().replace(/ /g, '-')}-${i}`;
    logins.push(login);
    registry += `- slug: ${login}\n  name: ${name}\n`;
    head += `  <wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(login)}</wp:author_login>` +
      `<wp:author_email>${cdata(`${login}@example.com`)}</wp:author_email><wp:author_display_name>${cdata(name)}</wp:author_display_name></wp:author>\n`;
  }
  const tags = Array.from({ length: Math.max(20, Math.round(posts / 40)) }, (_, i) => `${pick(adjectives)} ${pick(nouns)}s ${i}`);

  const chunks: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" ',
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n',
    '<channel>\n  <title>The Synthetic Gazette</title>\n  <link>https://example.com/gazette</link>\n  <language>en-GB</language>\n  <wp:wxr_version>1.2</wp:wxr_version>\n',
    head,
  ];
  // Newest first, one every three hours back in time.
  const newest = Date.parse('2026-11-01T12:00:00Z');
  for (let i = 0; i < posts; i += 1) {
    const title = `The ${pick(adjectives)} ${pick(nouns)} and the ${pick(nouns)}`;
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`;
    const published = new Date(newest - i * 3 * 3_600_000);
    let html = '';
    const paragraphs = 8 + Math.floor(rnd() * 8);
    for (let p = 0; p < paragraphs; p += 1) {
      if (p > 0 && p % 4 === 0) html += `<h2>${pick(adjectives)} ${pick(nouns)}s</h2>\n`;
      if (p === 2) html += `<ul>\n<li>${sentence()}</li>\n<li>${sentence()}</li>\n<li>${sentence()}</li>\n</ul>\n`;
      if (p === 3) {
        const alt = rnd() < 0.1 ? '' : ` alt="A ${pick(adjectives)} ${pick(nouns)}"`;
        html += `<img class="aligncenter size-large" src="https://example.com/gazette/uploads/${i}.jpg" width="1024" height="683"${alt} />\n`;
      }
      // WordPress keeps paragraphs as blank lines, not <p>, in post_content: the importer adds them.
      html += `${paragraph()}${p === 1 ? ` Read <a href="https://example.com/reports/${i}">the ${pick(nouns)} report</a>.` : ''}\n\n`;
    }
    if (rnd() < 0.05) html += '<img src="https://stats.example.com/pixel.gif" width="1" height="1" />';
    const section = pick(sections) || 'Opinion';
    const postTags = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(tags)).filter((t, j, all) => all.indexOf(t) === j);
    const comments = Array.from({ length: Math.floor(rnd() * 3) }, (_, c) => {
      const when = new Date(published.getTime() + (c + 1) * 3_600_000);
      return `    <wp:comment><wp:comment_id>${i * 10 + c}</wp:comment_id><wp:comment_author>${cdata(`${pick(firstNames)} from ${pick(nouns)} street`)}</wp:comment_author>` +
        `<wp:comment_author_email>${cdata('reader@example.com')}</wp:comment_author_email><wp:comment_date>${cdata(wpDate(when))}</wp:comment_date>` +
        `<wp:comment_date_gmt>${cdata(wpDate(when))}</wp:comment_date_gmt><wp:comment_content>${cdata(sentence())}</wp:comment_content>` +
        `<wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>\n`;
    });
    chunks.push(
      '  <item>\n',
      `    <title>${cdata(title)}</title>\n    <link>https://example.com/gazette/${slug}/</link>\n`,
      `    <pubDate>${published.toUTCString().replace('GMT', '+0000')}</pubDate>\n    <dc:creator>${cdata(pick(logins))}</dc:creator>\n`,
      `    <guid isPermaLink="false">https://example.com/gazette/?p=${i + 1}</guid>\n    <description></description>\n`,
      `    <content:encoded>${cdata(html)}</content:encoded>\n    <excerpt:encoded>${cdata(sentence())}</excerpt:encoded>\n`,
      `    <wp:post_id>${i + 1}</wp:post_id>\n    <wp:post_date>${cdata(wpDate(published))}</wp:post_date>\n    <wp:post_date_gmt>${cdata(wpDate(published))}</wp:post_date_gmt>\n`,
      `    <wp:comment_status>${cdata('open')}</wp:comment_status>\n    <wp:post_name>${cdata(slug)}</wp:post_name>\n`,
      `    <wp:status>${cdata('publish')}</wp:status>\n    <wp:post_parent>0</wp:post_parent>\n    <wp:post_type>${cdata('post')}</wp:post_type>\n`,
      `    <category domain="category" nicename="${section.toLowerCase()}">${cdata(section)}</category>\n`,
      ...postTags.map((tag) => `    <category domain="post_tag" nicename="${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}">${cdata(tag)}</category>\n`),
      ...comments,
      '  </item>\n',
    );
  }
  chunks.push('</channel>\n</rss>\n');
  const file = path.join(root, 'export.xml');
  const text = chunks.join('');
  fs.writeFileSync(file, text);
  const registryFile = path.join(root, 'authors.yaml');
  fs.writeFileSync(registryFile, registry);
  return { file, registry: registryFile, posts, authors: authorCount, bytes: Buffer.byteLength(text) };
}
