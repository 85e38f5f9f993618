// Zustand store for app-wide state (what `app:info` says, the open screen, the theme); runs in the renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { AppInfo } from '../../../src-main/contract/channels'
import type { AppErrorBody } from '../../../src-main/contract/result'
import type { Client } from '../api/client'
import { applyTheme, type ThemeChoice } from './theme'
import { screenById, type ScreenId } from './screens'

export interface AppState {
  /** `idle` before the first load, then `loading`, then `ready` or `failed`. */
  status: 'idle' | 'loading' | 'ready' | 'failed'
  info?: AppInfo
  error?: AppErrorBody
  screen: ScreenId
  /** The theme preference as last read from main; applied to <html> by theme.ts. */
  theme: ThemeChoice
  /** Asks main for `app:info` and the preferences; a failure becomes `error`, never a throw. */
  load(): Promise<void>
  /** Follows `prefs:changed` (a settings screen, another window) until the returned function runs. */
  watchPreferences(): () => void
  /** Opens a screen; returns false (and stays put) when that screen is not built yet. */
  go(screen: ScreenId): boolean
}

export type AppStore = StoreApi<AppState>

export const createAppStore = (client: Client): AppStore => {
  // Only the latest load may write: a slow first answer must not overwrite a newer retry.
  let generation = 0
  return createStore<AppState>((set) => {
    const adoptTheme = (theme: ThemeChoice) => {
      applyTheme(theme)
      set({ theme })
    }
    return {
      status: 'idle',
      screen: 'overview',
      theme: 'system',
      async load() {
        const mine = ++generation
        set({ status: 'loading' })
        const [result, prefs] = await Promise.all([
          client.call('app:info', {}),
          client.call('prefs:get', {})
        ])
        if (mine !== generation) return
        // The theme is cosmetic: without preferences the system theme stays, and app:info decides.
        if (prefs.ok) adoptTheme(prefs.value.theme)
        if (result.ok) set({ status: 'ready', info: result.value, error: undefined })
        else set({ status: 'failed', info: undefined, error: result.error })
      },
      watchPreferences() {
        return client.on('prefs:changed', (prefs) => adoptTheme(prefs.theme))
      },
      go(screen) {
        if (!screenById(screen).available) return false
        set({ screen })
        return true
      }
    }
  })
}

const AppStoreContext = createContext<AppStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests a fake. */
export const AppStoreProvider = AppStoreContext.Provider

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext)
  if (!store) throw new Error('useAppStore needs an <AppStoreProvider> above it.')
  return useStore(store, selector)
}
