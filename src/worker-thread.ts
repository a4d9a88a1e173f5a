import { Worker } from 'node:worker_threads';

/**
 * startWorker starts the worker script `name` (without extension) beside the module at `from`: the compiled
 * .js in production, or the .ts source through tsx when the code runs from source (tests), since Node 20
 * workers do not inherit --import. The render pool and the image pool both start theirs here.
 */
export function startWorker(from: string, name: string): Worker {
  const fromSource = from.endsWith('.ts');
  const script = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, from);
  if (!fromSource) return new Worker(script);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true });
}
