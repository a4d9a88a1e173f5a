import { compactFrontMatter, emptyConversion, type Conversion, type ConversionOptions, type SourceAuthor, type StaticSiteDialect } from './converted.js';
import { parseLocalDate } from './dates.js';
import { isSlug, slugify } from './slug.js';
import { splitStaticPage } from './static-front-matter.js';
import { cleanTemplateTags } from './template-tags.js';

const generators: Record<StaticSiteDialect, string> = { hugo: 'Hugo', jekyll: 'Jekyll', eleventy: 'Eleventy' };

// The keys each generator documents for a page's title, dates, byline, taxonomy, summary and old URLs, and
// how they map to house fields (docs/editors-cli.md lists them). Every other key is a theme or build setting:
// listed in the plan as ignored, never a reason to refuse.
const mappedKeys = new Set([
  'title', 'slug', 'date', 'publishDate', 'pubdate', 'lastmod', 'updated', 'last_modified_at', 'modified', 'draft', 'published',
  'author', 'authors', 'tags', 'categories', 'category', 'description', 'summary', 'excerpt',
  'aliases', 'redirect_from', 'canonical', 'canonicalURL', 'canonical_url',
]);

const fileNameDate = /^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$/;

/** words reads a list key as each generator writes it: a YAML/TOML list, or one string (Jekyll splits it on spaces). */
function words(value: unknown, dialect: StaticSiteDialect, splitSpaces: boolean): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => String(v).trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return (dialect === 'jekyll' && splitSpaces ? value.split(/\s+/) : [value]).map((v) => v.trim()).filter(Boolean);
}

/** pageName is the name a page's URL comes from: its file name, or its folder's for a page bundle (`post/x/index.md`). */
function pageName(file: string): string {
  const parts = file.split(/[\\/]/);
  const base = parts.at(-1)!.replace(/\.[^.]*$/, '');
  return base === 'index' && parts.length > 1 ? parts.at(-2)! : base;
}

/** authorNames reads author and authors: a name, a list of names, or mappings with a name (as some themes write). */
function authorNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? String((a as Record<string, unknown>).name ?? '') : ''))
    .map((a) => a.trim())
    .filter(Boolean);
}

/** hugoBundles lists the folders of Hugo leaf bundles among an import's files: those holding an index.md. */
export function hugoBundles(files: readonly string[]): Set<string> {
  return new Set(files.filter((f) => /(^|[\\/])index\.(md|markdown)$/i.test(f)).map((f) => f.replace(/[\\/][^\\/]+$/, '')));
}

/**
 * bundleOf names the bundle a page is a resource of: in Hugo, every other file under a folder with an index.md
 * (at any depth) belongs to that page and is not a page itself. https://gohugo.io/content-management/page-bundles/
 */
function bundleOf(file: string, bundles: ReadonlySet<string>): string | undefined {
  const parts = file.split(/[\\/]/);
  // An index.md is its own folder's page; only the folders above it can make it a resource.
  const start = /^index\.(md|markdown)$/i.test(parts.at(-1)!) ? parts.length - 2 : parts.length - 1;
  for (let n = start; n > 0; n -= 1) {
    const dir = parts.slice(0, n).join('/');
    if (bundles.has(dir) || bundles.has(parts.slice(0, n).join('\\'))) return dir;
  }
  return undefined;
}

/** aliasSlug turns an old URL (`/posts/old-name/`, `old-name.html`) into the slug that will redirect here. */
function aliasSlug(alias: string): string {
  const last = alias.replace(/[?#].*$/, '').split('/').filter(Boolean).at(-1) ?? '';
  return slugify(last.replace(/\.html?$/i, ''));
}

/**
 * convertStaticSitePage reads one Hugo, Jekyll or Eleventy Markdown page into a house piece: YAML, TOML, JSON
 * or simple JavaScript front matter; title, slug, dates (also from a Jekyll file name), draft state, authors,
 * categories and tags, description or summary, aliases and canonical URL mapped; theme keys listed as ignored;
 * pages that are not posts (Hugo's _index.md, headless bundles and their resources, Eleventy's permalink: false)
 * skipped with why. bundles are the import's Hugo leaf-bundle folders (hugoBundles).
 */
export function convertStaticSitePage(
  text: string,
  file: string,
  dialect: StaticSiteDialect,
  options: ConversionOptions,
  bundles: ReadonlySet<string> = new Set(),
): Conversion {
  const result = emptyConversion();
  const generator = generators[dialect];
  const name = pageName(file);
  const named = fileNameDate.exec(name);
  const fallbackSlug = slugify(named ? named[4]! : name);
  const skip = (reason: string) => result.skipped.push({ file, slug: fallbackSlug || '(none)', reason });
  const add = (field: string, message: string, value?: unknown) => result.problems.push({ file, field, message, value });
  const note = (field: string, message: string, value?: unknown) => result.warnings.push({ file, field, message, value });

  const page = splitStaticPage(text);
  if (page.error) {
    add('front matter', page.error);
    return result;
  }
  const fm = page.data;
  if (!fm) return skip(`has no front matter, so ${generator} does not publish it as a post`), result;
  if (name === '_index') return skip(`is a ${generator} section or home page (_index.md), not a piece`), result;
  const bundle = dialect === 'hugo' ? bundleOf(file, bundles) : undefined;
  if (bundle) return skip(`is a resource of the Hugo page bundle ${bundle}/, not a page of its own`), result;
  if (fm.headless === true) return skip('is a headless Hugo bundle (headless: true): content for other pages, not a piece'), result;
  if (fm.permalink === false || fm.eleventyExcludeFromCollections === true) return skip(`is not published as a post by ${generator} (permalink: false or eleventyExcludeFromCollections)`), result;

  const { markdown, removed } = cleanTemplateTags(page.body);
  // A page with no text of its own is one its theme's layout fills in (an archive, a list): nothing to import.
  if (!markdown) return skip(`has no text of its own: a page ${generator}'s layout fills in, not a piece`), result;
  if (removed.length > 0) note('body', `${generator} template tags were removed (the text inside kept): ${removed.join(', ')}`);

  const ignored = Object.keys(fm).filter((key) => !mappedKeys.has(key));
  if (ignored.length > 0) note('front matter', `${generator} keys with no Broadsheet field were ignored: ${ignored.join(', ')}`);

  const rawSlug = typeof fm.slug === 'string' ? fm.slug.trim() : '';
  const slug = rawSlug ? (isSlug(rawSlug) ? rawSlug : slugify(rawSlug)) : fallbackSlug;
  if (rawSlug && rawSlug !== slug) note('slug', `is not a URL-safe slug; "${slug}" is used instead`, rawSlug);

  let title = typeof fm.title === 'string' || typeof fm.title === 'number' ? String(fm.title).trim() : '';
  if (!title && slug) {
    // Jekyll titles an untitled post after its file name; the others have no title to show, so say so.
    title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
    note('title', `is missing; "${title}" was made from the file name`);
  }

  const timeZone = options.timeZone ?? 'UTC';
  // Hugo reads the date from date, else publishDate, pubdate or published (a date there, not Jekyll's false).
  const givenDate = fm.date ?? fm.publishDate ?? fm.pubdate ?? (typeof fm.published === 'string' ? fm.published : undefined);
  const fromName = named ? `${named[1]}-${named[2]!.padStart(2, '0')}-${named[3]!.padStart(2, '0')}` : undefined;
  let date = parseLocalDate(typeof givenDate === 'string' ? givenDate : undefined, timeZone);
  if (givenDate !== undefined && !date) add('date', 'must be a date such as 2026-10-04, 2026-10-04 12:00:00 +0200 or ISO 8601', givenDate);
  if (givenDate === undefined) date = parseLocalDate(fromName, timeZone) ?? (options.date ? { iso: options.date, ts: 0 } : undefined);
  if (givenDate === undefined && !date) add('date', 'is missing, and the file name starts with no date (2026-10-04-title.md); pass --date');
  const updatedKey = ['lastmod', 'updated', 'last_modified_at', 'modified'].find((key) => fm[key] !== undefined);
  const updated = updatedKey ? parseLocalDate(String(fm[updatedKey]), timeZone) : undefined;
  if (updatedKey && (!updated || (date && updated.ts < date.ts))) note(updatedKey, 'is not a readable date on or after date and was left out', fm[updatedKey]);

  const draft = fm.draft === true || fm.published === false || /(^|[\\/])_drafts[\\/]/.test(file);

  // Hugo 0.123 and later keep a theme's own keys, author among them, under params.
  const params = fm.params !== null && typeof fm.params === 'object' ? (fm.params as Record<string, unknown>) : {};
  const names = authorNames(fm.authors ?? fm.author ?? params.authors ?? params.author);
  const authors = options.authors ? [...options.authors] : [...new Set(names.map(slugify).filter(Boolean))];
  if (authors.length === 0) add('author', 'the page names no author; pass --author with an author slug from the registry');
  if (!options.authors) {
    for (const author of names) {
      const authorSlug = slugify(author);
      if (authorSlug && !result.authors.some((a) => a.slug === authorSlug)) result.authors.push({ slug: authorSlug, name: author, label: file } satisfies SourceAuthor);
    }
  }

  const categories = [...words(fm.categories, dialect, true), ...words(fm.category, dialect, false)];
  const section = options.section || categories[0];
  const tags = [...new Set([...categories.slice(1), ...words(fm.tags, dialect, true), ...(options.tags ?? [])])];
  if (categories.length > 1) note('categories', `has ${categories.length} categories; the first is the section, the rest become tags`, categories);

  const summaryText = [fm.summary, fm.excerpt, fm.description].find((v) => typeof v === 'string' && v.trim()) as string | undefined;
  const summary = summaryText?.trim() ?? '';
  if (summary.length > 600) note('summary', 'is longer than 600 characters and was left out; add a summary by hand');

  const aliases: string[] = [];
  for (const alias of words(fm.aliases ?? fm.redirect_from, dialect, false)) {
    const aliasAsSlug = aliasSlug(alias);
    if (!aliasAsSlug || aliasAsSlug === slug || aliases.includes(aliasAsSlug)) note('aliases', 'gives no old slug of its own and was left out', alias);
    else aliases.push(aliasAsSlug);
  }
  const canonical = [fm.canonical, fm.canonicalURL, fm.canonical_url].find((v) => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v)) as string | undefined;

  if (result.problems.length > 0 || !date) return result;
  result.pieces.push({
    label: file,
    frontMatter: compactFrontMatter({
      title,
      slug,
      type: options.type ?? 'op-ed',
      summary: summary.length <= 600 ? summary : undefined,
      section,
      date: date.iso,
      updated: updated && updated.ts > date.ts ? updated.iso : undefined,
      draft,
      authors,
      tags,
      canonical,
      aliases,
    }),
    body: markdown,
  });
  return result;
}
