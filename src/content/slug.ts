/** A URL-safe slug: lowercase ASCII letters and digits in hyphen-separated words. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const datePrefix = /^\d{4}-\d{2}-\d{2}-/;

/** slugFromFilename turns `2026-10-14-the-bus-stops-here.md` into `the-bus-stops-here`. */
export function slugFromFilename(filename: string): string {
  const base = filename.replace(/^[\s\S]*[\\/]/, '').replace(/\.[^.]*$/, '');
  return base.replace(datePrefix, '');
}

/** slugify normalises free text (a tag, a name) to a slug: "Public Transit & Buses" → "public-transit-buses". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** isSlug says whether text is already a URL-safe slug. */
export function isSlug(text: string): boolean {
  return text.length <= 120 && slugPattern.test(text);
}
