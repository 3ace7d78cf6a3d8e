// Entry of the Electron main process (bundled to dist/electron/main.cjs).
import { createAppService } from '../app/service';
import { startApp } from './app-main';

startApp(createAppService);
