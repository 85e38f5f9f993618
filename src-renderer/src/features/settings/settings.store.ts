// Zustand store of the preferences the settings screen edits (theme, idle lock, clipboard delay); renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { Preferences } from '../../../../src-main/contract/preferences.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

/** The preferences a person edits on the settings screen (window state is saved by main). */
export type PreferenceField =
  'theme' | 'idleMinutes' | 'clipboardSeconds' | 'syncMinutes' | 'maxKeyAgeDays'

export interface SettingsState {
  /** The client this store calls through, for settings rows that call channels of their own (backups). */
  client: Client
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  prefs?: Preferences
  loadError?: AppErrorBody
  /** Fields whose change main has not confirmed yet. */
  saving: Partial<Record<PreferenceField, true>>
  /** Why the last change of a field was refused; cleared by the next change of that field. */
  errors: Partial<Record<PreferenceField, AppErrorBody>>
  load(): Promise<void>
  /** Follows `prefs:changed` (another window, the CLI) until the returned function runs. */
  watch(): () => void
  /** Applies one preference at once; shows it straight away and puts it back if main refuses. */
  change<F extends PreferenceField>(field: F, value: Preferences[F]): Promise<boolean>
}

export type SettingsStore = StoreApi<SettingsState>

const without = <T extends object>(record: T, key: keyof T): T => {
  const copy = { ...record }
  delete copy[key]
  return copy
}

export const createSettingsStore = (client: Client): SettingsStore => {
  let generation = 0
  return createStore<SettingsState>((set, get) => ({
    client,
    phase: 'idle',
    saving: {},
    errors: {},
    async load() {
      const mine = ++generation
      set({ phase: get().prefs ? 'ready' : 'loading' })
      const result = await client.call('prefs:get', {})
      if (mine !== generation) return
      if (result.ok) set({ phase: 'ready', prefs: result.value, loadError: undefined })
      else set({ phase: 'failed', loadError: result.error })
    },
    watch() {
      return client.on('prefs:changed', (prefs) => set({ prefs, phase: 'ready' }))
    },
    async change(field, value) {
      const before = get().prefs
      set((state) => ({
        prefs: state.prefs && { ...state.prefs, [field]: value },
        saving: { ...state.saving, [field]: true },
        errors: without(state.errors, field)
      }))
      const result = await client.call('prefs:set', { [field]: value })
      if (result.ok) {
        set((state) => ({ prefs: result.value, saving: without(state.saving, field) }))
        return true
      }
      set((state) => ({
        // Put back what main still holds, so the control never shows a value that was not saved.
        prefs: state.prefs && before && { ...state.prefs, [field]: before[field] },
        saving: without(state.saving, field),
        errors: { ...state.errors, [field]: result.error }
      }))
      return false
    }
  }))
}

const SettingsStoreContext = createContext<SettingsStore | null>(null)

export const SettingsStoreProvider = SettingsStoreContext.Provider

export function useSettingsStore<T>(selector: (state: SettingsState) => T): T {
  const store = useContext(SettingsStoreContext)
  if (!store) throw new Error('useSettingsStore needs a <SettingsStoreProvider> above it.')
  return useStore(store, selector)
}
