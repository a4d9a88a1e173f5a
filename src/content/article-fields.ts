import type { ArticleSnapshot } from '../db/editor-articles.js';
import type { Problem } from './content-error.js';
import { parseZonedDate, type ZonedDate } from './dates.js';
import { isSlug, slugFromFilename, slugify } from './slug.js';
import { isImageReference } from './image-reference.js';

export const articleTypes = ['op-ed', 'editorial', 'column', 'letter'] as const;
export type ArticleType = (typeof articleTypes)[number];

/** A validated article as written in a Markdown file, before rendering. */
export interface ArticleInput {
  slug: string;
  type: ArticleType;
  title: string;
  dek: string;
  summary: string;
  section: string;
  publishedAt: string;
  updatedAt: string | undefined;
  draft: boolean;
  authors: string[];
  tags: string[];
  authorNote: string;
  disclosure: string;
  image: { src: string; alt: string; caption: string; credit: string } | undefined;
  source:
    | { publication: string; section: string; url: string; date: string | undefined; licence: string; display: 'full' | 'excerpt' }
    | undefined;
  canonicalUrl: string | undefined;
  corrections: { date: string; text: string }[];
  commentsOpen: boolean;
  aliases: string[];
  bodyMarkdown: string;
}

/** The longest alt text, caption and credit a lead image may have, for the converters that fit a source's to them. */
export const imageTextLimits = { alt: 300, caption: 500, credit: 200 } as const;

/** The properties of an article that come from its front matter (everything but the body). */
export type FieldProperty = Exclude<keyof ArticleInput, 'bodyMarkdown'>;

/** What a field's reader is given besides its value: the whole front matter, what was read so far, and checks. */
export interface FieldReader {
  file: string;
  fm: Readonly<Record<string, unknown>>;
  /** Whether the piece comes from a feed or an export rather than the house (ParseOptions.fromOutside). */
  fromOutside: boolean;
  /** The fields read before this one, for the rules that compare two fields (updated ≥ date, aliases ≠ slug). */
  earlier: Readonly<Partial<ArticleInput>>;
  problems: readonly Problem[];
  add(field: string, message: string, value?: unknown): void;
  text(field: string, value: unknown, options?: { required?: boolean; max?: number }): string;
  url(field: string, value: unknown): string | undefined;
  date(field: string, value: unknown, required: boolean): ZonedDate | undefined;
  list(field: string, value: unknown): string[];
  mapping(field: string, value: unknown): Record<string, unknown> | undefined;
}

/**
 * One front-matter field: its key as editors write it, how it is read from YAML, how it is written back, and
 * how it is rebuilt from the columns of a row stored before inputs were kept.
 */
export interface ArticleField<K extends FieldProperty = FieldProperty> {
  key: string;
  property: K;
  /** Other keys accepted for the same field (`author` for a single byline). */
  also?: readonly string[];
  /**
   * Plain fields whose problems have always been reported after the body's; the reader keeps that order so
   * every problem list reads as before.
   */
  checkedLast?: true;
  read(value: unknown, r: FieldReader): ArticleInput[K];
  /** The value written in house format, or undefined to leave the field out. */
  write(article: ArticleInput, fileName: string): unknown;
  fromSnapshot(s: ArticleSnapshot): ArticleInput[K];
}

function field<K extends FieldProperty>(spec: ArticleField<K>): ArticleField<K> {
  return spec;
}

/** A free-text field, left out of the house format when empty. */
function textField<K extends 'dek' | 'summary' | 'section' | 'authorNote' | 'disclosure'>(key: string, property: K, max: number): ArticleField<K> {
  return {
    key,
    property,
    checkedLast: true,
    read: (value, r) => r.text(key, value, { max }),
    write: (a) => a[property] || undefined,
    fromSnapshot: (s) => s[property],
  };
}

/** The mapping of an optional nested field (image, source): undefined when absent, reported when not a mapping. */
function optionalMapping(key: string, value: unknown, r: FieldReader): Record<string, unknown> | undefined {
  return value === undefined ? undefined : r.mapping(key, value);
}

/** listWritten leaves an empty list out of the house format. */
function listWritten(list: readonly unknown[]): readonly unknown[] | undefined {
  return list.length > 0 ? list : undefined;
}

/**
 * articleFields describes every front-matter field once, in the order docs/writing.md documents them: the
 * parser reads them in this order (those marked checkedLast after the body), the house format writes them in
 * it, and the import plan names them by key.
 */
export const articleFields = [
  field({
    key: 'title',
    property: 'title',
    read: (value, r) => r.text('title', value, { required: true, max: 200 }),
    write: (a) => a.title,
    fromSnapshot: (s) => s.title,
  }),
  field({
    key: 'slug',
    property: 'slug',
    read(value, r) {
      // An empty `slug:` (null or "") means none was given, as a left-blank template field does: the file names it.
      const given = value !== undefined && value !== null && value !== '';
      const slug = given ? r.text('slug', value) : slugFromFilename(r.file);
      if (slug && !isSlug(slug)) r.add('slug', 'must be lowercase letters, digits and single hyphens', slug);
      if (!slug && !given) r.add('slug', 'could not be derived from the file name; set slug in front matter', r.file);
      return slug;
    },
    // The file name gives the slug unless it says otherwise; only then is slug written out.
    write: (a, fileName) => (slugFromFilename(fileName) !== a.slug ? a.slug : undefined),
    fromSnapshot: (s) => s.slug,
  }),
  field({
    key: 'type',
    property: 'type',
    read(value, r) {
      if (value === undefined) return 'op-ed';
      if (articleTypes.includes(value as ArticleType)) return value as ArticleType;
      r.add('type', `must be one of ${articleTypes.join(', ')}`, value);
      return 'op-ed';
    },
    write: (a) => a.type,
    fromSnapshot: (s) => (articleTypes.includes(s.type as ArticleType) ? (s.type as ArticleType) : 'op-ed'),
  }),
  textField('dek', 'dek', 400),
  textField('summary', 'summary', 600),
  textField('section', 'section', 80),
  field({
    key: 'date',
    property: 'publishedAt',
    read: (value, r) => r.date('date', value, true)?.iso ?? '',
    write: (a) => a.publishedAt,
    fromSnapshot: (s) => s.publishedAt,
  }),
  field({
    key: 'updated',
    property: 'updatedAt',
    read(value, r) {
      const updated = r.date('updated', value, false);
      const published = parseZonedDate(r.earlier.publishedAt);
      if (published && updated && updated.ts < published.ts) r.add('updated', 'must not be earlier than date', value);
      return updated?.iso;
    },
    write: (a) => a.updatedAt || undefined,
    fromSnapshot: (s) => s.updatedAt ?? undefined,
  }),
  field({
    key: 'draft',
    property: 'draft',
    read(value, r) {
      if (value !== undefined && typeof value !== 'boolean') {
        r.add('draft', 'must be true or false', value);
        return false;
      }
      return value === true;
    },
    write: (a) => (a.draft ? true : undefined),
    fromSnapshot: (s) => s.draft === 1,
  }),
  field({
    key: 'authors',
    property: 'authors',
    also: ['author'],
    read(_, r) {
      const { author, authors: given } = r.fm;
      if (author !== undefined && given !== undefined) r.add('author', 'use either author or authors, not both');
      const authors = r.list(given !== undefined ? 'authors' : 'author', given ?? author);
      if (authors.length === 0 && !r.problems.some((p) => p.field.startsWith('author'))) {
        r.add('authors', 'at least one author slug from the author registry is required');
      }
      for (const slug of authors) if (!isSlug(slug)) r.add('authors', 'must be author slugs from the registry', slug);
      if (new Set(authors).size !== authors.length) r.add('authors', 'lists the same author twice', authors);
      return authors;
    },
    write: (a) => a.authors,
    fromSnapshot: (s) => s.authors,
  }),
  field({
    key: 'tags',
    property: 'tags',
    read(value, r) {
      const tags: string[] = [];
      for (const tag of r.list('tags', value)) {
        if (!slugify(tag)) r.add('tags', 'each tag needs at least one letter or digit', tag);
        else if (!tags.some((t) => slugify(t) === slugify(tag))) tags.push(tag);
      }
      return tags;
    },
    write: (a) => listWritten(a.tags),
    fromSnapshot: (s) => s.tags,
  }),
  textField('author_note', 'authorNote', 600),
  textField('disclosure', 'disclosure', 600),
  field({
    key: 'image',
    property: 'image',
    read(value, r) {
      const img = optionalMapping('image', value, r);
      if (!img) return undefined;
      const src = r.text('image.src', img.src, { required: true });
      if (src && !isImageReference(src)) {
        r.add('image.src', 'must be a file beside the piece (rooftops.jpg), one in content/media/ (media/rooftops.jpg), an http(s) address, or a site path under public/ (/img/rooftops.svg)', src);
      }
      const image = {
        src,
        // An empty alt tells a screen reader the picture is decorative: acceptable, beside its headline, only
        // until an editor describes a picture that arrived from outside without one.
        alt: r.text('image.alt', img.alt, { required: !r.fromOutside, max: imageTextLimits.alt }),
        caption: r.text('image.caption', img.caption, { max: imageTextLimits.caption }),
        credit: r.text('image.credit', img.credit, { max: imageTextLimits.credit }),
      };
      for (const key of Object.keys(img)) if (!['src', 'alt', 'caption', 'credit'].includes(key)) r.add(`image.${key}`, 'unknown field');
      return image;
    },
    write({ image }) {
      if (!image) return undefined;
      const { src, alt, caption, credit } = image;
      return { src, alt, ...(caption && { caption }), ...(credit && { credit }) };
    },
    fromSnapshot: (s) =>
      s.imageSrc ? { src: s.imageSrc, alt: s.imageAlt ?? '', caption: s.imageCaption ?? '', credit: s.imageCredit ?? '' } : undefined,
  }),
  field({
    key: 'source',
    property: 'source',
    read(value, r) {
      const src = optionalMapping('source', value, r);
      if (!src) return undefined;
      const display = src.display ?? 'excerpt';
      if (display !== 'full' && display !== 'excerpt') r.add('source.display', 'must be full or excerpt', display);
      const sourceUrl = r.url('source.url', src.url);
      if (src.url === undefined) r.add('source.url', 'is required: the address of the original piece');
      const source: NonNullable<ArticleInput['source']> = {
        publication: r.text('source.publication', src.publication, { required: true, max: 200 }),
        section: r.text('source.section', src.section, { max: 200 }),
        url: sourceUrl ?? '',
        date: r.date('source.date', src.date, false)?.iso,
        licence: r.text('source.licence', src.licence, { max: 300 }),
        display: display === 'full' ? 'full' : 'excerpt',
      };
      for (const key of Object.keys(src)) {
        if (!['publication', 'section', 'url', 'date', 'licence', 'license', 'display'].includes(key)) r.add(`source.${key}`, 'unknown field');
      }
      if (src.license !== undefined && src.licence === undefined) source.licence = r.text('source.license', src.license);
      return source;
    },
    write({ source }) {
      if (!source) return undefined;
      const { publication, section, url, date, licence, display } = source;
      return { publication, ...(section && { section }), url, ...(date && { date }), ...(licence && { licence }), display };
    },
    fromSnapshot: (s) =>
      s.sourcePublication
        ? {
            publication: s.sourcePublication,
            section: s.sourceSection ?? '',
            url: s.sourceUrl ?? '',
            date: s.sourceDate ?? undefined,
            licence: s.sourceLicence ?? '',
            display: s.sourceDisplay === 'full' ? 'full' : 'excerpt',
          }
        : undefined,
  }),
  field({
    key: 'canonical',
    property: 'canonicalUrl',
    checkedLast: true,
    read: (value, r) => r.url('canonical', value),
    write: (a) => a.canonicalUrl || undefined,
    fromSnapshot: (s) => s.canonicalUrl ?? undefined,
  }),
  field({
    key: 'corrections',
    property: 'corrections',
    read(value, r) {
      const corrections: ArticleInput['corrections'] = [];
      if (value === undefined) return corrections;
      if (!Array.isArray(value)) {
        r.add('corrections', 'must be a list of { date, text }', value);
        return corrections;
      }
      const published = parseZonedDate(r.earlier.publishedAt);
      value.forEach((entry: unknown, index: number) => {
        const at = `corrections[${index}]`;
        const c = r.mapping(at, entry);
        if (!c) return;
        const when = r.date(`${at}.date`, c.date, true);
        const text = r.text(`${at}.text`, c.text, { required: true, max: 2000 });
        if (when && published && when.ts < published.ts) r.add(`${at}.date`, 'must not be earlier than date', c.date);
        if (when && text) corrections.push({ date: when.iso, text });
      });
      return corrections;
    },
    write: (a) => listWritten(a.corrections.map(({ date, text }) => ({ date, text }))),
    fromSnapshot: (s) => s.corrections,
  }),
  field({
    key: 'comments',
    property: 'commentsOpen',
    read(value, r) {
      if (value === undefined) return true;
      if (value === 'open' || value === 'closed') return value === 'open';
      r.add('comments', 'must be open or closed', value);
      return true;
    },
    write: (a) => (a.commentsOpen ? undefined : 'closed'),
    fromSnapshot: (s) => s.commentsOpen === 1,
  }),
  field({
    key: 'aliases',
    property: 'aliases',
    read(value, r) {
      const aliases = r.list('aliases', value);
      for (const alias of aliases) {
        if (!isSlug(alias)) r.add('aliases', 'must be URL-safe slugs', alias);
        else if (alias === r.earlier.slug) r.add('aliases', 'must differ from the slug itself', alias);
      }
      return aliases;
    },
    write: (a) => listWritten(a.aliases),
    fromSnapshot: (s) => s.aliases,
  }),
] as const satisfies readonly ArticleField[];

// Does not compile while ArticleInput has a front-matter property that articleFields leaves undescribed.
type Undescribed = Exclude<FieldProperty, (typeof articleFields)[number]['property']>;
const everyFieldDescribed: [Undescribed] extends [never] ? true : Undescribed = true;

/** frontMatterKeys lists every key the front matter accepts, in documented order. */
export const frontMatterKeys: readonly string[] = articleFields.flatMap((f) => [f.key, ...(f.also ?? [])]);

/**
 * storedOrder is articleFields in the order an article's properties are stored and hashed (slug and type before
 * title): an article built in another order would change every content hash and look edited.
 */
export const storedOrder: readonly ArticleField[] = [
  ...articleFields.filter((f) => f.property === 'slug' || f.property === 'type'),
  ...articleFields.filter((f) => f.property !== 'slug' && f.property !== 'type'),
];

/** articleFrom builds an article from each field's value and the body, keys in storedOrder. */
export function articleFrom(valueOf: (field: ArticleField) => unknown, bodyMarkdown: string): ArticleInput {
  const fields = Object.fromEntries(storedOrder.map((field) => [field.property, valueOf(field)]));
  return { ...fields, bodyMarkdown } as ArticleInput;
}
