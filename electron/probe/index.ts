// The probe's public surface: the engine's client checks, the CLI and the app service import from here.
export { DEFAULT_TIMEOUT_MS, ProbeInputError, runProbe, type ProbeOptions } from './probe';
export { DEFAULT_SCAN_CONCURRENCY, parseScanFile, scanTargets, summarizeReport, type ScanOptions, type ScanProgress } from './scan';
export { judgeProbe, worstStatus } from './judge';
export { readCertificateFallback } from './tls-fallback';
