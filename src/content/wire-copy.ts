import type { Problem } from './content-error.js';
import { emptyConversion, type Conversion, type ConversionOptions } from './converted.js';
import { slugify } from './slug.js';

// A headline label that names the kind of piece: "Opinion: ..." is an op-ed, shown with the Opinion kicker.
const kickerPrefixes: Record<string, string> = { opinion: 'op-ed', editorial: 'editorial', column: 'column', letter: 'letter' };
const kickerPrefix = /^(opinion|editorial|column|letter)\s*:\s*/i;

// Text that web pages wrap around an article and copy-paste drags along: counters and comment forms.
const debrisPatterns = [
  /^\(?visited \d[\d,]* times?(?:, \d[\d,]* visits? today)?\)?$/i,
  /^leave a (?:reply|comment)(?: cancel reply)?$/i,
  /^cancel reply$/i,
  /^your email address will not be published\b/i,
  /^required fields are marked\b/i,
  /^(?:comment|name|email|e-mail|website)\s*\*?$/i,
  /^save my name, email,? and website\b/i,
  /^post comment$/i,
  /^you must be logged in to post a comment\b/i,
  /^(?:share this|like this|related|loading\.\.\.|click to share on .*)[:.]?$/i,
];

const sourceLine = /^source::?\s*(.+)$/i;
const readMore = /\s*(?:…|\.\.\.)\s*read more\s*$/i;

function isDebris(block: string): boolean {
  return debrisPatterns.some((pattern) => pattern.test(block));
}

// Short standalone lines with no closing punctuation are subheadings in wire copy ("A strategic path").
function looksLikeSubheading(block: string): boolean {
  return !block.includes('\n') && block.length <= 70 && block.split(/\s+/).length <= 10 && !/[.,;:!?…"”’'\])]$/.test(block);
}

/** escapeText makes wire text literal in Markdown: no accidental emphasis, links, lists or HTML. */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<]/g, '\\$&')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/^(#{1,6}\s|>|[-+]\s)/, '\\$1')
    // A backslash before a digit is literal in Markdown, so a numbered line escapes its dot instead.
    .replace(/^(\d+)([.)]\s)/, '$1\\$2');
}

/** A run of non-blank lines of wire copy, with its first line's number for messages. */
interface Block {
  text: string;
  line: number;
}

/** The headline line, without a kind label ("Opinion:"), and the piece type that label or --type gives. */
function readHeadline(line: string, options: ConversionOptions): { headline: string; type: string; label?: string } {
  const prefix = kickerPrefix.exec(line);
  if (!prefix) return { headline: line, type: options.type ?? 'op-ed' };
  return { headline: line.slice(prefix[0].length).trim(), type: options.type ?? kickerPrefixes[prefix[1]!.toLowerCase()]!, label: prefix[1] };
}

/** splitBlocks cuts the lines after the headline into blocks at blank lines. */
function splitBlocks(lines: string[], headlineIndex: number): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  let start = 0;
  lines.slice(headlineIndex + 1).forEach((line, offset) => {
    const number = headlineIndex + 2 + offset;
    if (line.trim() === '') {
      if (current.length > 0) blocks.push({ text: current.join('\n'), line: start });
      current = [];
    } else {
      if (current.length === 0) start = number;
      current.push(line.trim());
    }
  });
  if (current.length > 0) blocks.push({ text: current.join('\n'), line: start });
  return blocks;
}

/** separateBody sorts blocks into the article, its "Source::" line, and the page debris around it. */
function separateBody(blocks: Block[]): { body: Block[]; source?: { publication: string; section: string; line: number }; dropped: string[] } {
  const dropped: string[] = [];
  const body: Block[] = [];
  let source: { publication: string; section: string; line: number } | undefined;
  for (const block of blocks) {
    const sourceMatch = sourceLine.exec(block.text);
    if (sourceMatch) {
      const [publication, ...rest] = sourceMatch[1]!.split(/\s+[–—-]\s+/);
      source = { publication: publication!.trim(), section: rest.join(' – ').trim(), line: block.line };
    } else if (isDebris(block.text) || (source && body.length > 0)) {
      // After the source line comes the page around the article, never more of the article.
      dropped.push(block.text.replace(/\s+/g, ' '));
    } else {
      body.push(block);
    }
  }
  return { body, source, dropped };
}

/** bodyMarkdown writes the article's blocks as Markdown: short inner lines become subheadings, the rest paragraphs. */
function bodyMarkdown(body: Block[]): { markdown: string; subheadings: string[] } {
  const subheadings: string[] = [];
  const blocks = body.map((block, index) => {
    if (index < body.length - 1 && index > 0 && looksLikeSubheading(block.text)) {
      subheadings.push(block.text);
      return `## ${escapeText(block.text)}`;
    }
    return escapeText(block.text.replace(/\n/g, ' '));
  });
  return { markdown: blocks.join('\n\n'), subheadings };
}

/**
 * convertWireCopy reads plain-text wire copy: the first line is the headline (a leading "Opinion:" becomes the
 * kicker), blank lines separate paragraphs, short unpunctuated lines are subheadings, a trailing "…read more"
 * marks an excerpt, and "Source:: Publication – Section" gives the source block. Page debris is dropped with a
 * warning. Author and date must come from options: they are never guessed.
 */
export function convertWireCopy(text: string, file: string, options: ConversionOptions): Conversion {
  const result = emptyConversion();
  const add = (field: string, message: string, value?: unknown, line?: number) =>
    result.problems.push({ file, field, message, value, ...(line && { line }) });
  const note = (field: string, message: string, value?: unknown, line?: number) =>
    result.warnings.push({ file, field, message, value, ...(line && { line }) } satisfies Problem);

  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const headlineIndex = lines.findIndex((line) => line.trim() !== '');
  if (headlineIndex < 0) {
    add('headline', 'is missing: the first line of wire copy is the headline');
    return result;
  }
  const { headline, type, label } = readHeadline(lines[headlineIndex]!.trim(), options);
  if (label) {
    note('headline', `the "${label}:" label was taken off the headline; the piece is a${type === 'op-ed' ? 'n' : ''} ${type} and shows that kicker`, `${label}:`, headlineIndex + 1);
  }

  const { body, source, dropped } = separateBody(splitBlocks(lines, headlineIndex));
  if (dropped.length > 0) note('body', `dropped ${dropped.length} line(s) of web-page debris: ${dropped.map((d) => `"${d}"`).join(', ')}`);

  let excerpt = false;
  const last = body.at(-1);
  if (last && readMore.test(last.text)) {
    last.text = `${last.text.replace(readMore, '')}…`;
    excerpt = true;
  }
  const { markdown, subheadings } = bodyMarkdown(body);
  if (subheadings.length > 0) note('body', `made ${subheadings.length} subheading(s) from short standalone lines: ${subheadings.map((s) => `"${s}"`).join(', ')}`);

  const authors = options.authors ?? [];
  if (authors.length === 0) add('author', 'wire copy names no author; pass --author with an author slug from the registry');
  if (!options.date) add('date', 'wire copy carries no date; pass --date with a date, time and zone, e.g. 2026-10-14T07:30:00-04:00');
  if (body.length === 0) add('body', 'has no paragraphs after the headline');

  let sourceBlock: Record<string, unknown> | undefined;
  const publication = options.sourceName || source?.publication;
  if (source || options.sourceName || options.sourceUrl) {
    if (!publication) add('source', 'a source address was given but no publication; pass --source-name');
    if (!options.sourceUrl) {
      add('source.url', 'the Source:: line names a publication but not the address of the original; pass --source-url', undefined, source?.line);
    }
    sourceBlock = {
      publication,
      ...((options.sourceSection || source?.section) && { section: options.sourceSection || source?.section }),
      url: options.sourceUrl,
      display: options.display ?? (excerpt ? 'excerpt' : 'full'),
    };
  } else if (excerpt) {
    note('body', 'ends with "…read more" but names no source; add --source-name and --source-url to link to the original');
  }
  if (result.problems.length > 0) return result;

  result.pieces.push({
    label: file,
    frontMatter: {
      title: headline,
      slug: options.slug ?? slugify(headline),
      type,
      ...(options.section && { section: options.section }),
      date: options.date,
      authors,
      ...(options.tags?.length && { tags: options.tags }),
      ...(sourceBlock && { source: sourceBlock, canonical: options.sourceUrl }),
    },
    body: markdown,
  });
  return result;
}
