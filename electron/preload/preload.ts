// Sandboxed preload: the only bridge between the page and the main process. It exposes exactly the
// contract's channels and events as window.rdpDoctor, and nothing of ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createRdpApi } from './api';

contextBridge.exposeInMainWorld('rdpDoctor', createRdpApi(ipcRenderer));
