// electron-builder afterPack hook: flips the Electron fuses of the packaged executable. The app runs as
// administrator, so the binary must not be usable as a general-purpose Node (RunAsNode, NODE_OPTIONS,
// --inspect) nor load code from outside its integrity-checked app.asar.
'use strict';

/** The fuse settings, by FuseV1Options name; exported for test/security/build-config.test.ts. */
const FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: true,
  // electron-builder embeds the asar header hash in the Windows executable's resources (and Info.plist on
  // macOS), which is what this fuse checks at start; Linux has no such store, so it stays off there.
  EnableEmbeddedAsarIntegrityValidation: 'win32-darwin',
  // Kept at Electron's default (on): the renderer is loaded from file://, and Vite's module scripts need the
  // file: privileges this fuse controls. See docs/security.md.
  GrantFileProtocolExtraPrivileges: true,
};

/** Builds the @electron/fuses configuration for one platform. */
function fuseConfig(platform, FuseVersion, FuseV1Options) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin' };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[index] = value === 'win32-darwin' ? platform === 'win32' || platform === 'darwin' : value;
  }
  return config;
}

async function afterPack(context) {
  // @electron/fuses 2 is ESM-only.
  const { FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const config = fuseConfig(context.electronPlatformName, FuseVersion, FuseV1Options);
  // The packager knows the executable's name and path on each platform.
  await context.packager.addElectronFuses(context, config);
  signPackagedScripts(context);
}

/** Signs the packaged .ps1 (resources/ps) when a code-signing certificate is configured (build/sign-ps1.cjs). */
function signPackagedScripts(context) {
  const { configFromEnv, signScripts } = require('./sign-ps1.cjs');
  const signing = configFromEnv();
  if (!signing) {
    console.warn(
      'RDP Doctor: .ps1 scripts are NOT signed (no RDP_DOCTOR_SIGN_PFX / RDP_DOCTOR_SIGN_CERT): hosts with an AllSigned execution policy will refuse them.',
    );
    return;
  }
  const files = signScripts(require('node:path').join(context.appOutDir, 'resources', 'ps'), signing);
  console.log(`RDP Doctor: signed ${files.length} .ps1 scripts`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
