/** Longest query we read; the rest is dropped and the reader told. */
export const maxQueryLength = 200;
/** Most terms (words or quoted phrases) one search uses: each is one more list of pieces to read. */
export const maxQueryTerms = 8;
/** Shortest beginning of a word a trailing * may ask for (the full-text index keeps 3-letter prefixes). */
export const minPrefixLength = 3;

/** One thing to look for: a word (maybe only its beginning) or a phrase of words in order. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

/** A reader's search, turned into a safe FTS5 expression plus what to tell them about it. */
export interface SearchQuery {
  /**
   * The query in one canonical spelling (lower case, duplicates dropped, terms sorted), for the form, the
   * page title and the cache key: reordering or recasing the same search must not make a new page.
   */
  text: string;
  /** Every group must match; a group matches when any of its terms does (terms joined by OR). */
  groups: SearchTerm[][];
  /** The FTS5 MATCH expression, or undefined when nothing searchable was typed. */
  match: string | undefined;
  /** True when the query was cut (by length or number of terms). */
  truncated: boolean;
  /** Sentences telling the reader how their query was simplified (beyond cutting it). */
  notes: string[];
}

const wordChar = /[\p{L}\p{N}]/u;
// Everything that is not ordinary text: controls, format characters, unpaired surrogates.
const unprintable = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** termExpression is one term as FTS5 syntax: a quoted string, with * after it for a prefix. */
export function termExpression(term: SearchTerm): string {
  return `${quote(term.words.join(' '))}${term.prefix ? '*' : ''}`;
}

/** termText is one term as a reader writes it: the word, word*, or "a phrase". */
function termText(term: SearchTerm): string {
  if (term.words.length > 1) return `"${term.words.join(' ')}"`;
  return `${term.words[0]}${term.prefix ? '*' : ''}`;
}

/**
 * groupsExpression renders groups as FTS5 syntax: groups joined by AND (all must match), terms joined by OR.
 * AND is written out: FTS5 accepts the implicit kind only between strings, not after a bracket.
 */
export function groupsExpression(groups: readonly (readonly string[])[]): string {
  return groups.map((group) => (group.length > 1 && groups.length > 1 ? `(${group.join(' OR ')})` : group.join(' OR '))).join(' AND ');
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * parseSearchQuery turns anything a reader types into an FTS5 expression that cannot be a syntax error and
 * whose cost is bounded: each word or "quoted phrase" becomes a quoted FTS5 string (all must match), a
 * trailing * on a word of at least minPrefixLength letters asks for a prefix, and OR between two terms
 * means either. Every other operator character is just text, so unbalanced quotes, brackets, NEAR, column
 * filters and the like are harmless. Case, order and repeats do not change the search, so they do not
 * change its canonical text either.
 */
export function parseSearchQuery(raw: unknown): SearchQuery {
  const first = Array.isArray(raw) ? raw[0] : raw;
  let text = typeof first === 'string' ? first.normalize('NFKC').replace(unprintable, ' ').trim() : '';
  let truncated = false;
  const notes: string[] = [];
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

  // A flat list of terms and ORs, as typed.
  const tokens: (SearchTerm | 'OR')[] = [];
  const shortPrefixes: string[] = [];
  for (const piece of pieces) {
    const words = piece.phrase ? [piece.text.trim()] : piece.text.replace(/"/g, ' ').split(/\s+/);
    for (const word of words) {
      if (word === 'OR' && !piece.phrase) {
        tokens.push('OR');
      } else if (wordChar.test(word)) {
        let prefix = !piece.phrase && /[\p{L}\p{N}]\*+$/u.test(word);
        let bare = (prefix ? word.replace(/\*+$/, '') : word).toLowerCase();
        // FTS5 would merge every word with this beginning before reading the first match: too many for a
        // beginning shorter than the index keeps, so such a word is searched whole.
        if (prefix && [...bare].length < minPrefixLength) {
          prefix = false;
          shortPrefixes.push(bare);
        }
        bare = piece.phrase ? bare.split(/\s+/).join(' ') : bare;
        tokens.push({ words: bare.split(' '), prefix });
      }
    }
  }

  // Terms joined by OR form a group; groups side by side must all match.
  const groups: SearchTerm[][] = [];
  let joined = false;
  let count = 0;
  for (const token of tokens) {
    if (token === 'OR') {
      joined = groups.length > 0;
      continue;
    }
    if (++count > maxQueryTerms) {
      truncated = true;
      break;
    }
    if (joined) groups.at(-1)!.push(token);
    else groups.push([token]);
    joined = false;
  }

  // Canonical form: each group's terms sorted and unique, groups sorted and unique.
  const canonical = new Map<string, SearchTerm[]>();
  for (const group of groups) {
    const terms = new Map<string, SearchTerm>();
    for (const term of group) terms.set(termText(term), term);
    const keys = [...terms.keys()].sort(byText);
    canonical.set(keys.join(' OR '), keys.map((key) => terms.get(key)!));
  }
  const keys = [...canonical.keys()].sort(byText);
  const kept = keys.map((key) => canonical.get(key)!);
  if (shortPrefixes.length > 0) {
    const listed = [...new Set(shortPrefixes)].map((word) => `“${word}”`).join(', ');
    notes.push(`A * can only follow a word of ${minPrefixLength} letters or more, so we searched for ${listed} as ${shortPrefixes.length === 1 ? 'a whole word' : 'whole words'}.`);
  }
  return {
    text: keys.join(' '),
    groups: kept,
    match: kept.length > 0 ? groupsExpression(kept.map((group) => group.map(termExpression))) : undefined,
    truncated,
    notes,
  };
}
