// One event-log record as the scripts emit it (dates as ISO text, level as text): the same shape for the
// real host's Get-WinEvent output and the simulated host's event log.
import { z } from 'zod';

export const EventRecord = z.object({
  log: z.string(),
  provider: z.string(),
  id: z.number(),
  level: z.enum(['Critical', 'Error', 'Warning', 'Information']),
  time: z.string(),
  message: z.string(),
  /** Named event data the query asked for (Security 4625: Status, SubStatus, LogonType), as text. */
  data: z.record(z.string(), z.string()).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;
