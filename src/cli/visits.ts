import { createEdgeLogIngest } from '../visits/edge-log-ingest.js';
import { ingestLogFile, ingestLogStream, type IngestTotals } from '../visits/edge-log-stream.js';
import { exitCodes, parseCommandArgs, UsageError, type CliContext } from './output.js';

export const visitsHelp = `Usage: npm run cli -- visits ingest [FILE|-] [--follow] [--checkpoint <name>]

Counts article views from a cache's request log: JSON lines in the edge log format
(docs/caching-and-edge.md, "Views from the cache's log"), by the rules the site counts by
(bots, HEAD, prefetches, other statuses and other addresses are not views). Needs
VISITS_FROM=edge-log, so no view is counted twice.

A FILE is read from where the last run left it: every batch is committed with a checkpoint
(the file's identity and byte offset), so a run killed at any point and started again
neither loses nor counts twice a line. "-" (or no FILE) reads standard input; give
--checkpoint <name> when the same input may be piped in again after a failed run.
Unreadable lines are counted and shown, never fatal.

Options:
  --follow             Keep reading the file as it grows, and on through rotation (Ctrl-C stops)
  --checkpoint <name>  Remember how far standard input was read, under this name
  -h, --help           Show this help`;

function summary(totals: IngestTotals): string {
  const skipped = totals.skippedBytes > 0 ? ` (resumed after ${totals.skippedBytes} bytes counted before)` : '';
  return (
    `visits ingest: ${totals.lines} lines${skipped}: ${totals.views} counted as views, ${totals.ignored} not views ` +
    `(bots, HEAD, prefetches, other addresses or statuses), ${totals.bad} bad` +
    (totals.duplicates > 0 ? `, ${totals.duplicates} already counted` : '')
  );
}

/** runVisits runs `visits ingest`; it resolves to the exit code. */
export async function runVisits(ctx: CliContext, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h') {
    ctx.print(visitsHelp);
    return action ? exitCodes.ok : exitCodes.usage;
  }
  if (action !== 'ingest') throw new UsageError(`unknown visits action "${action}"`);
  const { values, positionals } = parseCommandArgs(rest, { follow: { type: 'boolean' }, checkpoint: { type: 'string' } });
  if (values.help) {
    ctx.print(visitsHelp);
    return exitCodes.ok;
  }
  if (positionals.length > 1) throw new UsageError('give one FILE, or - for standard input');
  const source = positionals[0] ?? '-';
  if (source === '-' && values.follow) throw new UsageError('--follow needs a FILE');
  if (source !== '-' && values.checkpoint !== undefined) throw new UsageError('--checkpoint is for standard input; a FILE keeps its own');
  if (ctx.config.visitsFrom !== 'edge-log') {
    throw new UsageError('VISITS_FROM is "origin": the site counts views itself, and ingesting a log too would count them twice. Set VISITS_FROM=edge-log on the site and here.');
  }
  const db = ctx.openDb();
  const ingest = createEdgeLogIngest(db, ctx.config, ctx.now);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // Ctrl-C or SIGTERM ends a followed run after its batch: whatever was committed is in the checkpoint.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let reported = 0;
  const options = {
    follow: values.follow === true,
    signal: stop.signal,
    onBatch: (_count: unknown, totals: IngestTotals) => {
      if (!values.follow || Date.now() - reported < 10_000) return;
      reported = Date.now();
      ctx.print(summary(totals));
    },
    now: ctx.now,
  };
  try {
    const totals =
      source === '-'
        ? await ingestLogStream(db, ingest, process.stdin, values.checkpoint, options)
        : await ingestLogFile(db, ingest, source, options);
    ctx.print(summary(totals));
    for (const problem of totals.problems) ctx.printError(`bad line: ${problem}`);
    if (totals.bad > totals.problems.length) ctx.printError(`… and ${totals.bad - totals.problems.length} more bad lines`);
    return exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
