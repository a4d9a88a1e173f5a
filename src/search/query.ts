/** Longest query we read; the rest is dropped and the reader told. */
export const maxQueryLength = 200;
/** Most terms (words or quoted phrases) one search uses. */
export const maxQueryTerms = 12;

/** A reader's search, turned into a safe FTS5 expression plus what to tell them about it. */
export interface SearchQuery {
  /** What the reader typed, trimmed and cut to maxQueryLength, for showing back in the form. */
  text: string;
  /** The FTS5 MATCH expression, or undefined when nothing searchable was typed. */
  match: string | undefined;
  /** True when the query was cut (by length or number of terms). */
  truncated: boolean;
}

const wordChar = /[\p{L}\p{N}]/u;
// Everything that is not ordinary text: controls, format characters, unpaired surrogates.
const unprintable = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * parseSearchQuery turns anything a reader types into an FTS5 expression that cannot be a syntax error:
 * each word or "quoted phrase" becomes a quoted FTS5 string (all must match), a trailing * on a word
 * asks for a prefix, and OR between two terms means either. Every other operator character is just text,
 * so unbalanced quotes, brackets, NEAR, column filters and the like are harmless.
 */
export function parseSearchQuery(raw: unknown): SearchQuery {
  const first = Array.isArray(raw) ? raw[0] : raw;
  let text = typeof first === 'string' ? first.normalize('NFKC').replace(unprintable, ' ').trim() : '';
  let truncated = false;
  if (text.length > maxQueryLength) {
    text = text.slice(0, maxQueryLength).trim();
    truncated = true;
  }
  // Quoted phrases first; an unmatched quote is treated as a space.
  const pieces: { phrase: boolean; text: string }[] = [];
  const phrase = /"([^"]*)"/g;
  let last = 0;
  for (const m of text.matchAll(phrase)) {
    pieces.push({ phrase: false, text: text.slice(last, m.index) });
    pieces.push({ phrase: true, text: m[1]! });
    last = m.index + m[0].length;
  }
  pieces.push({ phrase: false, text: text.slice(last) });

  const terms: string[] = [];
  for (const piece of pieces) {
    const words = piece.phrase ? [piece.text.trim()] : piece.text.replace(/"/g, ' ').split(/\s+/);
    for (const word of words) {
      if (word === 'OR' && !piece.phrase) {
        if (terms.length > 0 && terms.at(-1) !== 'OR') terms.push('OR');
      } else if (wordChar.test(word)) {
        const prefix = !piece.phrase && /[\p{L}\p{N}]\*+$/u.test(word);
        terms.push(prefix ? `${quote(word.replace(/\*+$/, ''))}*` : quote(word));
      }
    }
  }
  while (terms.at(-1) === 'OR') terms.pop();
  const kept: string[] = [];
  let count = 0;
  for (const term of terms) {
    if (term !== 'OR' && ++count > maxQueryTerms) {
      truncated = true;
      break;
    }
    kept.push(term);
  }
  while (kept.at(-1) === 'OR') kept.pop();
  return { text, match: kept.length > 0 ? kept.join(' ') : undefined, truncated };
}
