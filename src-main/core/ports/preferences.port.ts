// The preferences port: non-secret settings behind one schema; electron-store on desktop, conf elsewhere.
import {
  preferencesSchema,
  type Preferences,
  type PreferencesPatch
} from '../../contract/preferences.contract'

export interface PreferencesStore {
  get(): Preferences
  /** Applies a validated patch and returns the whole result. */
  set(patch: PreferencesPatch): Preferences
}

/** In-memory preferences, for tests; missing fields take their defaults. */
export const memoryPreferences = (initial: Partial<Preferences> = {}): PreferencesStore => {
  let current = preferencesSchema.parse(initial)
  return {
    get: () => ({ ...current }),
    set: (patch) => (current = { ...current, ...patch })
  }
}
