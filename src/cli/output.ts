import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { formatProblem, type Problem } from '../content/content-error.js';

/** Exit codes shared by every command, as documented in docs/editors-cli.md. */
export const exitCodes = { ok: 0, invalidInput: 1, usage: 2 } as const;

/** UsageError means the command line itself was wrong: exit code 2 with the command's help hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command needs from the outside world, passed in so commands hold no globals. */
export interface CliContext {
  config: Config;
  /** Opens (and migrates) the database on first call; commands call it after their arguments are checked. */
  openDb: () => Database;
  print: (line: string) => void;
  printError: (line: string) => void;
  now: () => number;
  /** Whether standard error is a terminal: progress lines are shown only there. */
  interactive: boolean;
  writeProgress: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Asks a question on the terminal and returns the answer, or undefined when standard input has ended. */
  ask: (question: string) => Promise<string | undefined>;
}

/** parseCommandArgs parses a command's arguments, turning node's parse errors into usage errors. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

/** printProblems prints every problem, one line each, then what it means for the run. */
export function printProblems(printError: (line: string) => void, problems: readonly Problem[], outcome: string): void {
  for (const problem of problems) printError(formatProblem(problem));
  printError(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; ${outcome}`);
}

/** formatTable lays rows out in columns under a header, the last column left ragged. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** truncate shortens text for a table cell, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * progressReporter returns a callback that shows "label 120/5000" on one rewritten terminal line, at most ten
 * times a second, and clears it when done. When output is not a terminal it stays silent.
 */
export function progressReporter(
  ctx: Pick<CliContext, 'interactive' | 'writeProgress'>,
  label: string,
  clock: () => number = Date.now,
): (done: number, total: number) => void {
  if (!ctx.interactive) return () => {};
  let last = 0;
  return (done, total) => {
    if (done < total && clock() - last < 100) return;
    last = clock();
    ctx.writeProgress(done < total ? `\r${label} ${done}/${total}` : '\r\x1b[K');
  };
}
