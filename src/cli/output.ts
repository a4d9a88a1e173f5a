/** Exit codes shared by every command, as documented in README. */
export const exitCodes = { ok: 0, invalidInput: 1, usage: 2 } as const;

/** UsageError means the command line itself was wrong: exit code 2 with the command's help hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
