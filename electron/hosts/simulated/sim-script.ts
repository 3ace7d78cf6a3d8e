// A simulated script: the TypeScript model of one .ps1, acting on the simulated state. It gets the same input
// the .ps1 gets and returns the same JSON shape; throwing SimError is the .ps1's {"error": ...} object.
import type { Json } from '../../../shared/model';
import type { WinState } from './state';

export interface SimContext {
  state: WinState;
  now: () => Date;
  /**
   * The script came over PowerShell Remoting or Azure Run Command: as text run in the remote session, not as a
   * file from the install folder (so no execution policy applies; the session's language mode does).
   */
  remoting: boolean;
}

/**
 * Each model declares the input its .ps1 takes (`input: { name: string }`); `never` here lets every such model
 * into one table, and the host passes the caller's JSON through as the .ps1 would receive it.
 */
export type SimScript = (ctx: SimContext, input: never) => Json | Promise<Json>;
export type SimScriptTable = Record<string, SimScript>;
