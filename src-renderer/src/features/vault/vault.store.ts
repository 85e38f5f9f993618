// Zustand store of the vault as this window sees it (status, lock reason, unlock wait, remembering); runs in the renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type {
  LockReason,
  RememberRequest,
  VaultStatus
} from '../../../../src-main/contract/vault.contract'
import type { Client } from '../../api/client'

/** The result of an action: done, refused with an error, or ignored because one is already running. */
export type VaultOutcome = { done: true } | { done: false; error?: AppErrorBody }

export type VaultAction =
  'create' | 'unlock' | 'unlock-remembered' | 'lock' | 'change-password' | 'remember'

export interface VaultState {
  /** `idle` before the first load, then `loading`, then `ready` or `failed`. */
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  status?: VaultStatus
  /** Why `vault:status` could not be read; the gate shows it instead of any screen. */
  loadError?: AppErrorBody
  /** The action under way, if any; buttons show it and a second submit is ignored. */
  busy?: VaultAction
  /** What the last create or unlock answered, for the screen that sent it. */
  createError?: AppErrorBody
  unlockError?: AppErrorBody
  /** Why unlocking with this device's keychain failed; the password field is the way in then. */
  deviceUnlockError?: AppErrorBody
  /**
   * The first status this window read said "locked, remembered": the unlock screen tries the
   * keychain once. Never set again, so locking on purpose is not undone by the next screen.
   */
  deviceUnlockPending: boolean
  /** One sentence saying why the vault locked while this window watched ("Locked after 15 idle minutes."). */
  lockNotice?: string
  /** When (epoch ms) the unlock wait after repeated failures ends; in the past once it is over. */
  retryAt?: number
  /**
   * Goes up each time the vault locks. Screens that cache anything while unlocked key on it, so a
   * lock drops that state even if a screen were still mounted.
   */
  session: number
  /** The clock the store and its countdown read; tests pass their own. */
  now(): number
  load(): Promise<void>
  /** Re-reads the status quietly; keeps what is shown if it fails. */
  refresh(): Promise<void>
  /** Follows `vault:locked` and `vault:unlocked` until the returned function runs. */
  watch(): () => void
  create(password: string): Promise<VaultOutcome>
  unlock(password: string): Promise<VaultOutcome>
  lock(): Promise<VaultOutcome>
  changePassword(current: string, next: string): Promise<VaultOutcome>
  /** Unlocks with the key this device's keychain holds (when the status says `remembered`). */
  unlockRemembered(): Promise<VaultOutcome>
  /** The one automatic try at start-up, when `deviceUnlockPending`; otherwise does nothing. */
  unlockRememberedOnStart(): Promise<VaultOutcome>
  /** Turns "remember on this device" on (with the master password) or off. */
  remember(request: RememberRequest): Promise<VaultOutcome>
  /** Reports user activity for idle locking, at most once per `touchIntervalMs`. */
  touch(): void
}

export type VaultStore = StoreApi<VaultState>

export interface VaultStoreOptions {
  now?: () => number
}

/** Main re-arms its idle timer on each touch; minutes-long idle times need no finer grain than this. */
export const touchIntervalMs = 30_000

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** The sentence the unlock screen shows after a lock; manual locks need no explanation. */
export const lockNoticeFor = (reason: LockReason, idleMinutes?: number): string | undefined => {
  switch (reason) {
    case 'idle':
      return idleMinutes && idleMinutes > 0
        ? `Locked after ${plural(idleMinutes, 'idle minute')}.`
        : 'Locked after a period of inactivity.'
    case 'suspend':
      return 'Locked because the computer went to sleep.'
    case 'screen-lock':
      return 'Locked because the screen was locked.'
    case 'quit':
      return 'Locked because Hubkeys was closing.'
    case 'manual':
      return undefined
  }
}

export const createVaultStore = (client: Client, options: VaultStoreOptions = {}): VaultStore => {
  const now = options.now ?? Date.now
  // Only the latest load may write: a slow first answer must not overwrite a newer retry.
  let generation = 0
  // Unlocking re-arms main's idle timer, so activity just after it need not be reported.
  let lastTouch = Number.NEGATIVE_INFINITY
  // Only the first status read decides whether the keychain is tried without being asked.
  let startSeen = false

  return createStore<VaultState>((set, get) => {
    /** Takes a status from main; the wait it reports extends, never shortens, the one shown. */
    const adopt = (status: VaultStatus) => {
      const wait = status.retryAfterSeconds
      set((state) => ({
        status,
        phase: 'ready',
        session:
          state.status?.state === 'unlocked' && status.state !== 'unlocked'
            ? state.session + 1
            : state.session,
        loadError: undefined,
        ...(status.state === 'unlocked'
          ? {
              retryAt: undefined,
              unlockError: undefined,
              createError: undefined,
              deviceUnlockError: undefined,
              deviceUnlockPending: false
            }
          : wait !== undefined && wait > 0
            ? { retryAt: Math.max(state.retryAt ?? 0, now() + wait * 1000) }
            : {})
      }))
      if (status.state === 'unlocked') lastTouch = now()
    }

    /** Shows the unlock screen at once; everything cached while unlocked goes with the frame. */
    const becomeLocked = (notice?: string) => {
      set((state) => ({
        status: state.status && { ...state.status, state: 'locked' },
        session: state.status?.state === 'unlocked' ? state.session + 1 : state.session,
        lockNotice: notice,
        unlockError: undefined,
        busy: state.busy === 'change-password' ? undefined : state.busy
      }))
    }

    /** Re-reads the status quietly (after an event or a failure); keeps the screen if it fails. */
    const refresh = async () => {
      const result = await client.call('vault:status', {})
      if (result.ok) adopt(result.value)
    }

    /** Runs one action at a time; a second submit while one runs is ignored, not queued. */
    const exclusive = async (
      action: VaultAction,
      work: () => Promise<VaultOutcome>
    ): Promise<VaultOutcome> => {
      if (get().busy) return { done: false }
      set({ busy: action })
      try {
        return await work()
      } finally {
        if (get().busy === action) set({ busy: undefined })
      }
    }

    const unlockRemembered = () =>
      exclusive('unlock-remembered', async () => {
        set({ unlockError: undefined, deviceUnlockError: undefined, deviceUnlockPending: false })
        const result = await client.call('vault:unlock-remembered', {})
        if (result.ok) {
          set({ lockNotice: undefined })
          adopt(result.value)
          return { done: true }
        }
        set({ deviceUnlockError: result.error })
        // Main may have forgotten the key (the keychain changed): the status says so.
        void refresh()
        return { done: false, error: result.error }
      })

    return {
      phase: 'idle',
      session: 0,
      deviceUnlockPending: false,
      now,
      async load() {
        const mine = ++generation
        set({ phase: 'loading' })
        const result = await client.call('vault:status', {})
        if (mine !== generation) return
        if (!result.ok) {
          set({ phase: 'failed', loadError: result.error })
          return
        }
        if (!startSeen) {
          startSeen = true
          const { state, remembered } = result.value
          set({ deviceUnlockPending: state === 'locked' && remembered })
        }
        adopt(result.value)
      },

      refresh,

      watch() {
        const stopLocked = client.on('vault:locked', ({ reason }) => {
          becomeLocked(lockNoticeFor(reason))
          void refresh()
          if (reason === 'idle') {
            // The notice names the idle time; it is a preference, readable while locked.
            void client.call('prefs:get', {}).then((prefs) => {
              if (prefs.ok && get().status?.state === 'locked') {
                set({ lockNotice: lockNoticeFor('idle', prefs.value.idleMinutes) })
              }
            })
          }
        })
        const stopUnlocked = client.on('vault:unlocked', () => {
          // Another window (or this one's own call) unlocked it; the status says what is true now.
          void refresh()
        })
        return () => {
          stopLocked()
          stopUnlocked()
        }
      },

      create(password) {
        return exclusive('create', async () => {
          set({ createError: undefined })
          const result = await client.call('vault:create', { password })
          if (result.ok) {
            adopt(result.value)
            return { done: true }
          }
          set({ createError: result.error })
          // Someone else created it meanwhile: the status moves this window to the unlock screen.
          if (result.error.code === 'CONFLICT') void refresh()
          return { done: false, error: result.error }
        })
      },

      unlock(password) {
        const { retryAt } = get()
        if (retryAt !== undefined && retryAt > now()) return Promise.resolve({ done: false })
        return exclusive('unlock', async () => {
          set({ deviceUnlockError: undefined, deviceUnlockPending: false })
          const result = await client.call('vault:unlock', { password })
          if (result.ok) {
            set({ lockNotice: undefined })
            adopt(result.value)
            return { done: true }
          }
          const { error } = result
          const wait = error.retryAfterSeconds
          set({
            unlockError: error,
            ...(wait !== undefined && wait > 0 ? { retryAt: now() + wait * 1000 } : {})
          })
          // The failure count changed in main; the status carries it (and a vault gone missing).
          void refresh()
          return { done: false, error }
        })
      },

      async lock() {
        // The screen goes first: whatever answers, nothing sensitive stays on it.
        becomeLocked(undefined)
        const result = await client.call('vault:lock', {})
        if (result.ok) {
          adopt(result.value)
          return { done: true }
        }
        set({ unlockError: result.error })
        return { done: false, error: result.error }
      },

      changePassword(current, next) {
        return exclusive('change-password', async () => {
          const result = await client.call('vault:change-password', { current, next })
          if (result.ok) {
            adopt(result.value)
            return { done: true }
          }
          if (result.error.code === 'LOCKED') void refresh()
          return { done: false, error: result.error }
        })
      },

      unlockRemembered,

      unlockRememberedOnStart() {
        const { deviceUnlockPending, status } = get()
        if (!deviceUnlockPending || status?.state !== 'locked' || !status.remembered) {
          return Promise.resolve({ done: false })
        }
        return unlockRemembered()
      },

      remember(request) {
        return exclusive('remember', async () => {
          const result = await client.call('vault:remember', request)
          if (result.ok) {
            adopt(result.value)
            return { done: true }
          }
          // LOCKED meanwhile, or the keychain refused: the status says what is true now.
          void refresh()
          return { done: false, error: result.error }
        })
      },

      touch() {
        if (get().status?.state !== 'unlocked') return
        const at = now()
        if (at - lastTouch < touchIntervalMs) return
        lastTouch = at
        void client.call('vault:touch', {})
      }
    }
  })
}

const VaultStoreContext = createContext<VaultStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests their own. */
export const VaultStoreProvider = VaultStoreContext.Provider

export function useVaultStore<T>(selector: (state: VaultState) => T): T {
  const store = useContext(VaultStoreContext)
  if (!store) throw new Error('useVaultStore needs a <VaultStoreProvider> above it.')
  return useStore(store, selector)
}
