// A fix refused or failed, with the field it concerns; its own module so a check's fix can throw it without
// importing the fixer (which imports the checks).
export class FixError extends Error {
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'conflict' | 'bad-input',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FixError';
  }
}
