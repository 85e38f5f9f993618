// Where the desktop app finds the files it ships beside its code (window icon, Electron-ABI SQLite addon), packaged or run from the project; Electron main.
import { join } from 'node:path'

/**
 * Paths inside the packaged app's resources folder (`process.resourcesPath`). electron-builder's
 * `extraResources` (resources/electron-builder.config.ts) puts the files there, outside the asar:
 * the addon must be a real file for the loader, and the icon is read by the OS window code.
 */
export const packagedAssets = {
  /** Linux window icon; the same name under resources/ in the project. */
  windowIconPng: 'icons/256x256.png',
  /** Windows window icon (several sizes in one file); the same name under resources/. */
  windowIconIco: 'icon.ico',
  /** better-sqlite3 built for the packaged Electron, made at packaging (resources/electron-sqlite.build.ts). */
  sqliteBinding: 'native/better_sqlite3.node'
} as const

export interface AssetFacts {
  /** `app.isPackaged`. */
  isPackaged: boolean
  /** `process.resourcesPath`: where `extraResources` land in a packaged app. */
  resourcesPath: string
  /** `app.getAppPath()`: the project folder when run unpackaged. */
  appPath: string
}

/** The folder holding the icon files: the packaged resources folder, or the project's resources/. */
export const assetDir = ({ isPackaged, resourcesPath, appPath }: AssetFacts): string =>
  isPackaged ? resourcesPath : join(appPath, 'resources')

/**
 * The icon for BrowserWindow's `icon` option. macOS takes the window icon from the app bundle's
 * .icns and ignores this option, so none is given there.
 */
export const windowIconPath = (
  facts: AssetFacts,
  platform: NodeJS.Platform
): string | undefined => {
  if (platform === 'darwin') return undefined
  const name = platform === 'win32' ? packagedAssets.windowIconIco : packagedAssets.windowIconPng
  return join(assetDir(facts), ...name.split('/'))
}

/** Where a packaged app's Electron-ABI better-sqlite3 addon is (unpackaged, see launch-decision.ts). */
export const packagedSqliteBindingPath = (resourcesPath: string): string =>
  join(resourcesPath, ...packagedAssets.sqliteBinding.split('/'))
