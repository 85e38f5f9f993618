// Zustand store of the hygiene overview: the checks' counts, the next keys to expire, the .ics export and the reminder banner; renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type {
  HygieneIcs,
  HygieneSummary,
  KeyRow
} from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody, Result } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

/** Where the banner's dismissal is kept: this browser session only. */
export interface DismissalStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export interface HygieneState {
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  summary?: HygieneSummary
  error?: AppErrorBody
  /** The soonest keys to expire (within 30 days), for the overview's list. */
  upcoming: KeyRow[]
  /** The signature of the reminders dismissed this session (see reminders.ts). */
  dismissed?: string
  /** Reads the counts and the next expiries; keeps what is shown if it fails. */
  load(): Promise<void>
  /** Reads again after every finished sync, until the returned function runs. */
  watch(): () => void
  /** Asks main for the calendar of keys expiring within `days`, in this computer's time zone. */
  calendar(days: number): Promise<Result<HygieneIcs>>
  dismiss(signature: string): void
  clear(): void
}

export type HygieneStore = StoreApi<HygieneState>

export interface HygieneStoreOptions {
  storage?: DismissalStorage
  /** The IANA time zone calendar dates are computed in. */
  timeZone?: () => string | undefined
}

const dismissedKey = 'hubkeys.reminders.dismissed'
export const upcomingCount = 8

const sessionStore = (): DismissalStorage | undefined => {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage
  } catch {
    // Storage can be refused (privacy settings); the banner then comes back on reload.
    return undefined
  }
}

const localTimeZone = (): string | undefined => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined
  } catch {
    return undefined
  }
}

export const createHygieneStore = (
  client: Client,
  options: HygieneStoreOptions = {}
): HygieneStore => {
  const storage = options.storage ?? sessionStore()
  const timeZone = options.timeZone ?? localTimeZone
  let generation = 0
  let reloadTimer: ReturnType<typeof setTimeout> | undefined

  const readDismissed = () => {
    try {
      return storage?.getItem(dismissedKey) ?? undefined
    } catch {
      return undefined
    }
  }

  return createStore<HygieneState>((set, get) => ({
    phase: 'idle',
    upcoming: [],
    dismissed: readDismissed(),

    async load() {
      const mine = ++generation
      set({ phase: get().summary ? 'ready' : 'loading' })
      const [summary, upcoming] = await Promise.all([
        client.call('hygiene:summary', {}),
        client.call('keys:query', {
          search: '',
          filter: { expiringWithinDays: 30 },
          sort: { field: 'expires', direction: 'asc' },
          limit: upcomingCount
        })
      ])
      if (mine !== generation) return
      if (!summary.ok) {
        set({ phase: get().summary ? 'ready' : 'failed', error: summary.error })
        return
      }
      set({
        phase: 'ready',
        summary: summary.value,
        error: undefined,
        upcoming: upcoming.ok ? upcoming.value.rows : get().upcoming
      })
    },

    watch() {
      const stop = client.on('sync:progressed', (event) => {
        if (!event.done) return
        if (reloadTimer !== undefined) clearTimeout(reloadTimer)
        reloadTimer = setTimeout(() => {
          reloadTimer = undefined
          void get().load()
        }, 250)
      })
      return () => {
        stop()
        if (reloadTimer !== undefined) clearTimeout(reloadTimer)
        reloadTimer = undefined
      }
    },

    calendar(days) {
      const zone = timeZone()
      return client.call('hygiene:ics', { days, ...(zone ? { timeZone: zone } : {}) })
    },

    dismiss(signature) {
      set({ dismissed: signature })
      try {
        storage?.setItem(dismissedKey, signature)
      } catch {
        // Not kept: the banner returns after a reload, which is harmless.
      }
    },

    clear() {
      generation += 1
      set({ phase: 'idle', summary: undefined, error: undefined, upcoming: [] })
    }
  }))
}

const HygieneStoreContext = createContext<HygieneStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests their own. */
export const HygieneStoreProvider = HygieneStoreContext.Provider

export function useHygieneStore<T>(selector: (state: HygieneState) => T): T {
  const store = useContext(HygieneStoreContext)
  if (!store) throw new Error('useHygieneStore needs a <HygieneStoreProvider> above it.')
  return useStore(store, selector)
}
