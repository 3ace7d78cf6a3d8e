// A capture bundle: what every read-only script printed on one real Windows host, with provenance, so the
// test suite can replay it through the same schemas and judgements as the simulator's output.
import { z } from 'zod';

export const BUNDLE_FORMAT = 'rdp-doctor-capture';

export const CapturedRun = z.object({
  script: z.string(),
  input: z.unknown(),
  /** The script's one JSON object as it arrived, before any schema; null when the script failed. */
  raw: z.unknown(),
  error: z.object({ type: z.string(), message: z.string() }).nullable(),
  durationMs: z.number(),
});
export type CapturedRun = z.infer<typeof CapturedRun>;

export const Bundle = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  provenance: z.object({
    capturedAt: z.string(),
    appVersion: z.string(),
    /** "powershell" for a real host; "simulated" only in bundles a test made to prove the replay path. */
    hostKind: z.enum(['powershell', 'simulated', 'remote']),
    windows: z.object({
      caption: z.string().nullable(),
      build: z.string().nullable(),
      editionId: z.string().nullable(),
      displayVersion: z.string().nullable(),
      uiCulture: z.string().nullable(),
    }),
    powershell: z.object({
      version: z.string().nullable(),
      sessionLanguageMode: z.string().nullable(),
      scriptLanguageMode: z.string().nullable(),
    }),
    redacted: z.boolean(),
    /** SHA-256 of each script file as run, so a replay knows which version produced the output. */
    scripts: z.record(z.string(), z.string()),
  }),
  runs: z.array(CapturedRun),
});
export type Bundle = z.infer<typeof Bundle>;

/**
 * Scripts that change the host: a capture never runs them. Every script under electron/engine is either here
 * or read-only; test/windows/capture.test.ts holds each one to a classification.
 */
export const WRITE_SCRIPTS = new Set([
  'ops/registry-write',
  'ops/acl-set',
  'ops/acl-restore',
  'ops/acl-save',
  'ops/firewall-rules-set',
  'ops/service-control',
  'ops/path-rename',
  'ops/certificate-remove',
  'ops/dns-cache',
  'ops/journal-folder',
  'ops/revert-task',
  'checks/client/winsock/winsock-reset',
  'checks/client/history/history-edit',
  'checks/client/saved-credentials/saved-credentials-delete',
  'checks/host/session-limits/session-logoff',
  'checks/host/user-rights/rdu-member',
]);
