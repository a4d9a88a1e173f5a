import { transliterate } from 'transliteration';

/** A URL-safe slug: lowercase ASCII letters and digits in hyphen-separated words. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const datePrefix = /^\d{4}-\d{2}-\d{2}-/;

/** slugFromFilename turns `2026-10-14-the-bus-stops-here.md` into `the-bus-stops-here`. */
export function slugFromFilename(filename: string): string {
  const base = filename.replace(/^[\s\S]*[\\/]/, '').replace(/\.[^.]*$/, '');
  return base.replace(datePrefix, '');
}

/**
 * slugify is the one way free text (a title, a tag, a name, a WordPress slug) becomes a slug, in any script:
 * "Public Transit & Buses" → "public-transit-and-buses", "Новости" → "novosti", "schließt" → "schliesst",
 * "远征手记" → "yuan-zheng-shou-ji". Accents are dropped first, as they always were, so Latin text keeps the slug
 * it had ("Zürich" → "zurich"); only what is left outside ASCII goes through the transliteration tables.
 */
export function slugify(text: string): string {
  // NFC after dropping the marks puts Hangul and kana back together, which NFKD had taken apart.
  const latin = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').replace(/['’]/g, '');
  const ascii = /[^\x00-\x7f]/.test(latin) ? transliterate(latin, { unknown: ' ' }) : latin;
  return ascii
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * slugFromPostName reads a WordPress `wp:post_name`: WordPress stores a slug in another script percent-encoded
 * (`%ce%b5%cf%80…` for "επίπεδο"), so such a name is decoded and made a slug by the same rules as a title. Any
 * other name is returned as it is, for the importer to take or refuse (and to show on a skipped item as WordPress
 * had it).
 */
export function slugFromPostName(postName: string): string {
  if (!/%[0-9a-f]{2}/i.test(postName)) return postName;
  try {
    return slugify(decodeURIComponent(postName));
  } catch {
    // Not valid percent-encoding after all: the name is what it is.
    return postName;
  }
}

/** isSlug says whether text is already a URL-safe slug. */
export function isSlug(text: string): boolean {
  return text.length <= 120 && slugPattern.test(text);
}
