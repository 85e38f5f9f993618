// Desktop preferences through electron-store, in the same preferences.json web mode and the CLI use; Electron main.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { ipcMain } from 'electron'
import Store from 'electron-store'
import {
  createConfPreferences,
  preferencesFileName
} from '../adapters/preferences/conf.preferences'
import type { PreferencesStore } from '../core/ports/preferences.port'

/** electron-store answers this sendSync channel for renderer-side stores; Hubkeys has none. */
const electronStoreChannel = 'electron-store-get-data'

const open = (dataDir: string) => {
  const store = new Store<Record<string, unknown>>({
    name: preferencesFileName,
    cwd: dataDir,
    configFileMode: 0o600
  })
  // The renderer reaches main only through the contract; leave no unchecked IPC listener behind.
  ipcMain.removeAllListeners(electronStoreChannel)
  return store
}

/**
 * `<dataDir>/preferences.json`, shared with web mode and the CLI. A file that is not JSON is moved
 * aside (never overwritten), as the conf adapter does, and `movedAside` names it.
 */
export const openElectronPreferences = (
  dataDir: string,
  now: () => number = Date.now
): PreferencesStore & { movedAside?: string } => {
  try {
    return createConfPreferences(open(dataDir))
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const file = join(dataDir, `${preferencesFileName}.json`)
    const movedAside = `${file}.corrupt-${now()}`
    renameSync(file, movedAside)
    return { ...createConfPreferences(open(dataDir)), movedAside }
  }
}
