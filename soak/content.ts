import fs from 'node:fs';
import path from 'node:path';

const words = [
  'council', 'budget', 'buses', 'library', 'river', 'housing', 'schools', 'market', 'trees', 'harbour', 'tram', 'parks',
  'taxes', 'rents', 'museum', 'bridge', 'clinic', 'orchestra', 'election', 'newspaper',
];

/** searchWords are the words the soak searches for: every generated piece uses some of them. */
export const searchWords = words;

/** A soak content folder: how many pieces, their slugs, authors and tags. */
export interface SoakContent {
  dir: string;
  slugs: string[];
  authors: string[];
  tags: string[];
}

/**
 * writeSoakContent writes count pieces by a handful of authors into dir, so that index pages, author and
 * tag pages and deep pagination all have something to show.
 */
export function writeSoakContent(dir: string, count: number): SoakContent {
  const authors = Array.from({ length: 8 }, (_, i) => `soak-author-${i}`);
  const tags = words.slice(0, 12);
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'authors.yaml'),
    authors.map((slug, i) => `- slug: ${slug}\n  name: Soak Writer ${i}\n  bio: Writes pieces for the soak test.\n`).join(''),
  );
  const slugs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const slug = `soak-piece-${i}`;
    slugs.push(slug);
    writePiece(dir, i, 0);
  }
  return { dir, slugs, authors, tags };
}

/** touchSoakPieces rewrites a few pieces with a new revision, so a re-import has real updates to write. */
export function touchSoakPieces(dir: string, indexes: number[], revision: number): void {
  for (const i of indexes) writePiece(dir, i, revision);
}

function writePiece(dir: string, i: number, revision: number): void {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(i / 28) % 9)).padStart(2, '0');
  const minute = String(i % 60).padStart(2, '0');
  const pick = (n: number) => words[(i * 7 + n) % words.length]!;
  const body = Array.from(
    { length: 6 },
    (_, p) => `The ${pick(p)} question comes back every year, and the ${pick(p + 1)} answer is never quite enough. ` +
      `We argue here that the ${pick(p + 2)} deserves better than another study. `.repeat(3),
  ).join('\n\n');
  fs.writeFileSync(
    path.join(dir, 'articles', `2026-${month}-${day}-soak-piece-${i}.md`),
    `---\ntitle: "On the ${pick(0)} and the ${pick(1)}, number ${i}"\ndek: "A soak-test argument about ${pick(2)}."\n` +
      `date: 2026-${month}-${day}T08:${minute}:00Z\nauthors: [soak-author-${i % 8}]\ntags: [${pick(0)}, ${words[i % 12]}]\n` +
      `---\n${body}\n\n## Revision\n\nRevision ${revision}.\n`,
  );
}
