// The Electron main process, wired from the policy modules beside it. main.ts only supplies the service
// factory, so this file stays testable by type and the policies stay pure.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostChoice } from '../app/host-choice';
import type { AppServiceOptions } from '../app/service';
import type { PrintPdf } from '../app/report-export';
import type { AppService, ServiceHooks } from '../app/service-types';
import { installCspHeader } from './csp';
import { chooseDataDir, prepareMachineDataDir } from './data-dir';
import { isElevated, relaunchElevated } from './elevation';
import { execNoShell } from './exec';
import { openExternalSafely } from './external-urls';
import { createIpcHandlers, forwardEvents, registerIpc } from './ipc';
import { forbiddenSwitch, hostChoice } from './launch-options';
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

export function startApp(createAppService: (options: AppServiceOptions) => Promise<AppService>): void {
  if (app.isPackaged) {
    const bad = forbiddenSwitch(process.argv);
    if (bad) {
      // Exit before the browser process starts serving anything the switch asked for.
      dialog.showErrorBox('RDP Doctor', `Refusing to start with --${bad}: this switch would expose an administrator process.`);
      app.exit(2);
      return;
    }
    Menu.setApplicationMenu(null);
  }
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const indexFile = path.join(__dirname, '..', 'renderer', 'index.html');
  const indexUrl = pathToFileURL(indexFile).href;
  const preloadFile = path.join(__dirname, 'preload.cjs');
  const allowedUrls = new WeakMap<WebContents, string>();
  let window: BrowserWindow | null = null;
  let service: AppService | null = null;

  // Every webContents, including ones nobody meant to create, gets the guards; unknown ones may show nothing.
  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, {
      allowedUrl: () => allowedUrls.get(contents) ?? null,
      openLink: (url) => void openExternalSafely(url, shell).catch(() => undefined),
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

  const hooks: ElectronHooks = {
    saveFile: (filename, mimeType, data) => saveWithDialog(dialog, window, app.getPath('documents'), filename, mimeType, data),
    relaunchElevated: async () => {
      // The elevated copy must win the single-instance lock, so this one lets go first and takes it back on failure.
      app.releaseSingleInstanceLock();
      const result = await relaunchElevated(process.platform, process.execPath, app.isPackaged ? [] : [app.getAppPath()], execNoShell);
      if (result.started) setTimeout(() => app.quit(), 300);
      else app.requestSingleInstanceLock();
      return result;
    },
    printPdf: (html, options) => renderPdf({ BrowserWindow, session }, html, options),
  };

  app
    .whenReady()
    .then(async () => {
      lockDownPermissions(session.defaultSession, () => indexUrl);
      installCspHeader(session.defaultSession);

      const elevated = await isElevated(process.platform, execNoShell).catch(() => false);
      const choice = chooseDataDir({ platform: process.platform, elevated, userData: app.getPath('userData'), env: process.env });
      let dataDir = choice.dir;
      if (choice.kind === 'machine') {
        try {
          const aside = await prepareMachineDataDir(choice.dir, execNoShell);
          for (const dir of aside) console.warn(`rdp-doctor: moved an untrusted journal folder aside: ${dir}`);
        } catch (error) {
          // Never write rollback data into a folder we could not secure; a per-user journal is still safe.
          console.warn(`rdp-doctor: ${error instanceof Error ? error.message : String(error)}; using the per-user journal`);
          dataDir = app.getPath('userData');
        }
      }
      let host: HostChoice;
      try {
        host = hostChoice({ argv: process.argv, platform: process.platform, packaged: app.isPackaged, dataDir, env: process.env });
      } catch (error) {
        fail('RDP Doctor: bad command line', error);
      }

      try {
        service = await createAppService({ host, dataDir, hooks });
      } catch (error) {
        fail('RDP Doctor could not start', error);
      }

      const win = new BrowserWindow(mainWindowOptions(preloadFile, { devTools: !app.isPackaged }));
      window = win;
      allowedUrls.set(win.webContents, indexUrl);
      registerIpc(
        ipcMain,
        createIpcHandlers(service, {
          webContentsId: () => (win.isDestroyed() ? null : win.webContents.id),
          mainFrame: () => (win.isDestroyed() ? null : win.webContents.mainFrame),
          indexUrl: () => indexUrl,
        }),
      );
      forwardEvents(service, () => (win.isDestroyed() ? null : win.webContents));
      win.once('ready-to-show', () => win.show());
      win.on('closed', () => {
        window = null;
      });
      await win.loadFile(indexFile);
    })
    .catch((error: unknown) => fail('RDP Doctor could not start', error));
}
