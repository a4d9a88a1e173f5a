import { htmlLimitProblem } from './body-limits.js';
import type { Problem } from './content-error.js';
import { emptyConversion, type Conversion, type ConversionOptions, type SourceAuthor } from './converted.js';
import { parseFeedDate } from './feed-dates.js';
import { feedContents, type FeedEntry } from './feed-entries.js';
import { htmlToMarkdown, htmlToText } from './html-to-markdown.js';
import { leadImage, type Note } from './lead-image.js';
import { slugify } from './slug.js';
import type { XmlNode } from './xml-reader.js';

/** The longest headline a piece may have (front matter `title`). */
const maxTitle = 200;

/**
 * fitTitle keeps a headline within the 200 characters a piece's title may have: a longer one (a Reddit post's
 * whole first sentence) is cut at the last word that fits and ends with "…", rather than refusing the item.
 */
export function fitTitle(title: string): string {
  if (title.length <= maxTitle) return title;
  const cut = title.slice(0, maxTitle - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxTitle / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

// The item's body from its first text that converts to something, so a content that loses everything (a lone
// http image, dropped) falls back to the summary, and the other way round; the one left over is the summary.
function bodyAndSummary(entry: FeedEntry, textField: string, add: (field: string, message: string) => void): { body: string; summary: string } {
  for (const [index, text] of entry.texts.entries()) {
    // Turndown recurses once per level of nesting: check the HTML's shape before converting it.
    const limit = htmlLimitProblem(text.html);
    if (limit) {
      add(text.field, limit.message);
      return { body: '', summary: '' };
    }
    const body = htmlToMarkdown(text.html);
    // A bare link left where an image was dropped ("[](https://…)") says nothing, and nor does an image with
    // no alt text: neither is text to import. An image that is described is.
    if (!body || (!htmlToText(text.html) && !/!\[[^\]]/.test(body))) continue;
    const rest = entry.texts.find((_, other) => other !== index);
    return { body, summary: rest && index === 0 ? htmlToText(rest.html) : '' };
  }
  const fields = entry.texts.map((t) => t.field).join(' and ');
  add(entry.texts[0]?.field ?? textField, entry.texts.length > 0 ? `(${fields}) has nothing left to show once converted: the item has no text to import` : 'is empty: the item has no text to import');
  return { body: '', summary: '' };
}

// A picture declared narrower than this is a list's thumbnail (Blogger's 72-pixel s72-c, an avatar), too small
// to lead a piece: the article's lead is shown up to 640 pixels wide.
const minLeadWidth = 200;

/** entryImage is the front matter's image for an entry's picture, unless it is a thumbnail too small to lead with. */
function entryImage(entry: FeedEntry, headline: string, note: Note): Record<string, string> | undefined {
  if (!entry.image) return undefined;
  const { field, image, width } = entry.image;
  if (width > 0 && width < minLeadWidth) {
    note(field, `is ${width} pixels wide, a thumbnail too small to lead the piece: the piece has no lead image`, image.src);
    return undefined;
  }
  // A media:title that repeats the headline (Reddit's) describes nothing a reader has not just read.
  return leadImage({ ...image, alt: image.alt === headline ? '' : image.alt }, field, note);
}

/** hostOf returns the host an http(s) address names, without a leading "www.", or '' for anything else. */
function hostOf(link: string): string {
  try {
    const url = new URL(link);
    return /^https?:$/.test(url.protocol) ? url.hostname.replace(/^www\./, '') : '';
  } catch {
    return '';
  }
}

/**
 * convertFeed turns each item of an RSS or Atom feed into a syndicated piece: source block from the feed title
 * (or --source-name) and the item's link and date, shown as an excerpt unless --display full. Its bylines become
 * the piece's authors and the conversion's, for the registry, unless --author names them; its picture (Media
 * RSS, an image enclosure) its lead image.
 */
export function convertFeed(doc: XmlNode, kind: 'rss' | 'atom', file: string, options: ConversionOptions): Conversion {
  const result = emptyConversion();
  // A feed named by its URL is shown by that URL: it is the document address relative links are read against.
  const { title: feedTitle, entries, entryField } = feedContents(doc, kind, /^https?:\/\//i.test(file) ? file : undefined);
  // A feed without a title still says where its pieces come from: the site its items link to names it.
  const linkedHost = feedTitle || options.sourceName ? '' : hostOf(entries.map((e) => e.link).find((link) => hostOf(link)) ?? '');
  const publication = options.sourceName || feedTitle || linkedHost;
  if (!publication) {
    result.problems.push({ file, field: 'title', message: 'the feed has no title to name the publication; pass --source-name' });
  } else if (linkedHost) {
    result.warnings.push({ file, field: 'title', message: `the feed has no title: its pieces are credited to ${linkedHost}, the site they link to; pass --source-name to name the publication` });
  }
  if (entries.length === 0) {
    result.warnings.push({ file, field: entryField, message: 'the feed has no items: nothing to import' });
  }
  const authorsBySlug = new Map<string, SourceAuthor>();
  entries.forEach((entry, index) => {
    const label = `${file} item ${index + 1}`;
    const problems: Problem[] = [];
    const add = (field: string, message: string, value?: unknown) => problems.push({ file: label, field, message, value });

    const fullTitle = htmlToText(entry.title);
    if (!fullTitle) add('title', 'is missing: every item needs a headline');
    const title = fitTitle(fullTitle);
    if (title !== fullTitle) {
      result.warnings.push({ file: label, field: 'title', message: `is longer than ${maxTitle} characters: cut at a word, ending "…"`, value: fullTitle });
    }
    const slug = slugify(title);

    let url = '';
    if (!entry.link) add('link', 'is missing: a syndicated piece needs the address of the original');
    else if (!/^https?:\/\//i.test(entry.link)) add('link', 'must be an absolute http(s) URL, and the feed gives no base (xml:base or channel link) to read it against', entry.link);
    else url = entry.link;

    const date = entry.dateText ? parseFeedDate(entry.dateText) : undefined;
    if (!entry.dateText) add(entry.dateField, 'is missing: the date comes from the item and is never guessed');
    else if (!date) add(entry.dateField, 'must be a date and time with a time zone (RFC 822 or ISO 8601)', entry.dateText);

    let authors = options.authors ?? [];
    const bylines: SourceAuthor[] = [];
    if (authors.length === 0) {
      for (const byline of entry.bylines) {
        const authorSlug = slugify(byline.name);
        if (authorSlug && !bylines.some((b) => b.slug === authorSlug)) bylines.push({ slug: authorSlug, name: byline.name, ...(byline.email && { email: byline.email }), label: file });
      }
      authors = bylines.map((b) => b.slug);
      if (authors.length === 0) add('author', 'the item names no author (dc:creator, author, itunes:author); pass --author with an author slug from the registry');
    }

    const { body, summary } = bodyAndSummary(entry, entryField === 'item' ? 'description' : 'content', add);
    if (problems.length > 0 || !date) {
      result.problems.push(...problems);
      return;
    }
    const image = entryImage(entry, fullTitle, (field, message, value) => result.warnings.push({ file: label, field, message, value }));
    for (const byline of bylines) if (!authorsBySlug.has(byline.slug)) authorsBySlug.set(byline.slug, byline);
    result.pieces.push({
      label,
      frontMatter: {
        title,
        slug,
        type: options.type ?? 'op-ed',
        ...(summary && summary.length <= 600 && { summary }),
        ...(options.section && { section: options.section }),
        date: date.iso,
        authors,
        ...(entry.categories.length + (options.tags?.length ?? 0) > 0 && { tags: [...entry.categories, ...(options.tags ?? [])] }),
        source: {
          publication,
          ...(options.sourceSection && { section: options.sourceSection }),
          url,
          date: date.iso,
          display: options.display ?? 'excerpt',
        },
        canonical: url,
        ...(image && { image }),
      },
      body,
    });
  });
  result.authors.push(...authorsBySlug.values());
  return result;
}
