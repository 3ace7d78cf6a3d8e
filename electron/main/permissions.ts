// Web permissions (camera, notifications, HID, serial, geolocation ...) are refused: the app needs none of
// them, and in an elevated process a granted device permission is an administrator's device.
import type { Session } from 'electron';
import { isSameDocument } from './navigation';

/**
 * The single exception: writing plain text to the clipboard ("copy summary"), from our own document only.
 * Reading the clipboard stays denied.
 */
const ALLOWED_FROM_OWN_DOCUMENT: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function permissionDecision(permission: string, requestingUrl: string, indexUrl: string | null): boolean {
  return ALLOWED_FROM_OWN_DOCUMENT.has(permission) && isSameDocument(requestingUrl, indexUrl);
}

export function lockDownPermissions(session: Session, indexUrl: () => string | null): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl ?? contents.getURL(), indexUrl()));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionDecision(permission, details.requestingUrl ?? '', indexUrl()),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  // Reports are saved by the main process through a dialog; the renderer never downloads anything.
  session.on('will-download', (event) => event.preventDefault());
}
