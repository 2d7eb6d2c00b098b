// One error type for everything the user can fix. The top-level handler in cli/index.ts prints
// the message and the fix and sets the exit code; commands never call process.exit.

export class UserError extends Error {
  /** What to do about it, e.g. "Run `agentdag ingest` first." */
  readonly fix?: string;
  /** Exit code: 1 for a failed operation, 2 for a bad invocation. */
  readonly exitCode: number;

  constructor(message: string, fix?: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
