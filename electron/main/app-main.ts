// The Electron main process, wired from the policy modules beside it. main.ts only supplies the service
// factory, so this file stays testable by type and the policies stay pure.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openHost, type HostChoice } from '../app/host-choice';
import { journalDir } from '../app/journal-location';
import { runScheduledRevert } from '../app/scheduled-reverts';
import { Journal } from '../engine/journal';
import { acquireFileLock } from '../util/file-lock';
import { checkScriptsFolder, refusingHost } from '../app/scripts-folder';
import { scriptsRoot } from '../paths';
import type { AppServiceOptions } from '../app/service';
import type { PrintPdf } from '../app/report-export';
import type { AppService, ServiceHooks } from '../app/service-types';
import { installCspHeader } from './csp';
import { confirmDialogOptions, confirmedBy } from './confirm-dialog';
import { secureWindowsJournalFolder } from '../app/journal-folder';
import { chooseDataDir } from './data-dir';
import { isElevated, relaunchElevated } from './elevation';
import { execNoShell } from './exec';
import { linkOpener, openExternalSafely } from './external-urls';
import { systemRoot, systemRootRefusal } from '../hosts/powershell/executable';
import { createIpcHandlers, forwardEvents, registerIpc } from './ipc';
import { forbiddenSwitch, hostChoice, scheduledRevertLaunch } from './launch-options';
import { guardNavigation } from './navigation';
import { lockDownPermissions } from './permissions';
import { renderPdf, saveWithDialog } from './print-pdf';
import { mainWindowOptions } from './window-options';

export const APP_ID = 'com.rdpdoctor.app';

/** ServiceHooks plus the report module's PDF printer: Chromium's printToPDF, which only Electron has. */
export interface ElectronHooks extends ServiceHooks {
  printPdf: PrintPdf;
}

function fail(title: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(title, message);
  app.exit(2);
  throw error instanceof Error ? error : new Error(message);
}

/**
 * Refuses dangerous switches when packaged and turns the sandbox on: every start, the scheduled revert's too (it
 * runs as SYSTEM). False: do not start.
 */
function hardenProcess(): boolean {
  if (app.isPackaged) {
    const bad = forbiddenSwitch(process.argv);
    if (bad) {
      // Exit before the browser process starts serving anything the switch asked for.
      dialog.showErrorBox('RDP Doctor', `Refusing to start with --${bad}: this switch would expose an administrator process.`);
      app.exit(2);
      return false;
    }
    Menu.setApplicationMenu(null);
  }
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  return true;
}

/** The window's single-instance lock; false: another copy runs, this one quits. */
function takeSingleInstanceLock(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

function createHooks(getWindow: () => BrowserWindow | null): ElectronHooks {
  return {
    saveFile: (filename, mimeType, data) => saveWithDialog(dialog, getWindow(), app.getPath('documents'), filename, mimeType, data),
    relaunchElevated: async () => {
      // The elevated copy must win the single-instance lock, so this one lets go first and takes it back on failure.
      app.releaseSingleInstanceLock();
      const result = await relaunchElevated(process.platform, process.execPath, app.isPackaged ? [] : [app.getAppPath()], execNoShell);
      if (result.started) setTimeout(() => app.quit(), 300);
      else app.requestSingleInstanceLock();
      return result;
    },
    printPdf: (html, options) => renderPdf({ BrowserWindow, session }, html, options),
    // A native dialog of the main process: the page cannot answer it for the technician.
    confirmFix: async (request) => {
      const win = getWindow();
      const options = confirmDialogOptions(request);
      return confirmedBy(await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)));
    },
  };
}

/** The machine journal folder when elevated on Windows, secured before use; the per-user one otherwise. */
async function prepareDataDir(): Promise<string> {
  const elevated = await isElevated(process.platform, execNoShell).catch(() => false);
  const choice = chooseDataDir({ platform: process.platform, elevated, userData: app.getPath('userData'), env: process.env });
  if (choice.kind !== 'machine') return choice.dir;
  try {
    const { movedAside } = await secureWindowsJournalFolder(choice.dir, execNoShell);
    if (movedAside) console.warn(`rdp-doctor: moved an untrusted journal folder aside: ${movedAside}`);
    return choice.dir;
  } catch (error) {
    // Never write rollback data into a folder we could not secure; a per-user journal is still safe.
    console.warn(`rdp-doctor: ${error instanceof Error ? error.message : String(error)}; using the per-user journal`);
    return app.getPath('userData');
  }
}

interface WindowPlan {
  indexFile: string;
  indexUrl: string;
  preloadFile: string;
  allowedUrls: WeakMap<WebContents, string>;
}

async function openMainWindow(service: AppService, plan: WindowPlan, track: (win: BrowserWindow | null) => void): Promise<void> {
  const win = new BrowserWindow(mainWindowOptions(plan.preloadFile, { devTools: !app.isPackaged }));
  track(win);
  plan.allowedUrls.set(win.webContents, plan.indexUrl);
  registerIpc(
    ipcMain,
    createIpcHandlers(service, {
      webContentsId: () => (win.isDestroyed() ? null : win.webContents.id),
      mainFrame: () => (win.isDestroyed() ? null : win.webContents.mainFrame),
      indexUrl: () => plan.indexUrl,
    }),
  );
  forwardEvents(service, () => (win.isDestroyed() ? null : win.webContents));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => track(null));
  await win.loadFile(plan.indexFile);
}

/**
 * Started by the host's one-time task as SYSTEM: no window, no IPC; the validated rollback of one journal
 * entry in the machine journal, then exit.
 */
async function runScheduledRevertMode(entryId: string): Promise<void> {
  await app.whenReady();
  const dataDir = await prepareDataDir();
  const dir = journalDir({ kind: 'powershell' }, dataDir);
  // The same host lock as the app, browser mode and the CLI: the revert never lands in the middle of a fix.
  const lock = await acquireFileLock(path.join(dir, 'host'), 120_000);
  const host = openHost({ kind: 'powershell' });
  try {
    const entry = await runScheduledRevert(host, new Journal(dir), entryId, new Date().toISOString());
    app.exit(entry && entry.state === 'rolled-back' ? 0 : 1);
  } finally {
    await host.close();
    lock.release();
  }
}

/** Every program this process starts comes from the Windows folder: not from a SystemRoot Windows disowns. */
function refusedSystemRoot(revertId: string | undefined): boolean {
  const refusal = process.platform === 'win32' ? systemRootRefusal(process.env) : undefined;
  if (!refusal) return false;
  // The scheduled revert runs in session 0, which has no desktop for an error box.
  if (revertId === undefined) dialog.showErrorBox('RDP Doctor cannot start', refusal);
  else console.error(`rdp-doctor: ${refusal}`);
  app.exit(2);
  return true;
}

function startScheduledRevert(revertId: string): void {
  // No page is ever shown in this mode: anything that creates one gets the guards and may load nothing.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, { allowedUrl: () => null, openLink: () => undefined }));
  // Session 0 has no desktop for an error box: the outcome is in the journal entry and the exit code.
  runScheduledRevertMode(revertId).catch((error: unknown) => {
    console.error(`rdp-doctor: scheduled revert failed: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}

export function startApp(createAppService: (options: AppServiceOptions) => Promise<AppService>): void {
  let revertId: string | undefined;
  try {
    revertId = scheduledRevertLaunch(process.argv, app.isPackaged);
  } catch (error) {
    fail('RDP Doctor: bad command line', error);
  }
  if (!hardenProcess() || refusedSystemRoot(revertId)) return;
  if (revertId !== undefined) return startScheduledRevert(revertId);
  if (!takeSingleInstanceLock()) return;
  const indexFile = path.join(__dirname, '..', 'renderer', 'index.html');
  const plan: WindowPlan = {
    indexFile,
    indexUrl: pathToFileURL(indexFile).href,
    preloadFile: path.join(__dirname, 'preload.cjs'),
    allowedUrls: new WeakMap(),
  };
  let window: BrowserWindow | null = null;
  let service: AppService | null = null;

  // Every webContents, including ones nobody meant to create, gets the guards; unknown ones may show nothing.
  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, {
      allowedUrl: () => plan.allowedUrls.get(contents) ?? null,
      openLink: (url) => void openExternalSafely(url, opener()).catch(() => undefined),
    });
  });
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void service?.close();
  });
  const hooks = createHooks(() => window);
  // Decided once the elevation is known (whenReady); until then links open through Explorer when on Windows.
  let elevatedNow = process.platform === 'win32';
  const opener = () =>
    linkOpener({ platform: process.platform, elevated: elevatedNow, systemRoot: systemRoot(process.env) }, shell, execNoShell);
  void isElevated(process.platform, execNoShell)
    .then((e) => {
      elevatedNow = e;
    })
    .catch(() => undefined);

  app
    .whenReady()
    .then(async () => {
      lockDownPermissions(session.defaultSession, () => plan.indexUrl);
      installCspHeader(session.defaultSession);
      const dataDir = await prepareDataDir();
      let host: HostChoice;
      try {
        host = hostChoice({ argv: process.argv, platform: process.platform, packaged: app.isPackaged, dataDir, env: process.env });
      } catch (error) {
        fail('RDP Doctor: bad command line', error);
      }
      // Packaged on Windows: the scripts run as administrator only if administrators alone can change them.
      const scriptsProblem = app.isPackaged && host.kind === 'powershell' ? await checkScriptsFolder(scriptsRoot(), execNoShell) : null;
      try {
        service = await createAppService({
          host,
          dataDir,
          hooks,
          ...(scriptsProblem ? { hostAdapter: refusingHost(scriptsProblem) } : {}),
        });
      } catch (error) {
        fail('RDP Doctor could not start', error);
      }
      await openMainWindow(service, plan, (win) => {
        window = win;
      });
    })
    .catch((error: unknown) => fail('RDP Doctor could not start', error));
}
