// Zustand store of the Audit log screen and a key's trail: the filters, the pages read newest first, the chain check; renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type {
  AuditAction,
  AuditEntry,
  AuditQueryInput,
  AuditVerification
} from '../../../../src-main/contract/audit.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

/** The time ranges offered; measured back from when the list was read. */
export type AuditRange = 'all' | '24h' | '7d' | '30d'

export const rangeMs: Record<Exclude<AuditRange, 'all'>, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000
}

export interface AuditFilter {
  /** Hubkeys' key id, the hub's key id or a fingerprint; '' for every key. */
  key: string
  /** '' for every connection. */
  connectionId: string
  action: AuditAction | ''
  outcome: 'ok' | 'error' | ''
  range: AuditRange
  text: string
}

export const emptyAuditFilter: AuditFilter = {
  key: '',
  connectionId: '',
  action: '',
  outcome: '',
  range: 'all',
  text: ''
}

export interface KeyTrail {
  keyId: string
  phase: 'loading' | 'ready' | 'failed'
  entries: AuditEntry[]
  error?: AppErrorBody
}

export interface AuditState {
  filter: AuditFilter
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  error?: AppErrorBody
  /** Every entry read for the current filter, newest first. */
  entries: AuditEntry[]
  /** `before` for the next (older) page; absent once the last page is in. */
  next?: number
  /** An older page is being read. */
  loadingMore: boolean
  verifyPhase: 'idle' | 'loading' | 'ready' | 'failed'
  verification?: AuditVerification
  verifyError?: AppErrorBody
  /** The last entries of the key open in the key detail panel. */
  trail?: KeyTrail

  /** Reads the first page for the current filter again. */
  load(): Promise<void>
  /** Changes some filters and reads from the newest entry again. */
  setFilter(patch: Partial<AuditFilter>): void
  resetFilter(): void
  /** Reads the next (older) page, once per cursor. */
  more(): Promise<void>
  /** Walks the whole chain (`audit:verify`). */
  verify(): Promise<void>
  /** The filter the Audit screen opens with from a key's detail panel: that key only. */
  showKey(keyId: string): void
  loadTrail(keyId: string): Promise<void>
  /** Forgets everything (the vault locked). */
  clear(): void
}

export type AuditStore = StoreApi<AuditState>

export interface AuditStoreOptions {
  now?: () => number
  pageSize?: number
  trailSize?: number
}

/** The contract query for a filter, measured from `now`. */
export const auditQuery = (filter: AuditFilter, now: number): AuditQueryInput => {
  const text = filter.text.trim()
  const key = filter.key.trim()
  return {
    ...(key === '' ? {} : { key }),
    ...(filter.connectionId === '' ? {} : { connectionId: filter.connectionId }),
    ...(filter.action === '' ? {} : { actions: [filter.action] }),
    ...(filter.outcome === '' ? {} : { outcome: filter.outcome }),
    ...(filter.range === 'all' ? {} : { from: Math.max(0, now - rangeMs[filter.range]) }),
    ...(text === '' ? {} : { text })
  }
}

export const createAuditStore = (client: Client, options: AuditStoreOptions = {}): AuditStore => {
  const now = options.now ?? Date.now
  const pageSize = options.pageSize ?? 100
  const trailSize = options.trailSize ?? 8
  // Only the answer to the latest filter may land; a slow older one is dropped.
  let generation = 0
  let verifyGeneration = 0
  let trailGeneration = 0

  return createStore<AuditState>((set, get) => ({
    filter: emptyAuditFilter,
    phase: 'idle',
    entries: [],
    loadingMore: false,
    verifyPhase: 'idle',

    async load() {
      const mine = ++generation
      set({ phase: 'loading', loadingMore: false })
      const result = await client.call('audit:list', {
        ...auditQuery(get().filter, now()),
        limit: pageSize
      })
      if (mine !== generation) return
      if (result.ok) {
        set({
          phase: 'ready',
          entries: result.value.entries,
          next: result.value.next,
          error: undefined
        })
      } else {
        set({ phase: 'failed', entries: [], next: undefined, error: result.error })
      }
    },

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } })
      void get().load()
    },

    resetFilter() {
      set({ filter: emptyAuditFilter })
      void get().load()
    },

    async more() {
      const { next, loadingMore, phase } = get()
      if (next === undefined || loadingMore || phase !== 'ready') return
      const mine = generation
      set({ loadingMore: true })
      const result = await client.call('audit:list', {
        ...auditQuery(get().filter, now()),
        limit: pageSize,
        before: next
      })
      if (mine !== generation) return
      if (result.ok) {
        set((state) => ({
          entries: [...state.entries, ...result.value.entries],
          next: result.value.next,
          loadingMore: false
        }))
      } else {
        set({ loadingMore: false, error: result.error })
      }
    },

    async verify() {
      const mine = ++verifyGeneration
      set({ verifyPhase: 'loading' })
      const result = await client.call('audit:verify', {})
      if (mine !== verifyGeneration) return
      if (result.ok) {
        set({ verifyPhase: 'ready', verification: result.value, verifyError: undefined })
      } else set({ verifyPhase: 'failed', verifyError: result.error })
    },

    showKey(keyId) {
      // Whatever was filtered before, the link promises this key's whole trail.
      set({ filter: { ...emptyAuditFilter, key: keyId }, phase: 'idle', entries: [] })
    },

    async loadTrail(keyId) {
      const mine = ++trailGeneration
      const current = get().trail
      set({
        trail:
          current?.keyId === keyId
            ? { ...current, phase: 'loading' }
            : { keyId, phase: 'loading', entries: [] }
      })
      const result = await client.call('audit:list', { key: keyId, limit: trailSize })
      if (mine !== trailGeneration) return
      set({
        trail: result.ok
          ? { keyId, phase: 'ready', entries: result.value.entries }
          : { keyId, phase: 'failed', entries: [], error: result.error }
      })
    },

    clear() {
      generation += 1
      verifyGeneration += 1
      trailGeneration += 1
      set({
        filter: emptyAuditFilter,
        phase: 'idle',
        error: undefined,
        entries: [],
        next: undefined,
        loadingMore: false,
        verifyPhase: 'idle',
        verification: undefined,
        verifyError: undefined,
        trail: undefined
      })
    }
  }))
}

const AuditStoreContext = createContext<AuditStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests their own. */
export const AuditStoreProvider = AuditStoreContext.Provider

export function useAuditStore<T>(selector: (state: AuditState) => T): T {
  const store = useContext(AuditStoreContext)
  if (!store) throw new Error('useAuditStore needs an <AuditStoreProvider> above it.')
  return useStore(store, selector)
}
