// Decides how `npm start` runs (desktop app or web mode) from facts about this machine; plain Node, no electron.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LaunchFacts {
  /** Absolute path of Electron's executable when it is installed, else undefined. */
  electronBinary: string | undefined
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** `process.getuid()` where it exists: Chromium refuses to run as root without --no-sandbox. */
  uid?: number
  /** The Electron-ABI better-sqlite3 build (DESIGN.md section 10), when one has been made. */
  electronSqliteBinding?: string | undefined
}

export type LaunchDecision =
  { mode: 'electron'; binary: string; sqliteBinding: string } | { mode: 'web'; reason: string }

const webInstead = 'starting web mode instead.'

/** Pure: what `npm start` should do on this machine, and the one line to print when it falls back. */
export const decideLaunch = ({
  electronBinary,
  platform,
  env,
  uid,
  electronSqliteBinding
}: LaunchFacts): LaunchDecision => {
  if (!electronBinary) {
    return {
      mode: 'web',
      reason: `Hubkeys: no Electron binary is installed here (it could not be downloaded); ${webInstead}`
    }
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      mode: 'web',
      reason: `Hubkeys: no display is available (neither DISPLAY nor WAYLAND_DISPLAY is set); ${webInstead}`
    }
  }
  if (platform === 'linux' && uid === 0) {
    // We never pass --no-sandbox: the renderer sandbox is part of the security model.
    return {
      mode: 'web',
      reason: `Hubkeys: the desktop app does not run as root (its sandbox would have to be turned off); ${webInstead}`
    }
  }
  if (!electronSqliteBinding) {
    // The desktop app must not load the Node-ABI better-sqlite3 that tests and web mode use.
    return {
      mode: 'web',
      reason: `Hubkeys: the SQLite module has no build for Electron here (node_modules/.electron-native/better_sqlite3.node is missing); ${webInstead}`
    }
  }
  return { mode: 'electron', binary: electronBinary, sqliteBinding: electronSqliteBinding }
}

/**
 * Where the electron package put its binary, without importing `electron` (which throws when the
 * download failed). Its install script writes the executable's path, relative to dist/, to path.txt.
 */
export const findElectronBinary = (electronPackageDir: string): string | undefined => {
  try {
    const relative = readFileSync(join(electronPackageDir, 'path.txt'), 'utf8').trim()
    if (!relative) return undefined
    const binary = join(electronPackageDir, 'dist', relative)
    return existsSync(binary) ? binary : undefined
  } catch {
    return undefined
  }
}

/**
 * The better-sqlite3 build for Electron's ABI lives apart from the Node build that tests and web mode
 * use. Make it on a machine with network access, for the installed Electron version (node_modules/
 * electron/package.json), then copy the resulting build/Release/better_sqlite3.node here:
 * - in a copy of node_modules/better-sqlite3: `npx prebuild-install --runtime electron --target
 *   <version>` (downloads better-sqlite3's own prebuilt Electron binary), or
 * - `npx @electron/rebuild --version <version> --only better-sqlite3` (compiles against Electron's
 *   headers in place), then `npm rebuild better-sqlite3` to restore the Node build.
 */
export const findElectronSqliteBinding = (nodeModulesDir: string): string | undefined => {
  const binding = join(nodeModulesDir, '.electron-native', 'better_sqlite3.node')
  return existsSync(binding) ? binding : undefined
}
