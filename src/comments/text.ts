/** A run of comment text: plain, or a bare URL the reader wrote, to be shown as a link. */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

/** A paragraph is lines (kept as line breaks), each a list of parts; templates escape every part. */
export type Paragraph = TextPart[][];

// http(s) URLs up to the next whitespace or angle bracket; trailing punctuation is trimmed below.
const bareUrl = /\bhttps?:\/\/[^\s<>"]+/gi;
const trailing = /[.,;:!?'")\]}]+$/;

/**
 * normaliseCommentText makes submitted text canonical: Unicode NFC, Unix line ends, no control characters
 * other than newline and tab, no trailing spaces, at most one blank line between paragraphs, trimmed. Bidi
 * embeddings, overrides and isolates go too: unbalanced, they reorder what follows them (a price, a link, the
 * next comment's name); the page shows each comment body in its own direction (dir="auto") instead. Joiners
 * and the LRM/RLM marks stay: emoji sequences and Persian or Indic words need them, and they reorder nothing.
 */
export function normaliseCommentText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** splitLinks cuts one line into text and link parts; only http(s) URLs that parse become links. */
export function splitLinks(line: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of line.matchAll(bareUrl)) {
    let url = match[0];
    // Keep a closing bracket that the URL itself opened, as in Wikipedia links: https://x.org/a_(b).
    let tail = trailing.exec(url)?.[0] ?? '';
    while (tail.startsWith(')') && count(url.slice(0, url.length - tail.length), '(') > count(url.slice(0, url.length - tail.length), ')')) {
      tail = tail.slice(1);
    }
    url = url.slice(0, url.length - tail.length);
    const start = match.index;
    let href: string | undefined;
    try {
      const parsed = new URL(url);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname) href = parsed.href;
    } catch {
      href = undefined;
    }
    if (!href) continue;
    if (start > last) parts.push({ text: line.slice(last, start) });
    parts.push({ text: url, href });
    last = start + url.length;
  }
  if (last < line.length) parts.push({ text: line.slice(last) });
  return parts;
}

/** commentParagraphs turns normalised comment text into paragraphs (blank lines) of lines (line breaks). */
export function commentParagraphs(text: string): Paragraph[] {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n').map(splitLinks));
}

/** countLinks counts what looks like a link in text, bare or written as HTML or BBCode, for the spam hold. */
export function countLinks(text: string): number {
  const urls = text.match(/\bhttps?:\/\/|(?<![/\w.])www\.[a-z0-9-]+\.|<a\s|\[url/gi);
  return urls?.length ?? 0;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
