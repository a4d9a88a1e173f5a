import type { Database } from 'better-sqlite3';

/** A desktop browser's user agent: the site counts its article reads as views and serves it the comment form. */
export const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** A comment form as a reader got it: which article, its signed token, and when it was served. */
export interface OpenForm {
  slug: string;
  token: string;
  openedAt: number;
}

/** A comment the server answered 303: at the end of the run it must be in the database. */
export interface AcceptedComment {
  name: string;
  body: string;
}

/** formToken picks the comment form's token out of an article page, if it has a form. */
export function formToken(html: string): string | undefined {
  return /name="token" value="([^"]+)"/.exec(html)?.[1];
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

/** commentRequest is the form post a browser on our page (siteUrl) sends: urlencoded, that origin, honeypot empty. */
export function commentRequest(siteUrl: string, form: OpenForm, comment: AcceptedComment, n: number, address: string): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: siteUrl,
      'user-agent': browserAgent,
      'x-forwarded-for': address,
    },
    body: new URLSearchParams({
      token: form.token,
      name: comment.name,
      email: `reader${n}@example.com`,
      website: '',
      comment: comment.body,
      fax: '',
    }).toString(),
  };
}

/** missingComments lists the accepted comments the database does not hold, matched on name and body. */
export function missingComments(db: Database, accepted: readonly AcceptedComment[]): AcceptedComment[] {
  const find = db.prepare('SELECT 1 FROM comments WHERE author_name = ? AND body = ?');
  return accepted.filter((c) => find.get(c.name, c.body) === undefined);
}
