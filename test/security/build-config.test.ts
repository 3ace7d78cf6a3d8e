// The installer configuration: nothing here can download Electron or NSIS, so the config is checked against
// electron-builder's own JSON schema and the security-relevant points are asserted one by one.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { ICO_SIZES } from '../../scripts/make-icon.mjs';

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8'));
const afterpack = require('../../build/afterpack.cjs') as {
  (context: unknown): Promise<void>;
  fuseConfig(platform: string, version: typeof FuseVersion, options: typeof FuseV1Options): Record<string | number, unknown>;
};

describe('electron-builder configuration', () => {
  it('validates against the schema shipped in app-builder-lib', () => {
    const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (options: object) => {
      compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
    };
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
  });

  it('the schema check rejects a config with a typo (it is not vacuous)', () => {
    const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (options: object) => {
      compile(schema: object): (data: unknown) => boolean;
    };
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
    expect(validate({ ...config, win: { ...config.win, requestedExecutionLevel: 'godMode' } })).toBe(false);
  });

  it('installs per machine with a directory page, as administrator, as RDP Doctor', () => {
    expect(config.productName).toBe('RDP Doctor');
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win.requestedExecutionLevel).toBe('requireAdministrator');
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true });
    expect(config.asar).toBe(true);
  });

  it('ships every .ps1 outside the asar under resources/ps, with its relative path', () => {
    expect(config.extraResources).toContainEqual({ from: 'electron/engine', to: 'ps', filter: ['**/*.ps1'] });
    expect(config.files.some((f: string) => f.includes('.ps1'))).toBe(false);
  });

  it('the install folder ACL is reset by SID, whatever folder the admin picked', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const nsh = readFileSync('build/installer.nsh', 'utf8');
    expect(nsh).toMatch(/!macro customInstall/);
    expect(nsh).toMatch(/\$SYSDIR\\icacls\.exe" "\$INSTDIR" \/inheritance:r/);
    expect(nsh).toContain('*S-1-5-32-545:(OI)(CI)RX');
  });

  it('the icon is generated from the SVG in the repo', () => {
    expect(config.win.icon).toBe('build/icon.ico');
    expect(existsSync('build/icon.svg')).toBe(true);
    const ico = readFileSync('build/icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entry = 6 + 16 * i;
      sizes.push(ico.readUInt8(entry) || 256);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      expect(ico.subarray(offset, offset + 8).toString('hex')).toBe('89504e470d0a1a0a');
    }
    expect(sizes).toEqual(ICO_SIZES);
  });
});

describe('Electron fuses (afterPack)', () => {
  it('is the afterPack hook', () => {
    expect(config.afterPack).toBe('build/afterpack.cjs');
    expect(typeof afterpack).toBe('function');
  });

  it('turns off RunAsNode, NODE_OPTIONS and --inspect; only the integrity-checked asar loads', () => {
    const win = afterpack.fuseConfig('win32', FuseVersion, FuseV1Options);
    expect(win.version).toBe(FuseVersion.V1);
    expect(win[FuseV1Options.RunAsNode]).toBe(false);
    expect(win[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(win[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(win[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(win[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(win[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(afterpack.fuseConfig('linux', FuseVersion, FuseV1Options)[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(false);
  });

  it('hands the fuses to the packager for the packaged executable', async () => {
    const seen: unknown[] = [];
    const context = {
      electronPlatformName: 'win32',
      appOutDir: path.join('out', 'win-unpacked'),
      packager: { addElectronFuses: async (ctx: unknown, fuses: unknown) => void seen.push(ctx, fuses) },
    };
    await afterpack(context);
    expect(seen[0]).toBe(context);
    expect(seen[1]).toEqual(afterpack.fuseConfig('win32', FuseVersion, FuseV1Options));
  });
});
