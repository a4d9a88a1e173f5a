import { htmlLimitProblem } from './body-limits.js';
import { compactFrontMatter, emptyConversion, type Conversion, type ConversionOptions, type SourceAuthor } from './converted.js';
import { parseLocalDate, type ZonedDate } from './dates.js';
import { readLexical, readMobiledoc, type ReadBody } from './ghost-bodies.js';
import { htmlToMarkdown, htmlToText } from './html-to-markdown.js';
import { leadImage, type Note } from './lead-image.js';
import { isSlug, slugify } from './slug.js';

type Row = Record<string, unknown>;

/** The tables of a Ghost export this importer reads; rows of the others (settings, members, ...) are ignored. */
interface GhostTables {
  posts: Row[];
  users: Row[];
  tags: Row[];
  postsTags: Row[];
  postsAuthors: Row[];
  /** Ghost 4 onwards keeps a post's feature image alt text and caption here, by post_id. */
  postsMeta: Row[];
}

const rows = (value: unknown): Row[] => (Array.isArray(value) ? value.filter((r): r is Row => r !== null && typeof r === 'object') : []);
const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

/**
 * ghostTables finds the tables in the shapes Ghost writes: Labs › Export's `{db: [{meta, data}]}`, the bare
 * `{meta, data}` of older versions and tools, and the Admin/Content API's `{posts: [...]}` with each post's
 * authors and tags inside it. Anything else is undefined.
 */
export function ghostTables(json: unknown): GhostTables | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const top = json as Row;
  const db = Array.isArray(top.db) ? (top.db[0] as Row | undefined) : top;
  const data = (db?.data ?? (Array.isArray(top.posts) ? top : undefined)) as Row | undefined;
  if (!data || typeof data !== 'object' || !Array.isArray(data.posts)) return undefined;
  return {
    posts: rows(data.posts),
    users: rows(data.users),
    tags: rows(data.tags),
    postsTags: rows(data.posts_tags),
    postsAuthors: rows(data.posts_authors),
    postsMeta: rows(data.posts_meta),
  };
}

/** related lists the rows a join table links to a post, in Ghost's sort_order. */
function related(join: Row[], postId: string, key: string, byId: Map<string, Row>): Row[] {
  return join
    .filter((r) => str(r.post_id) === postId)
    .sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))
    .map((r) => byId.get(str(r[key])))
    .filter((r): r is Row => r !== undefined);
}

/** ghostDate reads a Ghost timestamp: ISO 8601 (JSON export), `2014-01-01 10:00:00` (database form, always UTC) or epoch ms. */
function ghostDate(value: unknown): ZonedDate | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return parseLocalDate(new Date(value).toISOString().replace(/\.\d+Z$/, 'Z'), 'UTC');
  return parseLocalDate(str(value).replace(/\.\d+(?=Z|[+-]\d{2}:?\d{2}$|$)/, ''), 'UTC');
}

/** A post's body in Markdown, from its html, else its Lexical or Mobiledoc JSON, else Ghost 0.x's markdown. */
function ghostBody(post: Row): { markdown: string; from: string; unread: string[]; problem?: string } {
  const html = str(post.html);
  if (html) {
    const limit = htmlLimitProblem(html);
    return limit ? { markdown: '', from: 'html', unread: [], problem: limit.message } : { markdown: htmlToMarkdown(html), from: 'html', unread: [] };
  }
  const tried: [string, (text: string) => ReadBody | undefined][] = [['lexical', readLexical], ['mobiledoc', readMobiledoc]];
  for (const [from, reader] of tried) {
    const text = str(post[from]);
    const read = text ? reader(text) : undefined;
    if (!read) continue;
    const parts = read.blocks.map((block) => ('markdown' in block ? block.markdown.trim() : htmlToMarkdown(block.html))).filter(Boolean);
    return { markdown: parts.join('\n\n'), from, unread: read.unread };
  }
  if (str(post.markdown)) return { markdown: str(post.markdown), from: 'markdown', unread: [] };
  return { markdown: '', from: 'html', unread: [], problem: 'the post has neither html nor a Lexical or Mobiledoc body this importer can read' };
}

/**
 * featureImage is a post's feature_image as front matter, with its alt text and caption (on the post in Ghost 3
 * and API answers, in posts_meta since Ghost 4). An image stored on the Ghost site itself (`__GHOST_URL__/content/
 * images/…`, or a path) is not in the export and has no address to fetch it from: it is noted instead.
 */
function featureImage(post: Row, meta: Row | undefined, note: Note): Record<string, string> | undefined {
  const src = str(post.feature_image);
  if (!src) return undefined;
  if (!/^https?:\/\//i.test(src)) {
    note('feature_image', "is stored on the Ghost site itself, which the export does not carry: copy the file into content/media/ and set image in the piece's front matter", src);
    return undefined;
  }
  const alt = str(post.feature_image_alt) || str(meta?.feature_image_alt);
  const caption = str(post.feature_image_caption) || str(meta?.feature_image_caption);
  return leadImage({ src, alt: htmlToText(alt), caption: htmlToText(caption) }, 'feature_image', note);
}

/**
 * convertGhostExport turns the posts and pages of a Ghost export (Labs › Export JSON) into pieces: status and
 * visibility, dates, slugs, authors (with their registry entries), public tags, custom excerpts, canonical URLs,
 * feature images and bodies (html, else Lexical or Mobiledoc). Internal #tags, feature images on the Ghost site
 * itself and cards that cannot be read are reported, never dropped silently. See
 * https://ghost.org/docs/migration/custom/ for the format.
 */
export function convertGhostExport(text: string, file: string, options: ConversionOptions): Conversion {
  const result = emptyConversion();
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    result.problems.push({ file, field: 'json', message: `is not valid JSON: ${(error as Error).message}` });
    return result;
  }
  const tables = ghostTables(json);
  if (!tables) {
    result.problems.push({ file, field: 'json', message: 'is JSON but not a Ghost export: expected {"db": [{"meta", "data": {"posts": ...}}]} as Ghost\'s Labs › Export writes it' });
    return result;
  }
  if (tables.posts.length === 0) {
    result.problems.push({ file, field: 'posts', message: 'the Ghost export has no posts: export the content from Ghost (Settings › Labs › Export) and try again' });
    return result;
  }
  const users = new Map(tables.users.map((u) => [str(u.id), u]));
  const tags = new Map(tables.tags.map((t) => [str(t.id), t]));
  const metas = new Map(tables.postsMeta.map((m) => [str(m.post_id), m]));
  const authorsFound = new Map<string, SourceAuthor>();
  const internalTags = new Set<string>();

  tables.posts.forEach((post, index) => {
    const label = `${file} post ${index + 1}`;
    const title = htmlToText(str(post.title));
    const rawSlug = str(post.slug);
    const slug = isSlug(rawSlug) ? rawSlug : slugify(rawSlug) || slugify(title);
    const status = str(post.status) || 'published';
    const skip = (reason: string) => result.skipped.push({ file: label, slug: slug || '(none)', reason });
    if (!['published', 'scheduled', 'draft', 'sent'].includes(status)) return skip(`Ghost status "${status}" is not imported`);

    const problemsBefore = result.problems.length;
    const add = (field: string, message: string, value?: unknown) => result.problems.push({ file: label, field, message, value });
    const note = (field: string, message: string, value?: unknown) => result.warnings.push({ file: label, field, message, value });
    if (rawSlug !== slug) note('slug', `is not a URL-safe slug; "${slug}" is used instead`, rawSlug);
    if (!slug) add('slug', 'is missing and the title gives none', rawSlug);
    if (str(post.type) === 'page' || post.page === true || post.page === 1) note('type', 'is a Ghost page; it is imported as a piece');
    let draft = status === 'draft';
    if (status === 'sent') {
      note('status', 'is "sent" (a newsletter that was not published on the site); the piece is imported as a draft');
      draft = true;
    }
    const visibility = str(post.visibility) || 'public';
    if (visibility !== 'public') {
      note('visibility', `is "${visibility}" (for members only); Broadsheet has no members-only pieces, so it is imported as a draft`);
      draft = true;
    }

    const dateField = ['published_at', 'created_at', 'updated_at'].find((key) => post[key] !== null && post[key] !== undefined && post[key] !== '');
    const date = dateField ? ghostDate(post[dateField]) : options.date ? { iso: options.date, ts: 0 } : undefined;
    if (!date) add(dateField ?? 'published_at', dateField ? 'is not a date Ghost writes' : 'the post has no date; pass --date', dateField && post[dateField]);
    if (dateField && dateField !== 'published_at' && date) note(dateField, `gives the date: the post has no published_at`);
    const updated = ghostDate(post.updated_at);

    const postId = str(post.id);
    let authorRows = related(tables.postsAuthors, postId, 'author_id', users);
    if (authorRows.length === 0 && users.has(str(post.author_id))) authorRows = [users.get(str(post.author_id))!];
    if (authorRows.length === 0) authorRows = rows(post.authors);
    const authors = [...(options.authors ?? [])];
    if (authors.length === 0) {
      for (const user of authorRows) {
        const authorSlug = isSlug(str(user.slug)) ? str(user.slug) : slugify(str(user.name));
        if (!authorSlug || authors.includes(authorSlug)) continue;
        authors.push(authorSlug);
        if (!authorsFound.has(authorSlug)) authorsFound.set(authorSlug, ghostAuthor(user, authorSlug, file));
      }
      if (authors.length === 0) add('authors', 'the post names no author; pass --author with an author slug from the registry');
    }

    const tagRows = [...related(tables.postsTags, postId, 'tag_id', tags), ...rows(post.tags)];
    const publicTags: string[] = [];
    for (const tag of tagRows) {
      const name = str(tag.name);
      if (name.startsWith('#') || str(tag.visibility) === 'internal') internalTags.add(name || str(tag.slug));
      else if (name && !publicTags.includes(name)) publicTags.push(name);
    }
    const allTags = [...publicTags, ...(options.tags ?? [])];

    const summary = htmlToText(str(post.custom_excerpt) || str(post.meta_description));
    if (summary.length > 600) note(str(post.custom_excerpt) ? 'custom_excerpt' : 'meta_description', 'is longer than 600 characters and was left out; add a summary by hand');
    const canonical = str(post.canonical_url);
    const canonicalOk = /^https?:\/\/\S+$/i.test(canonical);
    if (canonical && !canonicalOk) note('canonical_url', 'is not an absolute http(s) URL and was left out', canonical);
    const image = featureImage(post, metas.get(postId), note);

    const body = ghostBody(post);
    if (body.problem) add(body.from, body.problem);
    else if (!body.markdown) add(body.from, 'gives an empty body');
    if (body.unread.length > 0 && !body.problem) note(body.from, `these parts could not be read and were left out: ${[...new Set(body.unread)].join(', ')}`);

    if (!date || result.problems.length > problemsBefore) return;
    result.pieces.push({
      label,
      // Ghost's updated_at moves with every save; a draft has not been published to be updated.
      frontMatter: compactFrontMatter({
        title,
        slug,
        type: options.type ?? 'op-ed',
        summary: summary.length <= 600 ? summary : undefined,
        section: options.section,
        date: date.iso,
        updated: updated && updated.ts > date.ts && !draft ? updated.iso : undefined,
        draft,
        authors,
        tags: allTags,
        canonical: canonicalOk ? canonical : undefined,
        image,
      }),
      body: body.markdown,
    });
  });
  if (internalTags.size > 0) {
    result.warnings.push({ file, field: 'tags', message: `internal tags are Ghost's own labels and were not imported: ${[...internalTags].join(', ')}` });
  }
  result.authors.push(...authorsFound.values());
  return result;
}

/** ghostAuthor is the registry entry a Ghost user (staff member) gives: name, email (never published), bio and website. */
function ghostAuthor(user: Row, slug: string, file: string): SourceAuthor {
  const website = str(user.website);
  return {
    slug,
    name: str(user.name) || slug,
    ...(str(user.email) && { email: str(user.email) }),
    ...(str(user.bio) && { bio: str(user.bio) }),
    ...(/^https?:\/\/\S+$/i.test(website) && { url: website }),
    label: file,
  };
}
