import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import { findEdgeLogCheckpoint, upsertEdgeLogCheckpoint, type EdgeLogCheckpoint } from '../db/edge-log.js';
import type { BatchCount, EdgeLogIngest } from './edge-log-ingest.js';

/** What an ingest run counted, over all its batches. */
export type IngestTotals = BatchCount & { batches: number; skippedBytes: number };

/** How a log is read: how much per batch, whether to wait for more, when to stop, what to report. */
export interface StreamOptions {
  /** Bytes read per batch (one transaction each); 1 MiB by default. */
  batchBytes?: number;
  /** Keep reading as the file grows (and follow it when it is rotated) until signal aborts. */
  follow?: boolean;
  /** How often a followed file is looked at again, in ms. */
  pollMs?: number;
  signal?: AbortSignal;
  /** Called after each batch has been committed. */
  onBatch?: (count: BatchCount, totals: IngestTotals) => void;
  now?: () => number;
}

const finalNewline = Buffer.from('\n');

// Longer than any request line a cache writes; past it a line is counted bad and skipped to its end.
const maxLineBytes = 64 * 1024;

/** emptyTotals is an ingest run's totals before its first batch. */
export function emptyTotals(): IngestTotals {
  return { lines: 0, views: 0, ignored: 0, bad: 0, problems: [], duplicates: 0, batches: 0, skippedBytes: 0 };
}

function addTo(totals: IngestTotals, count: BatchCount): void {
  totals.lines += count.lines;
  totals.views += count.views;
  totals.ignored += count.ignored;
  totals.bad += count.bad;
  totals.duplicates += count.duplicates;
  totals.batches += 1;
  for (const problem of count.problems) if (totals.problems.length < 5) totals.problems.push(problem);
}

/**
 * countChunks counts the complete lines of a byte stream that begins at place.byteOffset, one batch per
 * chunk, each committed with the checkpoint just past its last complete line (when place has an identity):
 * a run killed at any moment has counted exactly the lines before its last checkpoint, and the next run
 * starts there. An incomplete last line is left for the next run, unless countLastLine (a stream that has
 * ended: nothing more will come).
 */
async function countChunks(
  db: Database,
  ingest: EdgeLogIngest,
  chunks: AsyncIterable<Buffer>,
  place: EdgeLogCheckpoint | undefined,
  totals: IngestTotals,
  options: StreamOptions,
  countLastLine = false,
): Promise<void> {
  const now = options.now ?? Date.now;
  let carry: Buffer = Buffer.alloc(0);
  let skipping = false;
  const ended = async function* (): AsyncGenerator<Buffer> {
    yield* chunks;
    // A stream that has ended will not finish its last line: a newline completes it.
    if (countLastLine && carry.length > 0) yield finalNewline;
  };
  for await (const chunk of ended()) {
    let data: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let consumed = 0;
    let extraBad = 0;
    if (skipping) {
      const end = data.indexOf(10);
      const skip = end === -1 ? data.length : end + 1;
      consumed += skip;
      data = data.subarray(skip);
      skipping = end === -1;
    }
    const last = data.lastIndexOf(10);
    const complete = last === -1 ? Buffer.alloc(0) : data.subarray(0, last + 1);
    carry = last === -1 ? data : data.subarray(last + 1);
    if (carry.length > maxLineBytes) {
      // A line this long is no request log line: count it bad and skip to its end.
      extraBad += 1;
      consumed += carry.length;
      carry = Buffer.alloc(0);
      skipping = true;
    }
    // The newline added to end the stream's last line was never in the stream.
    consumed += complete.length - (chunk === finalNewline ? 1 : 0);
    if (complete.length === 0 && consumed === 0) continue;
    const lines = complete.length > 0 ? complete.toString('utf8').split('\n') : [];
    const count = ingest.countBatch(lines, {
      alsoWrite: (batch) => {
        batch.bad += extraBad;
        if (extraBad > 0 && batch.problems.length < 5) batch.problems.push(`a line longer than ${maxLineBytes} bytes`);
        if (!place) return;
        place.byteOffset += consumed;
        place.lines += batch.lines + extraBad;
        place.badLines += batch.bad;
        upsertEdgeLogCheckpoint(db, place, now());
      },
    });
    addTo(totals, count);
    options.onBatch?.(count, totals);
  }
}

/** The identity of a log file: device, inode and a hash of its first line; undefined until it has one. */
function fileIdentity(fd: number): string | undefined {
  const stat = fs.fstatSync(fd);
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  const end = head.subarray(0, n).indexOf(10);
  if (end === -1 && n < head.length) return undefined;
  const first = head.subarray(0, end === -1 ? n : end);
  return `file:${stat.dev}:${stat.ino}:${createHash('sha256').update(first).digest('hex').slice(0, 16)}`;
}

async function* fileChunks(fd: number, path: string, from: number, options: StreamOptions): AsyncGenerator<Buffer> {
  const size = options.batchBytes ?? 1024 * 1024;
  let position = from;
  const ino = fs.fstatSync(fd).ino;
  for (;;) {
    const buffer = Buffer.allocUnsafe(size);
    const n = fs.readSync(fd, buffer, 0, size, position);
    if (n > 0) {
      position += n;
      yield buffer.subarray(0, n);
      continue;
    }
    if (!options.follow || options.signal?.aborted) return;
    // At the end of a file that has been rotated away (a new file at the path), this one is done.
    try {
      if (fs.statSync(path).ino !== ino) return;
    } catch {
      // The path is gone for a moment between rotation steps: keep reading this file.
    }
    await sleep(options.pollMs ?? 200, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/**
 * ingestLogFile counts a log file from where its checkpoint says it was left (from the start if never read),
 * committing a checkpoint with every batch. With follow it waits for more lines, and when the file is rotated
 * (a new file at path) it finishes the old one and goes on with the new, until options.signal aborts.
 */
export async function ingestLogFile(db: Database, ingest: EdgeLogIngest, path: string, options: StreamOptions = {}): Promise<IngestTotals> {
  const totals = emptyTotals();
  for (;;) {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error) {
      // varnishncsa creates its file when it starts: a followed log may not exist yet.
      if (!options.follow || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (options.signal?.aborted) return totals;
      await sleep(options.pollMs ?? 200, undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    try {
      let identity = fileIdentity(fd);
      while (identity === undefined && options.follow && !options.signal?.aborted) {
        await sleep(options.pollMs ?? 200, undefined, { signal: options.signal }).catch(() => undefined);
        identity = fileIdentity(fd);
      }
      if (identity === undefined) return totals;
      const place = findEdgeLogCheckpoint(db, identity) ?? { identity, path, byteOffset: 0, lines: 0, badLines: 0 };
      place.path = path;
      // Truncated in place since (copytruncate): what is there now is new.
      if (place.byteOffset > fs.fstatSync(fd).size) place.byteOffset = 0;
      totals.skippedBytes += place.byteOffset;
      await countChunks(db, ingest, fileChunks(fd, path, place.byteOffset, options), place, totals, options);
    } finally {
      fs.closeSync(fd);
    }
    if (!options.follow || options.signal?.aborted) return totals;
  }
}

/**
 * ingestLogStream counts a stream (standard input). With a checkpoint name the stream is taken to be the same
 * bytes each run (a log piped in again after a failed run): bytes before the checkpoint are skipped, and a
 * checkpoint is committed with every batch. Without one nothing is remembered.
 */
export async function ingestLogStream(
  db: Database,
  ingest: EdgeLogIngest,
  stream: AsyncIterable<Buffer>,
  checkpointName: string | undefined,
  options: StreamOptions = {},
): Promise<IngestTotals> {
  const totals = emptyTotals();
  const identity = checkpointName === undefined ? undefined : `stdin:${checkpointName}`;
  const place = identity === undefined ? undefined : (findEdgeLogCheckpoint(db, identity) ?? { identity, path: '-', byteOffset: 0, lines: 0, badLines: 0 });
  let skip = place?.byteOffset ?? 0;
  totals.skippedBytes = skip;
  async function* afterCheckpoint(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      yield skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
    }
  }
  await countChunks(db, ingest, afterCheckpoint(), place, totals, options, true);
  return totals;
}
