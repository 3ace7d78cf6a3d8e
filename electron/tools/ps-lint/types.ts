// One lint finding, printed as file:line: [rule] message.
export type RuleId =
  | 'parse'
  | 'ps7-syntax'
  | 'unknown-command'
  | 'unknown-parameter'
  | 'ambiguous-parameter'
  | 'parameter-prefix'
  | 'accepted-value'
  | 'invoke-expression'
  | 'script-injection'
  | 'convertto-json'
  | 'script-header'
  | 'dot-source'
  | 'try-catch'
  | 'write-result'
  | 'event-log-overlap'
  | 'native-full-path'
  | 'silent-get-item'
  | 'silent-read'
  | 'console-member'
  | 'returned-array';

export type Severity = 'error' | 'warning';

export interface LintFinding {
  file: string;
  line: number;
  rule: RuleId;
  severity: Severity;
  message: string;
}

export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line}: ${f.severity} [${f.rule}] ${f.message}`;
}
