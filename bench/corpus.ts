import fs from 'node:fs';
import path from 'node:path';

/** What writeCorpus produced: where, how many files, and one example of each listing for the load test. */
export interface Corpus {
  dir: string;
  pieces: number;
  authors: number;
  tags: number;
  bytes: number;
  sampleSlug: string;
  sampleAuthor: string;
  sampleTag: string;
}

// A seeded generator (mulberry32), so every run of the same size writes byte-identical files.
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// An invented vocabulary: the text reads like prose in length and rhythm without copying any.
export const nouns = (
  'city council budget transit school library harbour bridge housing rent wage clinic nurse teacher market ' +
  'river park tram neighbourhood election ballot district museum farm orchard factory port railway tunnel ' +
  'committee mayor senator court judge newsroom editor reader archive pension tax levy subsidy hospital ' +
  'highway cycle lane pavement zoning permit landlord tenant union strike harvest drought flood storm forecast ' +
  'theatre orchestra festival stadium league referee coach classroom curriculum exam campus laboratory grant'
).split(' ');
const verbs = (
  'builds argues insists ignores funds delays rewards punishes measures doubles halves promises forgets ' +
  'deserves replaces protects rebuilds questions explains borrows spends saves opens closes widens narrows'
).split(' ');
export const adjectives = (
  'quiet crowded costly modest stubborn fragile generous careful reckless patient local regional public ' +
  'private honest vague bold timid narrow broad ageing young overdue forgotten promised essential ordinary'
).split(' ');
const connectives = ['and yet', 'because', 'although', 'while', 'so', 'but', 'since', 'until', 'unless', 'whereas'];
export const firstNames = 'Ada Ben Cara Dev Elin Femi Gus Hana Ines Jon Kemi Lior Mona Nils Oona Pavel Rhea Sami Tove Uma Vik Wren Yara Zed'.split(' ');
export const lastNames = 'Abara Brook Castell Dunmore Eskildsen Farrow Galindo Hartwell Iwu Jansen Kaur Lindqvist Morrow Ndiaye Okoro Pell Quist Rasku Sato Thorne Ulloa Varga Whitlow Yilmaz'.split(' ');
const types = ['op-ed', 'op-ed', 'op-ed', 'column', 'column', 'editorial', 'letter'];
export const sections = ['Cities', 'Schools', 'Economy', 'Culture', 'Environment', 'Health', 'Sport', 'Justice', ''];

/** proseWriter gives `pick`, `sentence` and `paragraph` drawing on rnd: invented text of prose's length and rhythm. */
export function proseWriter(rnd: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const sentence = (): string => {
    const words = [pick(['The', 'Every', 'No', 'Our', 'This']), pick(adjectives), pick(nouns), pick(verbs), 'the', pick(nouns)];
    if (rnd() < 0.6) words.push(pick(connectives), 'the', pick(adjectives), pick(nouns), pick(verbs), pick(['it', 'them', 'nothing', 'the cost']));
    if (rnd() < 0.2) words.push(`(${Math.floor(rnd() * 90) + 10} per cent)`);
    return `${words.join(' ')}${pick(['.', '.', '.', '?', '.'])}`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join(' ');
  return { pick, sentence, paragraph };
}

/** writeCorpus writes `pieces` Markdown files and an authors.yaml under dir/content, like a real archive. */
export function writeCorpus(root: string, pieces: number, seed = 20261128): Corpus {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const dir = path.join(root, 'content');
  const articlesDir = path.join(dir, 'articles');
  fs.mkdirSync(articlesDir, { recursive: true });

  // Archives grow authors and topics more slowly than pieces: about 1 author per 50 pieces, 1 tag per 40.
  const authorCount = Math.max(12, Math.min(2000, Math.round(pieces / 50)));
  const tagCount = Math.max(20, Math.min(3000, Math.round(pieces / 40)));
  const authors: string[] = [];
  let registry = '# Synthetic contributors for the benchmark corpus.\n';
  for (let i = 0; i < authorCount; i += 1) {
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    const slug = `${name.toLowerCase().replace(/ /g, '-')}-${i}`;
    authors.push(slug);
    registry += `- slug: ${slug}\n  name: ${name}\n  job_title: Contributing Writer\n  affiliation: Broadsheet\n  bio: ${name} writes about ${pick(nouns)}s and ${pick(nouns)}s.\n`;
  }
  fs.writeFileSync(path.join(dir, 'authors.yaml'), registry);
  const tags = Array.from({ length: tagCount }, (_, i) => `${pick(adjectives)} ${pick(nouns)}s ${i}`);

  const { sentence, paragraph } = proseWriter(rnd);

  // Newest first: piece 0 is the most recent, then one every 90 minutes back in time.
  const newest = Date.parse('2026-11-01T12:00:00Z');
  let bytes = 0;
  const sample = { slug: '', author: '', tag: '' };
  for (let i = 0; i < pieces; i += 1) {
    const title = `The ${pick(adjectives)} ${pick(nouns)} ${pick(verbs)} the ${pick(nouns)}`;
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`;
    const published = new Date(newest - i * 90 * 60_000);
    const date = published.toISOString().slice(0, 19);
    const byline = rnd() < 0.1 ? [pick(authors), pick(authors)].filter((a, j, all) => all.indexOf(a) === j) : [pick(authors)];
    const pieceTags = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(tags)).filter((t, j, all) => all.indexOf(t) === j);
    const type = pick(types);
    let body = '';
    // 700 to 1,300 words: the length of a newspaper op-ed.
    const paragraphs = 10 + Math.floor(rnd() * 8);
    for (let p = 0; p < paragraphs; p += 1) {
      if (p > 0 && p % 5 === 0) body += `## ${pick(adjectives)} ${pick(nouns)}s, ${pick(adjectives)} ${pick(nouns)}s\n\n`;
      if (p === 7 && rnd() < 0.4) body += `> ${sentence()} ${sentence()}\n\n`;
      if (p === 3 && rnd() < 0.3) body += `- ${sentence()}\n- ${sentence()}\n- ${sentence()}\n\n`;
      body += `${paragraph()}${p === 2 ? ` See [the ${pick(nouns)} report](https://example.com/reports/${i}).` : ''}\n\n`;
    }
    const front = [
      '---',
      `title: "${title}"`,
      `type: ${type}`,
      `dek: "${sentence()}"`,
      `summary: "${sentence()} ${sentence()}"`,
      `date: ${date}+00:00`,
      `section: ${pick(sections) || 'Opinion'}`,
      `tags: [${pieceTags.join(', ')}]`,
      `authors: [${byline.join(', ')}]`,
      ...(rnd() < 0.1 ? [`updated: ${new Date(published.getTime() + 3_600_000).toISOString().slice(0, 19)}+00:00`] : []),
      ...(rnd() < 0.03
        ? ['corrections:', `  - date: ${new Date(published.getTime() + 7_200_000).toISOString().slice(0, 19)}+00:00`, `    text: "${sentence()}"`]
        : []),
      ...(type === 'letter' ? [] : [`author_note: "${sentence()}"`]),
      '---',
      '',
    ].join('\n');
    const text = `${front}${body}`;
    bytes += Buffer.byteLength(text);
    const file = path.join(articlesDir, `${date.slice(0, 10)}-${slug}.md`);
    fs.writeFileSync(file, text);
    // An archive's files were written when their pieces were, not seconds before the import.
    fs.utimesSync(file, published, published);
    if (i === Math.floor(pieces / 3)) Object.assign(sample, { slug, author: byline[0]!, tag: pieceTags[0]! });
  }
  return {
    dir,
    pieces,
    authors: authorCount,
    tags: tagCount,
    bytes,
    sampleSlug: sample.slug,
    sampleAuthor: sample.author,
    sampleTag: sample.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  };
}
