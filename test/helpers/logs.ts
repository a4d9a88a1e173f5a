import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** A logger whose JSON lines are kept in memory for assertions. */
export interface CapturedLogs {
  logger: Logger;
  /** raw returns every line written so far, exactly as it would reach stdout. */
  raw(): string[];
  /** entries returns every line parsed from JSON. */
  entries(): Record<string, unknown>[];
}

/** captureLogs makes a real pino logger (same options as production) writing into memory. */
export function captureLogs(level = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level, destination });
  const raw = () => chunks.join('').split('\n').filter(Boolean);
  return { logger, raw, entries: () => raw().map((line) => JSON.parse(line) as Record<string, unknown>) };
}
