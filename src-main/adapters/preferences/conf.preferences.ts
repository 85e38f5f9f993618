// Preferences stored as JSON through `conf` (web mode, CLI) or electron-store (desktop, a subclass of conf).
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import {
  preferencesSchema,
  type Preferences,
  type PreferencesPatch
} from '../../contract/preferences.contract'
import type { PreferencesStore } from '../../core/ports/preferences.port'

/** The file name (without .json) every mode shares, inside the data folder. */
export const preferencesFileName = 'preferences'

/** What this adapter needs of a conf-like store: electron-store and conf both provide it. */
export interface ConfLike {
  readonly store: Record<string, unknown>
  set(object: Record<string, unknown>): void
  clear(): void
}

/**
 * Reads tolerantly: an unknown or invalid field falls back to its default instead of losing every
 * setting, because people edit this file by hand and older builds may have written other fields.
 */
const readTolerantly = (raw: Record<string, unknown>): Preferences => {
  const whole = preferencesSchema.safeParse(raw)
  if (whole.success) return whole.data
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const single = preferencesSchema.safeParse({ [key]: value })
    if (single.success) kept[key] = value
  }
  return preferencesSchema.parse(kept)
}

export const createConfPreferences = (store: ConfLike): PreferencesStore => ({
  get: () => readTolerantly(store.store),
  set(patch: PreferencesPatch) {
    const next = preferencesSchema.parse({ ...readTolerantly(store.store), ...patch })
    store.clear()
    store.set(next)
    return next
  }
})

const openConf = (dataDir: string) =>
  new Conf<Record<string, unknown>>({
    projectName: 'hubkeys',
    cwd: dataDir,
    configName: preferencesFileName,
    configFileMode: 0o600
  })

/**
 * Plain-Node preferences in `<dataDir>/preferences.json`, the same file the desktop app uses. A file
 * that is not JSON is moved aside (never overwritten) and `movedAside` names it for the caller.
 */
export const openConfPreferences = (
  dataDir: string,
  now: () => number = Date.now
): PreferencesStore & { movedAside?: string } => {
  try {
    return createConfPreferences(openConf(dataDir))
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const file = join(dataDir, `${preferencesFileName}.json`)
    const movedAside = `${file}.corrupt-${now()}`
    renameSync(file, movedAside)
    return { ...createConfPreferences(openConf(dataDir)), movedAside }
  }
}
