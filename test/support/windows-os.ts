// A stand-in for what Windows says about its own folder (the kernel's \SystemRoot link): there is no Windows
// kernel here. It models one installation in `folder`; every path outside it is some other folder.
import { afterEach, beforeEach, vi } from 'vitest';
import { windowsOs, type WindowsOs } from '../../electron/hosts/powershell/executable';

export function fakeWindowsOs(
  folder = 'C:\\Windows',
  files: readonly string[] = ['System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
): WindowsOs {
  const inside = new Set(files.map((f) => `${folder}\\${f}`.toLowerCase()));
  return {
    kernelFolder: () => folder,
    isKernelFolder: (path) => path.toLowerCase() === folder.toLowerCase(),
    isFile: (path) => inside.has(path.toLowerCase()),
  };
}

/** Makes the product's own windowsOs answer like fakeWindowsOs, for code that does not take one as a parameter. */
export function installFakeWindowsOs(folder = 'C:\\Windows'): void {
  const fake = fakeWindowsOs(folder);
  vi.spyOn(windowsOs, 'kernelFolder').mockImplementation(fake.kernelFolder);
  vi.spyOn(windowsOs, 'isKernelFolder').mockImplementation(fake.isKernelFolder);
  vi.spyOn(windowsOs, 'isFile').mockImplementation(fake.isFile);
}

/** For a describe block: Windows as installed in C:\Windows, and process.env as Windows sets it, for each test. */
export function asInstalledWindows(): void {
  beforeEach(() => {
    installFakeWindowsOs('C:\\Windows');
    vi.stubEnv('SystemRoot', 'C:\\Windows');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
}
