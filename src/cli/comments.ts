import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import {
  deleteComment,
  findComment,
  listComments,
  updateCommentStatus,
  type CommentStatus,
  type ModeratedComment,
} from '../db/comments.js';
import { exitCodes, UsageError } from './output.js';

export const commentsHelp = `Usage: npm run cli -- comments <action> [options]

Actions:
  list [--pending|--approved|--rejected|--spam] [--article <slug>] [--limit <n>]
                          Show comments, newest first (default: every status, 50 at most)
  approve <id>...         Publish comments
  reject <id>...          Hide comments without calling them spam
  spam <id>...            Mark comments as spam (hidden)
  delete <id>...          Delete comments for good, with any replies to them

Each comment is shown with its id, status, date, article, author, email (for moderators
only; it is never published) and the start of its text. approve, reject, spam and delete
change nothing unless every id given exists.

Options:
  -h, --help   Show this help`;

const moderation: Record<string, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };

/** runComments lists comments or moderates them by id; it returns the exit code. */
export function runComments(db: Database, config: Config, args: string[], print: (line: string) => void, now = Date.now()): number {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h') {
    print(commentsHelp);
    return action ? exitCodes.ok : exitCodes.usage;
  }
  if (action === 'list') return listAction(db, config, rest, print);
  if (Object.hasOwn(moderation, action) || action === 'delete') return moderateAction(db, action, rest, print, now);
  throw new UsageError(`unknown comments action "${action}"`);
}

function listAction(db: Database, config: Config, args: string[], print: (line: string) => void): number {
  const { values } = parseListArgs(args);
  if (values.help) {
    print(commentsHelp);
    return exitCodes.ok;
  }
  const statuses = (['pending', 'approved', 'rejected', 'spam'] as const).filter((s) => values[s]);
  if (statuses.length > 1) throw new UsageError('give at most one of --pending, --approved, --rejected, --spam');
  if (!/^[1-9]\d{0,5}$/.test(values.limit)) throw new UsageError('--limit must be a whole number from 1 to 999999');
  const comments = listComments(db, { status: statuses[0], articleSlug: values.article, limit: Number(values.limit) });
  if (comments.length === 0) {
    print('No comments match.');
    return exitCodes.ok;
  }
  for (const comment of comments) print(describe(comment, config.timeZone));
  print(`${comments.length} comment${comments.length === 1 ? '' : 's'} shown.`);
  return exitCodes.ok;
}

function parseListArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        pending: { type: 'boolean' },
        approved: { type: 'boolean' },
        rejected: { type: 'boolean' },
        spam: { type: 'boolean' },
        article: { type: 'string' },
        limit: { type: 'string', default: '50' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; they are usage errors (exit 2).
    throw new UsageError((error as Error).message);
  }
}

function moderateAction(db: Database, action: string, args: string[], print: (line: string) => void, now: number): number {
  if (args.length === 0) throw new UsageError(`comments ${action} needs at least one comment id`);
  const ids = args.map((arg) => {
    if (!/^[1-9]\d{0,15}$/.test(arg)) throw new UsageError(`"${arg}" is not a comment id`);
    return Number(arg);
  });
  const missing = ids.filter((id) => !findComment(db, id));
  if (missing.length > 0) {
    for (const id of missing) print(`No comment #${id}.`);
    print('Nothing was changed.');
    return exitCodes.invalidInput;
  }
  db.transaction(() => {
    for (const id of ids) {
      const comment = findComment(db, id);
      // An id listed twice, or a reply deleted with its parent earlier in this run, is already done.
      if (!comment) continue;
      const who = `${comment.authorName} on ${comment.articleSlug}`;
      if (action === 'delete') {
        const removed = deleteComment(db, id);
        print(`Deleted #${id} (${who})${removed > 1 ? ` and ${removed - 1} repl${removed === 2 ? 'y' : 'ies'} to it` : ''}.`);
      } else {
        const status = moderation[action]!;
        updateCommentStatus(db, id, status, now);
        print(`${status[0]!.toUpperCase()}${status.slice(1)} #${id} (${who}).`);
      }
    }
  })();
  return exitCodes.ok;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function describe(comment: ModeratedComment, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    dateFormats.set(timeZone, format);
  }
  const flat = comment.body.replace(/\s+/g, ' ');
  const text = [...flat].length > 200 ? `${[...flat].slice(0, 200).join('')}…` : flat;
  const details = [`${comment.authorName} <${comment.authorEmail}>`];
  if (comment.authorUrl) details.push(comment.authorUrl);
  details.push(`${comment.linkCount} link${comment.linkCount === 1 ? '' : 's'}`);
  return [
    `#${comment.id}  ${comment.status}  ${format.format(new Date(comment.createdAt))}  on ${comment.articleSlug}${comment.parentId ? `  (reply to #${comment.parentId})` : ''}`,
    `    ${details.join(' · ')}`,
    `    ${text}`,
    '',
  ].join('\n');
}
