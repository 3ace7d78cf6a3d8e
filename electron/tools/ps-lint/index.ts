// Public surface of the .ps1 linter (used by scripts/lint-ps1.ts and test/powershell).
export { lintSource, lintEngine, libraryFunctions, listPs1, type LintOptions } from './lint';
export { loadReference, defaultReference, matchParameter, type PsReference, type ParameterSpec } from './reference';
export { ALLOWED_EXECUTABLES, literalValues } from './commands';
export { maskDigitParameters, parsePowerShell } from './parse';
export { formatFinding, type LintFinding, type RuleId, type Severity } from './types';
