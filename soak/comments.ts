import { commentPost, type AcceptedComment } from '../test/helpers/comment-traffic.js';

// What only the soak needs to send comments as many readers do; the request itself, the browser's user agent and
// the lost-comment check are the tests' own (test/helpers/comment-traffic.ts), so both check the same thing.

/** A comment form as a reader got it: which article, its signed token, and when it was served. */
export interface OpenForm {
  slug: string;
  token: string;
  openedAt: number;
}

/**
 * createFormPool keeps forms readers have opened until they are old enough to send: the site refuses a form
 * sent back sooner than COMMENT_FORM_MIN_SECONDS after it was served, as a person would never manage.
 */
export function createFormPool(minAgeMs: number) {
  const forms: OpenForm[] = [];
  return {
    add(form: OpenForm) {
      forms.push(form);
    },
    /** take returns the oldest form once it is old enough, or undefined (the caller opens another meanwhile). */
    take(now: number): OpenForm | undefined {
      return forms[0] && now - forms[0].openedAt >= minAgeMs ? forms.shift() : undefined;
    },
  };
}

/** readerAddress gives the nth commenter an address of their own (10.0.0.1 upwards), as if behind one proxy. */
export function readerAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255 || 1}`;
}

/** The SITE_URL the soak gives its server: the origin its comment posts come from. */
export const soakSiteUrl = 'http://soak.broadsheet.test';

/** commentRequest is the form post of the nth reader, from address, as a browser on our page (siteUrl) sends it. */
export function commentRequest(siteUrl: string, form: OpenForm, comment: AcceptedComment, n: number, address: string): RequestInit {
  const fields = { token: form.token, name: comment.name, email: `reader${n}@example.com`, website: '', comment: comment.body };
  return commentPost(siteUrl, fields, { 'x-forwarded-for': address });
}
