import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ArticleRecord } from '../db/article-writes.js';
import type { Problem } from '../content/content-error.js';
import type { ArticleInput } from '../content/article-fields.js';
import type { SourcedArticle } from '../content/record.js';
import { startWorker } from '../worker-thread.js';

/** A Markdown file as a worker reads it: the problem that stopped the read, or what parsing found. */
export interface ParsedMarkdownFile {
  problem?: Problem;
  parsed?: { article?: ArticleInput; problems: Problem[] };
}

/** The messages between the pool and its workers. */
export type RenderJob =
  | { id: number; kind: 'parse'; items: { name: string; shown: string; timeZone?: string }[] }
  | { id: number; kind: 'render'; items: SourcedArticle[] };
export type RenderReply = { id: number; results: unknown[] } | { id: number; error: string };

interface Waiting {
  worker: Worker;
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

/**
 * RenderPool reads, parses and renders the Markdown of a large import on worker threads, so an archive of
 * thousands of pieces uses every core while the main thread keeps the one database connection busy with
 * writes. Results come back in input order, so a parallel import stores exactly what a serial one does.
 * Workers start on first use; close() stops them.
 */
export class RenderPool {
  private workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;

  /** How many worker threads run. */
  readonly size: number;
  /** Below this many items the caller should do the work inline: starting workers would cost more. */
  readonly minBatch: number;
  // Items per message: large enough that messaging costs little, small enough that every worker gets a share
  // of a few hundred files and the writer never waits long for the next record.
  private readonly chunkSize: number;

  // By default one worker per core, up to four; none on a single core, where workers would only add copying.
  constructor({ size = defaultSize(), minBatch = 200, chunkSize = 32 } = {}) {
    this.size = size;
    this.minBatch = minBatch;
    this.chunkSize = chunkSize;
  }

  /** worthIt says whether handing this many items to the pool beats doing them on the calling thread. */
  worthIt(items: number): boolean {
    return this.size > 0 && items >= this.minBatch;
  }

  /** parseFiles reads and parses Markdown files (zone-less dates read in timeZone), calling onEach as each is done; results in input order. */
  async parseFiles(files: readonly { name: string; shown: string; timeZone?: string }[], onEach?: () => void): Promise<ParsedMarkdownFile[]> {
    const results: ParsedMarkdownFile[] = [];
    for await (const chunk of this.inOrder<ParsedMarkdownFile>('parse', files)) {
      results.push(...chunk);
      for (let i = 0; i < chunk.length; i += 1) onEach?.();
    }
    return results;
  }

  /**
   * render yields each article's stored record (see toRecord), in input order. Only a few chunks are rendered
   * ahead of the consumer, so memory stays flat however large the import.
   */
  async *render(articles: readonly SourcedArticle[]): AsyncGenerator<ArticleRecord> {
    for await (const chunk of this.inOrder<ArticleRecord>('render', articles)) yield* chunk;
  }

  /** close stops the workers; work still waiting is refused. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    this.failure ??= new Error('the render pool was closed');
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private async *inOrder<R>(kind: RenderJob['kind'], items: readonly unknown[]): AsyncGenerator<R[]> {
    const chunks: unknown[][] = [];
    for (let i = 0; i < items.length; i += this.chunkSize) chunks.push(items.slice(i, i + this.chunkSize));
    const ahead = Math.max(2, this.size * 2);
    const pending = new Map<number, Promise<unknown[]>>();
    let dispatched = 0;
    for (let index = 0; index < chunks.length; index += 1) {
      while (dispatched < chunks.length && pending.size < ahead) {
        const sent = this.send(kind, chunks[dispatched]!);
        // Handled here so a failure in a chunk not yet awaited is not reported as unhandled; awaiting it throws.
        sent.catch(() => {});
        pending.set(dispatched, sent);
        dispatched += 1;
      }
      const results = await pending.get(index)!;
      pending.delete(index);
      yield results as R[];
    }
  }

  private send(kind: RenderJob['kind'], items: unknown[]): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.leastBusyWorker();
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ id, kind, items } as RenderJob);
    });
  }

  private leastBusyWorker(): Worker {
    if (this.workers.length === 0) this.workers = Array.from({ length: Math.max(1, this.size) }, () => this.startWorker());
    const load = new Map(this.workers.map((worker) => [worker, 0]));
    for (const { worker } of this.waiting.values()) load.set(worker, (load.get(worker) ?? 0) + 1);
    return this.workers.reduce((best, worker) => (load.get(worker)! < load.get(best)! ? worker : best));
  }

  private startWorker(): Worker {
    const worker = startWorker(import.meta.url, 'render-worker');
    worker.on('message', (reply: RenderReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      this.unrefWhenIdle(worker);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.results);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const [id, waiting] of this.waiting) {
        if (waiting.worker !== worker) continue;
        this.waiting.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', (error) => fail(new Error(`an import worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`an import worker stopped (exit code ${code})`)));
    worker.unref();
    return worker;
  }

  // An idle worker must not keep the process alive (a forgotten close() would hang the CLI); a busy one must.
  private unrefWhenIdle(worker: Worker): void {
    for (const waiting of this.waiting.values()) if (waiting.worker === worker) return;
    worker.unref();
  }
}

function defaultSize(): number {
  const cores = os.availableParallelism();
  return cores > 1 ? Math.min(cores, 4) : 0;
}
