// The channel and event names the preload exposes. Written out rather than imported from the contract so the
// sandboxed preload bundle stays free of zod; the type checks below fail the build when the two lists
// differ, and test/security/preload.test.ts compares them at run time.
import type { Channel, EventName } from '../../shared/contract';

export const PRELOAD_CHANNELS = [
  'app:info',
  'scenarios:list',
  'scenarios:select',
  'diagnose:run',
  'diagnose:cancel',
  'check:run',
  'fix:plan',
  'fix:apply',
  'journal:list',
  'journal:rollback',
  'probe:run',
  'scan:run',
  'report:export',
  'report:summary',
  'app:relaunch-elevated',
  'host:connect',
  'fleet:run',
] as const;

export const PRELOAD_EVENTS = ['diagnose:progress'] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<(typeof PRELOAD_CHANNELS)[number], Channel> = true;
const eventsMatch: Same<(typeof PRELOAD_EVENTS)[number], EventName> = true;
void channelsMatch;
void eventsMatch;
