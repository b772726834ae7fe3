/** An expected failure of a command: printed as one clear message, without a stack trace. */
export class CliError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
