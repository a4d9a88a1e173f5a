import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { commentsAreOpen, type CommentFormState } from '../comments/view.js';
import { isSameSitePost } from '../comments/origin.js';
import { createRateLimiter } from '../comments/rate-limit.js';
import { cacheControl } from '../cache-control.js';
import { clientKey } from '../client-network.js';
import { submitComment } from '../comments/submit.js';
import { verifyFormToken, type TokenProblem } from '../comments/token.js';
import { readCommentForm, validateComment } from '../comments/validate.js';
import { findPublishedArticle } from '../db/articles.js';
import { listAuthors } from '../db/authors.js';
import { HttpError } from '../http-error.js';
import { articleUrl } from '../urls.js';
import { trackChanges } from '../edge-cache/changes.js';
import type { RouteDeps } from './deps.js';

/** The largest comment form body accepted: room for every field at its limit, percent-encoded. */
export const commentBodyLimit = '64kb';

const tokenMessages: Record<TokenProblem, string> = {
  missing: 'We could not check where this form came from. Please send your comment again.',
  forged: 'We could not check where this form came from. Please send your comment again.',
  'too-fast': 'That was quicker than we expected from a person. Please check your comment and send it again.',
  expired: 'This form was open for a long time and has expired. Please send your comment again.',
};

/**
 * commentRoutes takes comment posts for an article. On success it redirects back to the article with a
 * notice (post/redirect/get); when the form has problems it hands over to showArticle, which renders the
 * article again with the form filled in and the errors shown (set in res.locals.commentForm).
 */
export function commentRoutes({ db, config, now, commentSecret, purger }: RouteDeps, showArticle: RequestHandler<{ slug: string }>) {
  const limiter = createRateLimiter({
    limit: config.commentRateLimit,
    windowMs: config.commentRateWindowMinutes * 60_000,
    now,
  });

  const again = (req: Request<{ slug: string }>, res: Response, next: NextFunction, state: CommentFormState) => {
    res.status(400).set('Cache-Control', cacheControl.error);
    res.locals.commentForm = state;
    return showArticle(req, res, next);
  };

  return {
    /** parseBody reads the urlencoded form, refusing bodies over the limit with 413. */
    parseBody: express.urlencoded({ extended: false, limit: commentBodyLimit, parameterLimit: 20 }),

    create(req: Request<{ slug: string }>, res: Response, next: NextFunction) {
      const article = findPublishedArticle(db, req.params.slug, now());
      if (!article) return next();
      if (!isSameSitePost(req.headers, config.siteUrl)) {
        throw new HttpError(403, 'Comments can only be sent from the comment form on this site.');
      }
      // Keyed by a hash of the client's network (an IPv6 client's /64): the limiter needs to tell clients
      // apart, not to know them, and the hash must be taken after grouping or each address hashes apart.
      const ipKey = clientKey(commentSecret, req.ip);
      const rate = limiter.hit(ipKey);
      if (!rate.allowed) {
        res.set('Retry-After', String(rate.retryAfterSeconds));
        throw new HttpError(429, 'You have sent several comments in a short time. Please wait a few minutes and try again.');
      }
      if (!commentsAreOpen(article, config, now())) throw new HttpError(403, 'Comments are closed for this piece.');

      const path = articleUrl(article.slug);
      // The one answer for every comment that is not published at once: stored to wait, dropped as a repeat,
      // or refused silently as spam. Which of those it was is not the poster's to learn.
      const received = `${path}?comment=pending#comment-notice`;
      const form = readCommentForm(req.body);
      // A filled honeypot is a bot: it gets the usual answer, so it learns nothing, and nothing is stored.
      if (form.trap !== '') return res.redirect(303, received);

      const token = verifyFormToken(
        commentSecret,
        article.slug,
        form.token,
        now(),
        config.commentFormMinSeconds * 1000,
        config.commentFormMaxHours * 3_600_000,
      );
      const { comment, errors } = validateComment(form.input, listAuthors(db).map((author) => author.name));
      const state = { input: form.input, parentRaw: form.parent, errors };
      if (!token.ok) return again(req, res, next, { ...state, formError: tokenMessages[token.problem] });
      if (!comment) return again(req, res, next, state);

      // What the edge must drop comes from the change log, as for every other write (migration 0008).
      const changes = trackChanges(db, now);
      const outcome = submitComment(db, config, { articleId: article.id, comment, parentRaw: form.parent, now: now() });
      switch (outcome.kind) {
        case 'published':
          // A comment published at once (auto-approval) must show on the edge's copy too.
          purger.purge(changes.keys());
          return res.redirect(303, `${path}?comment=published#comment-${outcome.id}`);
        case 'received':
          return res.redirect(303, received);
        case 'bad-parent':
          return again(req, res, next, {
            ...state,
            parentRaw: undefined,
            formError: 'The comment you were replying to is no longer available. Send yours again to post it on its own.',
          });
      }
    },
  };
}
