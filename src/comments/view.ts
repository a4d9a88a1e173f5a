import type { Config } from '../config.js';
import type { PublicComment } from '../db/comments.js';
import { articleUrl, commentsUrl } from '../urls.js';
import type { DateView } from '../view-models/format.js';
import { normaliseName } from './names.js';
import { formWindowMs, formWindowStart } from './token.js';
import type { ReplyParent } from './submit.js';
import { commentParagraphs, type Paragraph } from './text.js';
import { commentLimits, type CommentField, type CommentInput, type FieldError } from './validate.js';

/** The state of a form that was sent back with problems: what to fill in again and what to say. */
export interface CommentFormState {
  input: CommentInput;
  parentRaw: unknown;
  errors: FieldError[];
  formError?: string | undefined;
}

/** One approved comment, ready to print. */
export interface CommentView {
  id: number;
  anchor: string;
  name: string;
  url: string | null;
  date: DateView;
  paragraphs: Paragraph[];
  replyUrl: string | null;
  replies: CommentView[];
}

/** The comment form, ready to print. */
export interface CommentFormView {
  action: string;
  heading: string;
  parent: { id: number; name: string } | null;
  cancelReplyUrl: string;
  values: CommentInput;
  /** The error summary: the form-level problem first (no link), then one link per field. */
  summary: { message: string; href: string | null }[];
  fieldErrors: Partial<Record<CommentField, string>>;
  limits: typeof commentLimits;
  commentHint: string;
  /** The hidden form token: the same for every reader of the piece in this window (comments/token.ts). */
  token: string;
}

/** The whole comments section of an article page. */
export interface CommentSectionView {
  heading: string;
  comments: CommentView[];
  open: boolean;
  notice: string | null;
  form: CommentFormView | null;
  /** A preview's form (issue 20): shown as readers will see it, but disabled, without a token or an address. */
  inert?: boolean;
}

/** The article facts the comments section depends on. */
export interface CommentableArticle {
  id: number;
  slug: string;
  publishedTs: number;
  commentsOpen: boolean;
}

const notices: Record<string, string> = {
  pending: 'Thank you. Your comment has been received and will appear once a moderator has approved it.',
  published: 'Thank you. Your comment has been published.',
};

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function commentDate(iso: string, timeZone: string): DateView {
  let format = dateTimeFormats.get(timeZone);
  if (!format) dateTimeFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone })));
  return { iso, label: format.format(new Date(iso)) };
}

/** commentsCloseTs returns when an open article stops taking comments by age alone, or undefined if never. */
export function commentsCloseTs(article: CommentableArticle, config: Config): number | undefined {
  if (!article.commentsOpen || config.commentsCloseAfterDays === 0) return undefined;
  return article.publishedTs + config.commentsCloseAfterDays * 86_400_000;
}

/**
 * commentSectionExpiresTs is when a stored page holding an article's comment section stops being true by the
 * clock alone: comments close by age, or (while they are open) the form token's window ends, so the next
 * render hands out the next window's token.
 */
export function commentSectionExpiresTs(article: CommentableArticle, config: Config, now: number): number | undefined {
  const close = commentsCloseTs(article, config);
  if (!commentsAreOpen(article, config, now)) return close;
  return Math.min(close ?? Infinity, formWindowStart(now) + formWindowMs);
}

/** commentsAreOpen tells whether an article takes comments at now: not closed by the editor, nor by age. */
export function commentsAreOpen(article: CommentableArticle, config: Config, now: number): boolean {
  if (!article.commentsOpen) return false;
  return now < (commentsCloseTs(article, config) ?? Infinity);
}

/**
 * commentSectionView shapes an article's approved comments (`approved`, oldest first; replies under their
 * parent) and, while comments are open, a form carrying formToken (the same for every reader in its
 * window, so the section can be cached and shared). The handler gathers `approved` and `replyTo` (findReplyParent of ?replyto= or of the
 * rejected form's parent); `query` carries ?comment= (the notice after a post); `form` is a rejected
 * submission to show again with its errors.
 */
export function commentSectionView(options: {
  config: Config;
  article: CommentableArticle;
  now: number;
  query: Record<string, unknown>;
  form?: CommentFormState | undefined;
  approved: readonly PublicComment[];
  replyTo: ReplyParent;
  formToken: string;
}): CommentSectionView {
  const { config, article, now, query, form, approved, replyTo: parent, formToken } = options;
  const open = commentsAreOpen(article, config, now);
  const articlePath = articleUrl(article.slug);
  const toView = (c: PublicComment, canReply: boolean): CommentView => ({
    id: c.id,
    anchor: `comment-${c.id}`,
    // Names stored before names were normalised may still carry bidi overrides or invisible characters.
    name: normaliseName(c.authorName),
    url: c.authorUrl,
    date: commentDate(c.createdAt, config.timeZone),
    paragraphs: commentParagraphs(c.body),
    replyUrl: open && canReply ? `${articlePath}?replyto=${c.id}#respond` : null,
    replies: [],
  });
  const topLevel = new Map<number, CommentView>();
  for (const c of approved) if (c.parentId === null) topLevel.set(c.id, toView(c, true));
  for (const c of approved) if (c.parentId !== null) topLevel.get(c.parentId)?.replies.push(toView(c, false));
  const comments = [...topLevel.values()];
  const count = comments.reduce((n, c) => n + 1 + c.replies.length, 0);

  const notice = typeof query.comment === 'string' ? (notices[query.comment] ?? null) : null;
  if (!open) return { heading: count === 0 ? 'Comments' : commentCount(count), comments, open, notice, form: null };

  const replyTo = parent === 'bad' ? null : parent && { id: parent.id, name: normaliseName(parent.name) };
  const summary: CommentFormView['summary'] = [];
  if (form?.formError) summary.push({ message: form.formError, href: null });
  const fieldErrors: CommentFormView['fieldErrors'] = {};
  for (const error of form?.errors ?? []) {
    summary.push({ message: error.message, href: `#comment-${error.field}` });
    fieldErrors[error.field] = error.message;
  }
  return {
    heading: count === 0 ? 'Comments' : commentCount(count),
    comments,
    open,
    notice,
    form: {
      action: `${commentsUrl(article.slug)}#respond`,
      // The name of the comment answered is printed after the heading, in its own <bdi>.
      heading: replyTo ? 'Reply to' : 'Leave a reply',
      parent: replyTo,
      cancelReplyUrl: `${articlePath}#respond`,
      values: form?.input ?? { name: '', email: '', website: '', comment: '' },
      summary,
      fieldErrors,
      limits: commentLimits,
      commentHint: `Plain text, up to ${numbers.format(commentLimits.comment)} characters. Leave a blank line between paragraphs; web addresses become links.`,
      token: formToken,
    },
  };
}

const numbers = new Intl.NumberFormat('en-GB');

function commentCount(n: number): string {
  return `${numbers.format(n)} ${n === 1 ? 'comment' : 'comments'}`;
}
