import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { lockDownPermissions, permissionDecision } from '../../electron/main/permissions';
import { INDEX_URL } from './fakes';

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'clipboard-read',
  'display-capture',
  'mediaKeySystem',
  'idle-detection',
  'fileSystem',
  'window-management',
  'local-fonts',
  'unknown',
];

class FakeSession extends EventEmitter {
  request?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
  check?: (contents: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;
  device?: () => boolean;
  displayMedia?: (request: unknown, callback: (streams: unknown) => void) => void;
  setPermissionRequestHandler(h: FakeSession['request']): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: FakeSession['check']): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: FakeSession['device']): void {
    this.device = h;
  }
  setDisplayMediaRequestHandler(h: FakeSession['displayMedia']): void {
    this.displayMedia = h;
  }
}

describe('permissions', () => {
  it.each(PERMISSIONS)('denies %s, even to our own page', (permission) => {
    expect(permissionDecision(permission, INDEX_URL, INDEX_URL)).toBe(false);
  });

  it('allows only clipboard writes, and only from our own page', () => {
    expect(permissionDecision('clipboard-sanitized-write', INDEX_URL, INDEX_URL)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'https://evil.example/', INDEX_URL)).toBe(false);
    expect(permissionDecision('clipboard-sanitized-write', INDEX_URL, null)).toBe(false);
  });

  it('installs request, check, device, display-media and download handlers that refuse', () => {
    const session = new FakeSession();
    lockDownPermissions(session as unknown as Session, () => INDEX_URL);
    for (const permission of PERMISSIONS) {
      let granted: boolean | undefined;
      session.request!({ getURL: () => INDEX_URL }, permission, (g) => void (granted = g), { requestingUrl: INDEX_URL });
      expect(granted, permission).toBe(false);
      expect(session.check!(null, permission, 'file://', { requestingUrl: INDEX_URL }), permission).toBe(false);
    }
    expect(session.device!()).toBe(false);
    let streams: unknown = 'unset';
    session.displayMedia!({}, (s) => void (streams = s));
    expect(streams).toEqual({});
    let prevented = false;
    session.emit('will-download', { preventDefault: () => void (prevented = true) });
    expect(prevented).toBe(true);
    let hid: unknown = 'unset';
    session.emit('select-hid-device', { preventDefault() {} }, {}, (d: unknown) => void (hid = d));
    expect(hid).toBeNull();
  });
});
