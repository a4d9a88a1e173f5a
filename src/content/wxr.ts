import { htmlLimitProblem } from './body-limits.js';
import { emptyConversion, type Conversion, type ConversionOptions, type ImportedComment, type SourceAuthor } from './converted.js';
import { parseLocalDate, type ZonedDate } from './dates.js';
import { parseRfc822Date, parseWordPressGmt } from './feed-dates.js';
import { htmlToMarkdown, htmlToText, nameFromMarkup } from './html-to-markdown.js';
import { leadImage, type Note } from './lead-image.js';
import { isSlug, slugFromPostName, slugify } from './slug.js';
import { wxrBylines } from './wxr-authors.js';
import { parseXml, xmlAttr, xmlList, xmlText, type XmlNode } from './xml-reader.js';

// WordPress statuses: which become drafts, which are published, and which are not pieces at all.
const publishedStatuses = new Set(['publish', 'future']);
const draftStatuses = new Set(['draft', 'pending', 'private']);
const importedTypes = new Set(['post', 'page']);

// Shortcodes WordPress itself registers; any other [name ...] counts only with attributes or a closing tag,
// so "[sic]" in running text is left alone.
const coreShortcodes = new Set(['caption', 'wp_caption', 'gallery', 'audio', 'video', 'playlist', 'embed']);
const shortcodeTag = /\[(\/?)([a-zA-Z_][\w-]*)((?:\s[^\]]*)?)\/?\]/g;

/**
 * stripShortcodes removes WordPress shortcode tags, keeping the content of enclosing ones ([caption]'s image and
 * text), and returns the names removed so the editor is told.
 */
export function stripShortcodes(html: string): { html: string; removed: string[] } {
  const closed = new Set([...html.matchAll(/\[\/([a-zA-Z_][\w-]*)\]/g)].map((m) => m[1]!.toLowerCase()));
  const removed = new Set<string>();
  const out = html.replace(shortcodeTag, (whole, closing: string, name: string, attributes: string) => {
    const key = name.toLowerCase();
    if (!coreShortcodes.has(key) && !closed.has(key) && !(closing === '' && attributes.includes('='))) return whole;
    removed.add(key);
    return '';
  });
  return { html: out, removed: [...removed].sort() };
}

const blockStart = /^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|section|article)\b/i;

/** autoParagraph does what WordPress does when it shows a post: blank lines separate paragraphs, newlines break lines. */
export function autoParagraph(html: string): string {
  return html
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (blockStart.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/**
 * wordPressDate reads a WordPress date pair: the GMT one when WordPress wrote it, else the local one (drafts
 * never saved as published have only that) in the site's time zone, which the export does not name.
 */
function wordPressDate(gmt: string, local: string, timeZone: string | undefined): { date?: ZonedDate; local: boolean } {
  const date = parseWordPressGmt(gmt);
  if (date) return { date, local: false };
  const fromLocal = timeZone && !local.trim().startsWith('0000') ? parseLocalDate(local, timeZone) : undefined;
  return { date: fromLocal, local: fromLocal !== undefined };
}

function itemComments(item: XmlNode, articleSlug: string, leftOut: Record<string, number>, timeZone: string | undefined): ImportedComment[] {
  const comments: ImportedComment[] = [];
  for (const c of xmlList(item['wp:comment'])) {
    const type = xmlText(c['wp:comment_type']) || 'comment';
    const approved = xmlText(c['wp:comment_approved']);
    const { date } = wordPressDate(xmlText(c['wp:comment_date_gmt']), xmlText(c['wp:comment_date']), timeZone);
    const kind = type !== 'comment' ? type : approved === '1' ? (date ? 'approved' : 'undated') : approved === '0' ? 'pending' : approved || 'pending';
    if (kind !== 'approved') {
      leftOut[kind] = (leftOut[kind] ?? 0) + 1;
      continue;
    }
    const parent = xmlText(c['wp:comment_parent']);
    comments.push({
      articleSlug,
      wordpressId: xmlText(c['wp:comment_id']),
      parentWordpressId: parent && parent !== '0' ? parent : null,
      authorName: nameFromMarkup(xmlText(c['wp:comment_author'])),
      authorEmail: xmlText(c['wp:comment_author_email']),
      authorUrl: xmlText(c['wp:comment_author_url']),
      date: date!.iso,
      text: autoParagraph(xmlText(c['wp:comment_content']))
        .split(/<\/p>\s*/)
        .map((p) => htmlToText(p))
        .filter(Boolean)
        .join('\n\n'),
    });
  }
  return comments;
}

/** importedPostSlugs lists the slugs of the posts an export imports, so a page can step aside from them. */
function importedPostSlugs(items: readonly XmlNode[]): Set<string> {
  const slugs = new Set<string>();
  for (const item of items) {
    const status = xmlText(item['wp:status']) || 'publish';
    if ((xmlText(item['wp:post_type']) || 'post') !== 'post' || !(publishedStatuses.has(status) || draftStatuses.has(status))) continue;
    slugs.add(xmlText(item['wp:post_name']) || slugify(htmlToText(xmlText(item.title))));
  }
  return slugs;
}

/** postMeta returns the value of an item's first wp:postmeta with this key, or ''. */
function postMeta(item: XmlNode, key: string): string {
  return xmlText(xmlList(item['wp:postmeta']).find((meta) => xmlText(meta['wp:meta_key']) === key)?.['wp:meta_value']);
}

/** attachmentsById maps each attachment item of an export to its wp:post_id, for the featured images posts name. */
function attachmentsById(items: readonly XmlNode[]): Map<string, XmlNode> {
  return new Map(items.filter((item) => xmlText(item['wp:post_type']) === 'attachment').map((item) => [xmlText(item['wp:post_id']), item]));
}

/**
 * featuredImage is a post's featured image as front matter: the attachment its `_thumbnail_id` names, at its
 * wp:attachment_url (else its guid, as WordPress's own importer falls back to), with the attachment's alt text
 * and its caption (the attachment's excerpt). A featured image whose attachment the export left out is noted.
 */
function featuredImage(item: XmlNode, attachments: ReadonlyMap<string, XmlNode>, note: Note): Record<string, string> | undefined {
  const id = postMeta(item, '_thumbnail_id');
  if (!/^[1-9]\d*$/.test(id)) return undefined;
  const attachment = attachments.get(id);
  if (!attachment) {
    note('_thumbnail_id', `names attachment ${id} as the featured image, but the export does not hold it (export all content to bring attachments): the piece has no lead image`, id);
    return undefined;
  }
  return leadImage(
    {
      src: xmlText(attachment['wp:attachment_url']) || xmlText(xmlList(attachment.guid)[0]),
      alt: htmlToText(postMeta(attachment, '_wp_attachment_image_alt')),
      caption: htmlToText(xmlText(attachment['excerpt:encoded'])),
    },
    '_thumbnail_id',
    note,
  );
}

/** freeSlug returns the slug, or the slug with -2, -3… when a piece of the export already has it. */
function freeSlug(slug: string, taken: ReadonlySet<string>): string {
  let candidate = slug;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${slug}-${n}`;
  return candidate;
}

/**
 * convertWxr turns the posts and pages of a WordPress export (WXR) into pieces: status, GMT dates, slugs,
 * authors, categories (the first is the section) and tags, excerpts, featured images as lead images, HTML
 * converted to Markdown, and approved comments. Authors the export names and the registry lacks are returned for the import to add. A page whose
 * slug a post also has is renamed "<slug>-page". Other post types, trashed items and leftover shortcodes are
 * reported, never dropped silently.
 */
export function convertWxr(doc: XmlNode, file: string, options: ConversionOptions): Conversion {
  const result = emptyConversion();
  const channel = ((doc.rss as XmlNode).channel ?? {}) as XmlNode;
  const items = xmlList(channel.item);
  if (items.length === 0) {
    result.problems.push({ file, field: 'item', message: 'the WordPress export has no items: export posts from WordPress (Tools › Export) and try again' });
    return result;
  }
  const bylines = wxrBylines(channel, file, options.knownAuthor ?? (() => false));
  const postSlugs = importedPostSlugs(items);
  const attachments = attachmentsById(items);
  // Slugs given so far, with every post's: WordPress keeps post_name unique per type, but exports (and test data)
  // repeat one, and WordPress's own importer then numbers the later one, as we do.
  const taken = new Set(postSlugs);
  const given = new Set<string>();

  items.forEach((item, index) => {
    const postType = xmlText(item['wp:post_type']) || 'post';
    const status = xmlText(item['wp:status']) || 'publish';
    const title = htmlToText(xmlText(item.title));
    const label = `${file} item ${index + 1}`;
    const rawSlug = slugFromPostName(xmlText(item['wp:post_name']));
    // WordPress lets a post name be almost anything (`draft-post.html`, an emoji); such a name is made a slug by
    // the title's rules, and the editor told, rather than refused.
    const madeSafe = rawSlug && !isSlug(rawSlug) ? slugify(rawSlug) || slugify(title) : '';
    const wanted = madeSafe || rawSlug || slugify(title);
    // Pages live beside posts in WordPress but share one address space here: the post keeps the slug.
    const isPage = postType === 'page';
    const clash = wanted !== '' && (given.has(wanted) || (isPage && postSlugs.has(wanted)));
    const slug = !clash ? wanted : freeSlug(isPage ? `${wanted}-page` : wanted, taken);
    // A skipped item is shown by its name as WordPress had it, so the editor can find it there.
    const skip = (reason: string) => result.skipped.push({ file: label, slug: rawSlug || slug || '(none)', reason });
    if (!importedTypes.has(postType)) return skip(`WordPress post type "${postType}" is not imported (only posts and pages are)`);
    if (!publishedStatuses.has(status) && !draftStatuses.has(status)) return skip(`WordPress status "${status}" is not imported`);

    const problemsBefore = result.problems.length;
    const add = (field: string, message: string, value?: unknown) => result.problems.push({ file: label, field, message, value });
    const note = (field: string, message: string, value?: unknown) => result.warnings.push({ file: label, field, message, value });
    if (!rawSlug && slug) note('wp:post_name', `is empty (usual for drafts); the slug "${slug}" was made from the title`);
    if (madeSafe) note('wp:post_name', `is not a URL-safe slug; the piece's slug is "${slug}"`, rawSlug);
    if (isPage) note('wp:post_type', 'is a WordPress page; it is imported as a piece');
    given.add(slug);
    taken.add(slug);
    if (slug !== wanted) {
      const why = isPage ? `is also a post's slug; the page is imported as "${slug}" and the post keeps "${wanted}"` : `is also the slug of an earlier post in this export; this one is imported as "${slug}"`;
      note('wp:post_name', why, wanted);
    }
    if (status === 'private' || status === 'pending') note('wp:status', `is "${status}"; the piece is imported as a draft`);

    const localDate = xmlText(item['wp:post_date']);
    const wp = wordPressDate(xmlText(item['wp:post_date_gmt']), localDate, options.timeZone);
    // pubDate is WordPress's GMT date again, in RFC 822; it is read only when neither wp: date is there.
    const date = wp.date ?? parseRfc822Date(xmlText(item.pubDate)) ?? (options.date ? { iso: options.date, ts: 0 } : undefined);
    if (!date) add('wp:post_date', 'has no date that can be read (neither wp:post_date_gmt, wp:post_date nor pubDate); pass --date', localDate || xmlText(item['wp:post_date_gmt']));
    if (wp.local) note('wp:post_date', `has no GMT date (WordPress leaves it empty for drafts); the local time was read in the site's time zone, ${options.timeZone}`, localDate);

    let authors = options.authors ?? [];
    let newAuthors: SourceAuthor[] = [];
    if (authors.length === 0) {
      const found = bylines(item);
      const login = xmlText(item['dc:creator']).trim();
      if (found.length === 0) {
        add('dc:creator', login ? 'gives no author slug; pass --author with an author slug from the registry' : 'names no author; pass --author with an author slug from the registry', login || undefined);
      }
      authors = found.map((b) => b.slug);
      newAuthors = found.flatMap((b) => (b.add ? [b.add] : []));
    }

    const categories = xmlList(item.category);
    const names = (domain: string) =>
      categories.filter((c) => xmlAttr(c, 'domain') === domain).map((c) => htmlToText(xmlText(c))).filter(Boolean);
    const sections = names('category').filter((name) => slugify(name) !== 'uncategorized');
    const tags = [...sections.slice(1), ...names('post_tag'), ...(options.tags ?? [])];
    if (sections.length > 1) note('category', `has ${sections.length} categories; the first is the section, the rest become tags`, sections);

    const { html, removed } = stripShortcodes(xmlText(item['content:encoded']));
    if (removed.length > 0) {
      note('content:encoded', `leftover WordPress shortcodes were removed (their inner text kept): ${removed.map((name) => `[${name}]`).join(', ')}`);
    }
    // Turndown recurses once per level of nesting: check the HTML's shape before converting it.
    const limit = htmlLimitProblem(html);
    if (limit) add('content:encoded', limit.message);
    const body = limit ? '' : htmlToMarkdown(autoParagraph(html));
    const summary = htmlToText(stripShortcodes(xmlText(item['excerpt:encoded'])).html);
    if (summary.length > 600) note('excerpt:encoded', 'is longer than 600 characters and was left out; add a summary by hand');

    const image = featuredImage(item, attachments, note);

    if (!date || result.problems.length > problemsBefore) return;
    result.comments.push(...itemComments(item, slug, result.commentsLeftOut, options.timeZone));
    for (const author of newAuthors) if (!result.authors.some((a) => a.slug === author.slug)) result.authors.push(author);
    result.pieces.push({
      label,
      frontMatter: {
        title,
        slug,
        type: options.type ?? 'op-ed',
        ...(summary && summary.length <= 600 && { summary }),
        ...((options.section || sections[0]) && { section: options.section || sections[0] }),
        date: date.iso,
        ...(draftStatuses.has(status) && { draft: true }),
        authors,
        ...(tags.length > 0 && { tags }),
        ...(image && { image }),
        ...(xmlText(item['wp:comment_status']) === 'closed' && { comments: 'closed' }),
      },
      body,
    });
  });
  return result;
}

/**
 * wxrComments returns the approved reader comments of a WordPress export, each naming its piece's slug, for
 * a comments store to save. Pingbacks, trackbacks and unapproved, spam or trashed comments are left out.
 */
export function wxrComments(xml: string, file = 'export.xml'): ImportedComment[] {
  const { doc } = parseXml(xml, file);
  if (!doc) return [];
  return doc.rss ? convertWxr(doc, file, {}).comments : [];
}
