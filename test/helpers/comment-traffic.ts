import type { Database } from 'better-sqlite3';

/** A desktop browser's user agent: the visit counter counts its GETs as reader views. */
export const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** The SITE_URL of a server that takes a comment stream: comment posts must come from its origin. */
export const streamSiteUrl = 'http://broadsheet.test';

/**
 * The environment a server process needs to take a steady stream of comments from one test client: no
 * minimum form age (a person waits seconds; the test cannot), a rate limit no test reaches, and a site URL
 * the stream's posts name as their origin.
 */
export const commentStreamEnv = { COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '10000', SITE_URL: streamSiteUrl };

/** A comment the server answered 303 to: it must be in the database. */
export interface AcceptedComment {
  name: string;
  body: string;
}

/** What a GET of an article page gave: its status and, when it has a comment form, the form token. */
export interface ArticleRead {
  status: number;
  token: string | undefined;
}

/** formToken picks the comment form's token out of an article page, if it has a form. */
export function formToken(html: string): string | undefined {
  return /name="token" value="([^"]+)"/.exec(html)?.[1];
}

/** readArticle fetches an article as a browser would (a counted view) and picks out the comment form's token. */
export async function readArticle(baseUrl: string, slug: string): Promise<ArticleRead> {
  const response = await fetch(`${baseUrl}/opinion/${slug}`, { headers: { 'user-agent': browserAgent } });
  return { status: response.status, token: formToken(await response.text()) };
}

/**
 * commentPost is the request a browser on the site's own page sends for the comment form: urlencoded, trap
 * empty, and the Origin of siteUrl (the site's configured SITE_URL, the only origin it accepts).
 */
export function commentPost(siteUrl: string, fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(siteUrl).origin, 'user-agent': browserAgent, ...headers },
    body: new URLSearchParams({ email: 'stream.reader@example.org', fax: '', ...fields }).toString(),
  };
}

/** postComment sends the comment form to an article of a server started with commentStreamEnv. */
export async function postComment(baseUrl: string, slug: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${baseUrl}/opinion/${slug}/comments`, commentPost(streamSiteUrl, fields));
}

/** A running stream of comment posts against one article, with every outcome counted. */
export interface CommentStream {
  /** accepted lists the comments that got a 303, in the order the answers came. */
  readonly accepted: AcceptedComment[];
  /** statuses counts every answered request (token reads and posts) by status. */
  readonly statuses: Map<number, number>;
  /** failed counts requests that got no answer at all (refused or cut connections), by phase. */
  readonly failed: { read: number; post: number };
  /** okViews counts article GETs answered 200: each one a counted view. */
  readonly okViews: { count: number };
  /** stop asks every loop to finish after its current request. */
  stop(): void;
  /** done resolves once every loop has ended: stopped, or its connection refused. */
  done: Promise<void>;
}

/**
 * startCommentStream runs `loops` clients that each read the article (for a fresh token) and post a
 * comment with a unique name and body, until stopped or until the server stops answering. A loop ends at
 * the first request that gets no answer: after that the server is gone or going.
 */
export function startCommentStream(baseUrl: string, slug: string, options: { loops: number; label: string }): CommentStream {
  const accepted: AcceptedComment[] = [];
  const statuses = new Map<number, number>();
  const failed = { read: 0, post: 0 };
  const okViews = { count: 0 };
  let stopped = false;
  const tally = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  const loop = async (id: number) => {
    for (let i = 0; !stopped; i += 1) {
      let read: ArticleRead;
      try {
        read = await readArticle(baseUrl, slug);
      } catch {
        failed.read += 1;
        return;
      }
      tally(read.status);
      if (read.status === 200) okViews.count += 1;
      if (!read.token || stopped) continue;
      const comment = { name: `${options.label} ${id}-${i}`, body: `Comment ${i} from stream client ${id} of ${options.label}.` };
      let response: Response;
      try {
        response = await postComment(baseUrl, slug, { token: read.token, name: comment.name, comment: comment.body });
        await response.arrayBuffer();
      } catch {
        failed.post += 1;
        return;
      }
      tally(response.status);
      if (response.status === 303) accepted.push(comment);
    }
  };
  const done = Promise.all(Array.from({ length: options.loops }, (_, id) => loop(id))).then(() => undefined);
  return { accepted, statuses, failed, okViews, stop: () => void (stopped = true), done };
}

/** missingComments returns the accepted comments the database does not hold (matched on name and body both). */
export function missingComments(db: Database, accepted: readonly AcceptedComment[]): AcceptedComment[] {
  const find = db.prepare('SELECT 1 FROM comments WHERE author_name = ? AND body = ?');
  return accepted.filter((c) => find.get(c.name, c.body) === undefined);
}
