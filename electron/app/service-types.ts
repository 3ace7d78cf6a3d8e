// The application service: the one implementation of the IPC contract. Electron's ipcMain handlers and the
// web bridge both forward to it, so both are the same program behind a different transport.
import type { Channel, Envelope, EventName, Result } from '../../shared/contract';
import type { Progress } from '../../shared/model';
import type { PrintPdf } from '../report/export';

export interface EventMap {
  'diagnose:progress': Progress;
}

export interface AppService {
  /** Validates `args` against the contract and runs the channel. Never throws: errors come back in the envelope. */
  invoke<C extends Channel>(channel: C | string, args: unknown): Promise<Envelope<Result<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  close(): Promise<void>;
}

/** Hooks a transport may supply; the service works without them. */
export interface ServiceHooks {
  /** Saves an exported report (Electron: a save dialog). Returns the path, or null when the user cancelled. */
  saveFile?(filename: string, mimeType: string, data: Buffer): Promise<string | null>;
  /** Starts the app again elevated (Electron on Windows). */
  relaunchElevated?(): Promise<{ started: boolean; message: string }>;
  /** Prints report HTML to PDF (Electron: a hidden sandboxed window). Without it the CLI's Chromium path is used. */
  printPdf?: PrintPdf;
  /**
   * Asks the technician, outside the page, to confirm a fix that lowers security or cannot be undone (Electron:
   * a native dialog of the main process). Without it (browser mode) such fixes run only on the simulated host.
   */
  confirmFix?(request: FixConfirmation): Promise<boolean>;
}

export interface FixConfirmation {
  /**
   * rollback-downgrade: a rollback that puts back a value lowering security (undoing "Require NLA");
   * rollback-disconnect: a rollback that ends the Remote Desktop session the app runs in (stops TermService).
   */
  kind: 'apply' | 'keep-downgrade' | 'rollback-downgrade' | 'rollback-disconnect';
  title: string;
  /** The fix's own warning, or the rule's words when it has none. */
  detail: string;
  /** For a downgrade: minutes until the host reverts it, or null for "until I revert". */
  revertAfterMinutes: number | null;
}
