import { isStaffName, normaliseName } from './names.js';
import { normaliseCommentText } from './text.js';

/** The longest value each field accepts, in characters. */
export const commentLimits = { name: 80, email: 254, website: 200, comment: 5000 } as const;

export type CommentField = keyof typeof commentLimits;

/** The form's fields as the reader typed them, kept to fill the form again after an error. */
export interface CommentInput {
  name: string;
  email: string;
  website: string;
  comment: string;
}

/** A problem with one field, worded for the reader. */
export interface FieldError {
  field: CommentField;
  message: string;
}

/** A comment that passed validation, normalised for storage. */
export interface ValidComment {
  name: string;
  email: string;
  website: string | null;
  body: string;
}

/** Everything the form posts: the reader's fields and the hidden ones. */
export interface CommentForm {
  input: CommentInput;
  token: unknown;
  parent: unknown;
  /** The honeypot: hidden from people, so anything in it was typed by a bot. */
  trap: string;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** readCommentForm picks the known fields out of a parsed urlencoded body; anything else is ignored. */
export function readCommentForm(body: unknown): CommentForm {
  const fields = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    input: { name: asText(fields.name), email: asText(fields.email), website: asText(fields.website), comment: asText(fields.comment) },
    token: fields.token,
    parent: fields.parent,
    trap: asText(fields.fax),
  };
}

const oneLine = (raw: string) => normaliseCommentText(raw).replace(/\s+/g, ' ');
// Deliberately loose (one @, a dot in the domain, no spaces): the address is never mailed automatically.
const emailShape = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const numberFormat = new Intl.NumberFormat('en-GB');

/**
 * validateComment checks every field and returns the normalised comment, or one error per bad field. A name
 * that reads as one of staffNames (the writers in the authors registry) is refused: nothing proves who a
 * commenter is, so a reader must not appear to be the writer. Refused rather than marked, because a marker
 * is easily missed and the name would still stand under the comment.
 */
export function validateComment(input: CommentInput, staffNames: readonly string[] = []): { comment?: ValidComment; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const tooLong = (field: CommentField, label: string) =>
    errors.push({ field, message: `${label} must be ${numberFormat.format(commentLimits[field])} characters or fewer` });

  const name = normaliseName(input.name);
  if (!name) errors.push({ field: 'name', message: 'Enter your name' });
  else if ([...name].length > commentLimits.name) tooLong('name', 'Name');
  else if (isStaffName(name, staffNames)) {
    errors.push({ field: 'name', message: 'That is the name of one of our writers. Enter your own name, or add something that tells you apart' });
  }

  const email = oneLine(input.email).toLowerCase();
  if (!email) errors.push({ field: 'email', message: 'Enter your email address' });
  else if (email.length > commentLimits.email) tooLong('email', 'Email address');
  else if (!emailShape.test(email)) {
    errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
  }

  let website: string | null = null;
  const site = oneLine(input.website);
  if (site.length > commentLimits.website) tooLong('website', 'Website address');
  else if (site) {
    website = parseWebsite(site);
    if (!website) errors.push({ field: 'website', message: 'Enter a website address like https://example.com, or leave it empty' });
  }

  const body = normaliseCommentText(input.comment);
  if (!body) errors.push({ field: 'comment', message: 'Enter your comment' });
  else if ([...body].length > commentLimits.comment) tooLong('comment', 'Comment');

  return errors.length > 0 ? { errors } : { comment: { name, email, website, body }, errors };
}

/** parseWebsite accepts an http(s) address (the scheme may be left off) and returns it canonical, or null. */
export function parseWebsite(raw: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.') || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}
