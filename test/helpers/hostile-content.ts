import fs from 'node:fs';
import path from 'node:path';
import { slugify } from '../../src/content/slug.js';
import type { XssPayload } from './xss.js';

/** One generated piece carrying a payload, and where its text shows up on the site. */
export interface HostileEntry {
  payload: XssPayload;
  slug: string;
  authorSlug: string;
  tagSlug: string;
}

/** hostileBody puts a payload everywhere Markdown can carry it: raw HTML, inline, links, images, lists, tables, code. */
export function hostileBody(payload: string): string {
  const oneLine = payload.replace(/\s+/g, ' ');
  return [
    payload,
    `A paragraph with ${payload} inside it.`,
    `[link text](${oneLine}) and [another](<${oneLine}>) and <${oneLine}>`,
    `![alt ${oneLine}](${oneLine})`,
    `> ${oneLine}`,
    `- ${oneLine}\n- second item`,
    `| head | ${oneLine.replace(/\|/g, '\\|')} |\n| --- | --- |\n| ${oneLine.replace(/\|/g, '\\|')} | cell |`,
    `## ${oneLine}`,
    '`' + oneLine.replace(/`/g, '') + '`',
    '```\n' + payload + '\n```',
    'A closing paragraph long enough that the excerpt has something to cut. '.repeat(6),
  ].join('\n\n');
}

const yamlText = (value: string) => JSON.stringify(value);

/**
 * writeHostileContent writes a content folder where every payload fills every imported text field of one
 * piece (title, dek, summary, section, captions, credits, source, corrections, notes, tags) and of one
 * author (name, job title, affiliation, bio, website), and its body in every Markdown context.
 */
export function writeHostileContent(dir: string, payloads: readonly XssPayload[]): HostileEntry[] {
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });
  const authors: string[] = [];
  const entries: HostileEntry[] = [];
  payloads.forEach((item, index) => {
    const p = item.payload;
    const n = String(index).padStart(3, '0');
    const slug = `xss-${n}`;
    const authorSlug = `xss-author-${n}`;
    const tag = `x${n} ${p}`;
    const noSpaces = p.replace(/\s+/g, '');
    authors.push(
      [
        `- slug: ${authorSlug}`,
        `  name: ${yamlText(`Writer ${n} ${p}`)}`,
        `  job_title: ${yamlText(p)}`,
        `  affiliation: ${yamlText(p)}`,
        `  bio: ${yamlText(p)}`,
        `  url: ${yamlText(`https://example.com/${noSpaces}`)}`,
      ].join('\n'),
    );
    const minute = String(index % 60).padStart(2, '0');
    const hour = String(Math.floor(index / 60)).padStart(2, '0');
    const front = [
      '---',
      `title: ${yamlText(p)}`,
      `dek: ${yamlText(p)}`,
      `summary: ${yamlText(p)}`,
      p.length <= 80 ? `section: ${yamlText(p)}` : 'section: Hostile',
      `date: 2026-10-05T${hour}:${minute}:00Z`,
      `authors: [${authorSlug}]`,
      `tags: [${yamlText(tag)}]`,
      `author_note: ${yamlText(p)}`,
      `disclosure: ${yamlText(p)}`,
      'image:',
      '  src: /img/favicon.svg',
      `  alt: ${yamlText(p)}`,
      `  caption: ${yamlText(p)}`,
      `  credit: ${yamlText(p)}`,
      'source:',
      `  publication: ${yamlText(p)}`,
      `  section: ${yamlText(p)}`,
      `  url: ${yamlText(`https://example.com/source/${encodeURIComponent(p)}`)}`,
      `  licence: ${yamlText(p)}`,
      // Alternate so both the full body and the stored excerpt are rendered from hostile Markdown.
      `  display: ${index % 2 === 0 ? 'full' : 'excerpt'}`,
      'corrections:',
      `  - date: 2026-10-06T00:00:00Z`,
      `    text: ${yamlText(p)}`,
      '---',
      hostileBody(p),
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'articles', `2026-10-05-${slug}.md`), front);
    entries.push({ payload: item, slug, authorSlug, tagSlug: slugify(tag) });
  });
  fs.writeFileSync(path.join(dir, 'authors.yaml'), `${authors.join('\n')}\n`);
  return entries;
}
