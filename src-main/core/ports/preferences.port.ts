// The preferences port: non-secret settings behind one schema; electron-store on desktop, conf elsewhere.
import type { Preferences, PreferencesPatch } from '../../contract/preferences.contract'

export interface PreferencesStore {
  get(): Preferences
  /** Applies a validated patch and returns the whole result. */
  set(patch: PreferencesPatch): Preferences
}

/** In-memory preferences, for tests. */
export const memoryPreferences = (initial: Preferences): PreferencesStore => {
  let current = { ...initial }
  return {
    get: () => ({ ...current }),
    set: (patch) => (current = { ...current, ...patch })
  }
}
