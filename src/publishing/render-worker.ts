// Worker-thread entry of RenderPool: reads and parses Markdown files, or renders parsed articles into the
// records the database stores, using the same functions as a serial import.
import { parentPort } from 'node:worker_threads';
import { readTextFile } from './input-files.js';
import { parseMarkdownFile } from '../content/markdown-file.js';
import { toRecord } from '../content/record.js';
import type { ParsedMarkdownFile, RenderJob, RenderReply } from './render-pool.js';

function readAndParse(name: string, shown: string, timeZone: string | undefined): ParsedMarkdownFile {
  const { text, problem } = readTextFile(name);
  return text === undefined ? { problem } : { problem, parsed: parseMarkdownFile(text, shown, { timeZone }) };
}

parentPort!.on('message', (job: RenderJob) => {
  let current = '';
  try {
    const results: unknown[] = [];
    if (job.kind === 'parse') {
      for (const { name, shown, timeZone } of job.items) {
        current = shown;
        results.push(readAndParse(name, shown, timeZone));
      }
    } else {
      for (const { file, article } of job.items) {
        current = file;
        results.push(toRecord(article, file));
      }
    }
    parentPort!.postMessage({ id: job.id, results } satisfies RenderReply);
  } catch (error) {
    // Validated input should never get here; if it does, say which file, not where in our code.
    parentPort!.postMessage({ id: job.id, error: `${current}: could not be ${job.kind === 'parse' ? 'read' : 'rendered'} (${(error as Error).message})` } satisfies RenderReply);
  }
});
