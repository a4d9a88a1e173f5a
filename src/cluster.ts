import cluster, { type Worker } from 'node:cluster';

/** What runWorkers needs: how many processes, the one-time set-up, and how one process serves. */
export interface WorkerPlan {
  workers: number;
  /**
   * Runs once before any process serves: migrations, and the first import into an empty database. It
   * returns whether the content folder still needs reconciling in the background (see afterListening).
   */
  prepare: () => boolean;
  /** Starts serving in this process; calls listening once it accepts connections. */
  serve: (listening: () => void) => void;
  /** Runs once, in the process that prepared or the primary, after the first process listens. */
  afterListening: () => void;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

// A worker that dies this soon after starting is probably failing at start-up: stop replacing it.
const crashLoopMs = 5_000;
// Set in the environment of the one short-lived worker that prepares, so it does not serve.
const roleVariable = 'BROADSHEET_CLUSTER_ROLE';

/**
 * runWorkers serves with one process when workers is 1. Otherwise a short-lived worker prepares (so the
 * primary, which lives as long as the site, never holds the import's memory), and only once that succeeded
 * does the primary fork `workers` processes sharing the listening port (node:cluster) and the one SQLite
 * file (WAL lets many readers work beside one writer). A worker that dies is replaced unless it died right
 * after starting.
 */
export function runWorkers(plan: WorkerPlan): void {
  if (cluster.isWorker) {
    if (process.env[roleVariable] !== 'prepare') return plan.serve(() => {});
    const reconcile = plan.prepare();
    process.send!({ reconcile }, () => process.exit(0));
    return;
  }
  if (plan.workers <= 1) {
    const reconcile = plan.prepare();
    return plan.serve(() => {
      if (reconcile) plan.afterListening();
    });
  }
  let reconcile = false;
  const preparer = cluster.fork({ [roleVariable]: 'prepare' });
  preparer.on('message', (message: { reconcile?: boolean }) => (reconcile = message.reconcile === true));
  preparer.once('exit', (code, signal) => {
    // The preparer has logged its own error (bad content, a failed migration) before exiting.
    if (code !== 0) process.exit(code ?? 1);
    else if (signal) process.exit(1);
    else serveWithWorkers(plan, reconcile);
  });
}

function serveWithWorkers(plan: WorkerPlan, reconcile: boolean): void {
  let stopping = false;
  const started = new Map<Worker, number>();
  const fork = () => started.set(cluster.fork(), Date.now());
  cluster.once('listening', () => {
    if (reconcile) plan.afterListening();
  });
  cluster.on('exit', (worker, code, signal) => {
    const startedAt = started.get(worker);
    // The preparer's own exit arrives here too, just after this listener is added.
    if (startedAt === undefined) return;
    started.delete(worker);
    if (stopping) {
      // A worker whose shutdown failed (visit counts not written, a close step) fails the whole stop (issue 17).
      if (code !== 0 || signal) {
        plan.log('worker exited', { pid: worker.process.pid, code, signal });
        process.exitCode = 1;
      }
      if (started.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    plan.log('worker exited', { pid: worker.process.pid, code, signal });
    if (Date.now() - startedAt < crashLoopMs) {
      plan.log('a worker failed right after starting; stopping');
      stopping = true;
      for (const other of started.keys()) other.process.kill('SIGTERM');
      process.exitCode = 1;
      if (started.size === 0) process.exit(1);
      return;
    }
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    plan.log('stopping workers', { signal, workers: started.size });
    // Each worker finishes its requests, flushes its visit counts and closes its database on SIGTERM.
    for (const worker of started.keys()) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < plan.workers; i += 1) fork();
  plan.log('workers started', { primary: process.pid, workers: plan.workers });
}
