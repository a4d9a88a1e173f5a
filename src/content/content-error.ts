/** One thing wrong with one input file, in the shape editors read: `path: field: what is wrong (got "value")`. */
export interface Problem {
  readonly file: string;
  /** The line in file, where known: shown as `path:line`. */
  readonly line?: number;
  readonly field: string;
  readonly message: string;
  readonly value?: unknown;
}

/** formatProblem renders a Problem as the single line the CLI prints. */
export function formatProblem(problem: Problem): string {
  const got = problem.value === undefined ? '' : ` (got ${quote(problem.value)})`;
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.field}: ${problem.message}${got}`;
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `"${short.replace(/\n/g, '\\n')}"`;
}

/** ContentError carries every Problem found in one run; nothing from that run was written. */
export class ContentError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], options?: ErrorOptions) {
    super(problems.map(formatProblem).join('\n'), options);
    this.name = 'ContentError';
    this.problems = problems;
  }
}
