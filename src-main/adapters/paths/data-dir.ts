// Where Hubkeys keeps its data on each platform; the desktop app, web mode and the CLI share this folder.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const appFolderName = 'Hubkeys'

/**
 * The same folder Electron's `app.getPath('userData')` gives for an app named Hubkeys, so the CLI
 * and web mode open the desktop app's store. Electron main sets userData to this path explicitly.
 */
export const defaultDataDir = (
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir()
): string => {
  if (env.HUBKEYS_DATA_DIR) return env.HUBKEYS_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appFolderName)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appFolderName)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), appFolderName)
}
