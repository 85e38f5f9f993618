// electron-builder's afterPack hook: puts the Electron-ABI better-sqlite3 in the package, then flips Electron's fuses before signing; Node, at packaging.
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'
import { Arch, type AfterPackContext } from 'electron-builder'
import { packagedAssets } from '../src-main/electron/app-assets'
import { buildElectronSqlite } from './electron-sqlite.build'

/**
 * Electron's fuses as the packaged app ships them (DESIGN.md section 8). Every fuse @electron/fuses
 * knows is set, so none is left to a default that a later Electron might change.
 */
export const fuses = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // Chromium's cookie store encrypted with the OS keychain, like Chrome's.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and NODE_EXTRA_CA_CERTS could inject code or trust into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and SIGUSR1 would open a debugger on the process that holds the master key.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded, so a loose app/ folder beside it cannot replace the code.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, so file:// needs none of its legacy privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
} as const satisfies FuseV1Config

export const afterPack = async (context: AfterPackContext): Promise<void> => {
  const { packager, appOutDir, electronPlatformName, arch } = context
  const binding = await buildElectronSqlite(packager.projectDir, {
    electronVersion: packager.info.framework.version,
    platform: electronPlatformName as NodeJS.Platform,
    arch: Arch[arch]
  })
  const target = join(
    packager.getResourcesDir(appOutDir),
    ...packagedAssets.sqliteBinding.split('/')
  )
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(binding, target)
  // electron-builder's own flipper (same @electron/fuses), which knows each platform's binary name.
  // Flipping breaks an arm64 Mac's ad-hoc signature; it is redone unless a real identity signs later.
  await packager.addElectronFuses(context, {
    ...fuses,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && arch === Arch.arm64
  })
}

export default afterPack
