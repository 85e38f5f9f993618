// Zustand store of the hub connections and their sync state (list, status, kinds, the open dialog); runs in the renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { ResponseOf } from '../../../../src-main/contract/channels'
import type {
  Connection,
  ConnectionInput,
  ConnectionPatch
} from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody, Result } from '../../../../src-main/contract/result'
import type {
  SyncConnectionStatus,
  SyncProgressed,
  SyncRunResult
} from '../../../../src-main/contract/sync.contract'
import type { Client } from '../../api/client'
import { isUnreachable } from './sync-text'

export type HubKindInfo = ResponseOf<'hubs:kinds'>[number]
export type ConnectionTestResult = ResponseOf<'connections:test'>
export type TestRequest = { id: string } | { input: ConnectionInput }

/** What the frame shows over the screen: the add dialog, or one connection's panel. */
export type OpenView = { view: 'add' } | { view: 'edit'; id: string }

export interface ConnectionsState {
  /** `idle` before the first load, then `loading`, then `ready` or `failed`. */
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  loadError?: AppErrorBody
  connections: Connection[]
  /** Sync status per connection id. */
  status: Record<string, SyncConnectionStatus>
  /** When (store clock, epoch ms) `status` was read: a cache age is `cacheAgeMs` plus the time since. */
  statusReadAt: number
  /** Hub kinds and their capabilities, in the order main lists them. */
  kinds: HubKindInfo[]
  /** This window asked for a sync that has not answered yet. */
  syncRequested: boolean
  /** What the browser says about the network; hub calls are refused while it is false. */
  online: boolean
  open?: OpenView
  now(): number
  /** Reads kinds, connections and their status; a failure becomes `loadError`, never a throw. */
  load(): Promise<void>
  /** Re-reads connections and status quietly; keeps what is shown if it fails. */
  refresh(): Promise<void>
  /** Follows `connections:changed`, `sync:progressed` and the browser's online state until the returned function runs. */
  watch(): () => void
  /** Forgets everything (the vault locked). */
  clear(): void
  add(input: ConnectionInput): Promise<Result<Connection>>
  update(patch: ConnectionPatch): Promise<Result<Connection>>
  remove(id: string): Promise<Result<unknown>>
  test(request: TestRequest): Promise<Result<ConnectionTestResult>>
  /** Syncs the given connections (all when omitted); answers when every run has ended. */
  sync(connectionIds?: string[]): Promise<Result<SyncRunResult[]>>
  cancelSync(): Promise<void>
  openAdd(): void
  openEdit(id: string): void
  close(): void
}

export type ConnectionsStore = StoreApi<ConnectionsState>

export interface ConnectionsStoreOptions {
  now?: () => number
  /** The browser's online flag and its events; tests pass their own. */
  network?: NetworkWatch
}

export interface NetworkWatch {
  online(): boolean
  /** Calls `listener` whenever the flag may have changed; returns a function that stops it. */
  watch(listener: () => void): () => void
}

const browserNetwork: NetworkWatch = {
  online: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
  watch(listener) {
    if (typeof window === 'undefined') return () => undefined
    window.addEventListener('online', listener)
    window.addEventListener('offline', listener)
    return () => {
      window.removeEventListener('online', listener)
      window.removeEventListener('offline', listener)
    }
  }
}

/** The sentence shown wherever a hub call is refused because this computer is offline. */
export const offlineReason =
  'This computer is offline; Hubkeys shows the cache until it reconnects.'

const byId = (statuses: readonly SyncConnectionStatus[]) =>
  Object.fromEntries(statuses.map((status) => [status.connectionId, status]))

export const createConnectionsStore = (
  client: Client,
  options: ConnectionsStoreOptions = {}
): ConnectionsStore => {
  const now = options.now ?? Date.now
  const network = options.network ?? browserNetwork
  // Only the latest read may write: a slow answer must not overwrite a newer one.
  let listGeneration = 0
  let statusGeneration = 0

  return createStore<ConnectionsState>((set, get) => {
    const readList = async (): Promise<AppErrorBody | undefined> => {
      const mine = ++listGeneration
      const result = await client.call('connections:list', {})
      if (mine !== listGeneration) return undefined
      if (!result.ok) return result.error
      const ids = new Set(result.value.map((connection) => connection.id))
      set((state) => ({
        connections: result.value,
        // A panel on a connection that is gone (removed elsewhere) closes.
        open: state.open?.view === 'edit' && !ids.has(state.open.id) ? undefined : state.open
      }))
      return undefined
    }

    const readStatus = async (): Promise<AppErrorBody | undefined> => {
      const mine = ++statusGeneration
      const result = await client.call('sync:status', {})
      if (mine !== statusGeneration) return undefined
      if (!result.ok) return result.error
      set({ status: byId(result.value.connections), statusReadAt: now() })
      return undefined
    }

    const readKinds = async (): Promise<AppErrorBody | undefined> => {
      const result = await client.call('hubs:kinds', {})
      if (!result.ok) return result.error
      set({ kinds: result.value })
      return undefined
    }

    /** Progress of a run, applied straight from the event: no round trip per page. */
    const progressed = (event: SyncProgressed) => {
      const current = get().status[event.connectionId]
      if (!event.done && current) {
        set((state) => ({
          status: {
            ...state.status,
            [event.connectionId]: {
              ...current,
              state: 'running',
              progress: { pages: event.pages, keys: event.keys }
            }
          }
        }))
        return
      }
      // A run ended (or a connection this window has not seen yet): main has the whole picture.
      void readStatus()
    }

    return {
      phase: 'idle',
      connections: [],
      status: {},
      statusReadAt: now(),
      kinds: [],
      syncRequested: false,
      online: network.online(),
      now,

      async load() {
        set({ phase: get().phase === 'ready' ? 'ready' : 'loading' })
        const errors = await Promise.all([readKinds(), readList(), readStatus()])
        const error = errors.find((entry) => entry !== undefined)
        if (error) set({ phase: 'failed', loadError: error })
        else set({ phase: 'ready', loadError: undefined })
      },

      async refresh() {
        await Promise.all([readList(), readStatus()])
      },

      watch() {
        const stopChanged = client.on('connections:changed', () => void get().refresh())
        const stopProgress = client.on('sync:progressed', progressed)
        const stopNetwork = network.watch(() => set({ online: network.online() }))
        return () => {
          stopChanged()
          stopProgress()
          stopNetwork()
        }
      },

      clear() {
        listGeneration += 1
        statusGeneration += 1
        set({
          phase: 'idle',
          connections: [],
          status: {},
          loadError: undefined,
          open: undefined,
          syncRequested: false
        })
      },

      async add(input) {
        const result = await client.call('connections:add', input)
        if (result.ok) {
          // The event refreshes too; reading now puts the new connection on screen at once.
          await get().refresh()
        }
        return result
      },

      async update(patch) {
        const result = await client.call('connections:update', patch)
        if (result.ok) await get().refresh()
        return result
      },

      async remove(id) {
        const result = await client.call('connections:remove', { id })
        if (result.ok) {
          set((state) => ({
            connections: state.connections.filter((connection) => connection.id !== id),
            open: state.open?.view === 'edit' && state.open.id === id ? undefined : state.open
          }))
          await get().refresh()
        }
        return result
      },

      async test(request) {
        if (!get().online)
          return { ok: false, error: { code: 'UNAVAILABLE', message: offlineReason } }
        return client.call('connections:test', request)
      },

      async sync(connectionIds) {
        if (!get().online)
          return { ok: false, error: { code: 'UNAVAILABLE', message: offlineReason } }
        set({ syncRequested: true })
        try {
          const result = await client.call(
            'sync:start',
            connectionIds === undefined ? {} : { connectionIds }
          )
          await readStatus()
          return result.ok ? { ok: true, value: result.value.results } : result
        } finally {
          set({ syncRequested: false })
        }
      },

      async cancelSync() {
        await client.call('sync:cancel', {})
        await readStatus()
      },

      openAdd: () => set({ open: { view: 'add' } }),
      openEdit: (id) => set({ open: { view: 'edit', id } }),
      close: () => set({ open: undefined })
    }
  })
}

/** Is any sync running, as far as this window knows? */
export const syncRunning = (state: ConnectionsState): boolean =>
  state.syncRequested || Object.values(state.status).some((status) => status.state === 'running')

/**
 * Why an action that changes keys on this connection's hub cannot run now, or undefined when it
 * can: this computer is offline, or the last sync could not reach the hub. Screens that edit keys
 * disable those actions with this sentence; reading the cache always works.
 */
export const hubActionBlockedReason = (
  state: ConnectionsState,
  connectionId: string
): string | undefined => {
  if (!state.online) return offlineReason
  const status = state.status[connectionId]
  if (isUnreachable(status)) {
    const name =
      state.connections.find((connection) => connection.id === connectionId)?.name ?? 'This hub'
    return `${name} could not be reached at the last sync; sync or test it again before changing its keys.`
  }
  return undefined
}

/** The cache age now, from the status's age when it was read plus the time since. */
export const cacheAgeNow = (
  status: SyncConnectionStatus,
  statusReadAt: number,
  at: number
): number | null =>
  status.cacheAgeMs === null ? null : status.cacheAgeMs + Math.max(0, at - statusReadAt)

const ConnectionsStoreContext = createContext<ConnectionsStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests their own. */
export const ConnectionsStoreProvider = ConnectionsStoreContext.Provider

export function useConnectionsStore<T>(selector: (state: ConnectionsState) => T): T {
  const store = useContext(ConnectionsStoreContext)
  if (!store) throw new Error('useConnectionsStore needs a <ConnectionsStoreProvider> above it.')
  return useStore(store, selector)
}
