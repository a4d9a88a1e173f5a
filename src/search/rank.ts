import type { SearchTerm } from './query.js';

/** The short fields of a piece that ranking reads: a match in them says more than one in the body. */
export interface RankFields {
  title: string;
  dek: string;
  authors: string;
  tags: string;
}

// A word in the headline outranks one in the standfirst; a reader typing a name or a topic wants those
// pieces next. A body-only match scores nothing, and ties go to the newer piece (the caller's order).
const weights: Record<keyof RankFields, number> = { title: 10, dek: 4, authors: 6, tags: 6 };

// Close to FTS5's unicode61 tokenizer with remove_diacritics: letters and digits, case and accents folded.
function tokens(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function matches(words: readonly string[], term: { words: string[]; prefix: boolean }): boolean {
  const last = term.words.length - 1;
  for (let i = 0; i + last < words.length; i += 1) {
    let ok = true;
    for (let j = 0; j <= last && ok; j += 1) {
      const word = words[i + j]!;
      ok = term.prefix && j === last ? word.startsWith(term.words[j]!) : word === term.words[j];
    }
    if (ok) return true;
  }
  return false;
}

/**
 * rankScorer returns a function scoring a matched piece by where the query's terms appear in its short
 * fields: each field's weight times the number of terms found there. It replaces FTS5's bm25, whose
 * document frequencies make every search read every match of every term.
 */
export function rankScorer(groups: readonly SearchTerm[][]): (fields: RankFields) => number {
  const terms = groups.flat().map((term) => ({ words: term.words.flatMap(tokens), prefix: term.prefix })).filter((t) => t.words.length > 0);
  return (fields) => {
    let score = 0;
    for (const name of Object.keys(weights) as (keyof RankFields)[]) {
      const words = tokens(fields[name]);
      for (const term of terms) if (matches(words, term)) score += weights[name];
    }
    return score;
  };
}
