// Zustand store of the key inventory screen: the query, the paged window of rows, selection, the open key's detail and history, saved filters; renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type {
  KeyDetail,
  KeyFilter,
  KeyQuery,
  KeyRow,
  KeySortField,
  SavedFilter
} from '../../../../src-main/contract/inventory.contract'
import { searchFilterWords } from '../../../../src-main/contract/filter-tokens'
import type { KeyForgetResult } from '../../../../src-main/contract/key-forget.contract'
import { err, type AppErrorBody, type Result } from '../../../../src-main/contract/result'
import type { DriftEntry } from '../../../../src-main/contract/sync.contract'
import type { Client } from '../../api/client'
import {
  emptyQuery,
  nextSort,
  sameQuery,
  tidyFilter,
  tidyQuery,
  withFilterWords
} from './key-query'
import {
  applyPage,
  defaultSizes,
  emptyWindow,
  planFetch,
  type KeyWindow,
  type WindowSizes
} from './key-window'

export type SelectMode = 'only' | 'toggle' | 'range'

export interface KeyDetailState {
  id: string
  phase: 'loading' | 'ready' | 'failed'
  key?: KeyDetail
  error?: AppErrorBody
  history: DriftEntry[]
  historyPhase: 'loading' | 'ready' | 'failed'
  historyError?: AppErrorBody
  /** `before` for the next (older) page of history; absent on the last page. */
  historyNext?: number
}

export interface KeysState {
  query: KeyQuery
  /** Changes whenever the query does: the table scrolls back to the top. */
  queryId: number
  /** `loading` until the first page of the current query (or reload) answers. */
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  error?: AppErrorBody
  /** Every matching key; undefined until the first page answers. */
  total?: number
  /** The rows read, by table index; only those near the viewport are kept. */
  rows: ReadonlyMap<number, KeyRow>
  /** When relative filters (expiring, unused) were measured from. */
  at?: number
  selected: ReadonlySet<string>
  /** Where a shift-click range starts. */
  selectionAnchor?: number
  /** The row the keyboard is on (-1: none yet). */
  focused: number
  detail?: KeyDetailState
  /** A key was opened on purpose (not followed by the table): its panel takes the focus once shown. */
  detailWantsFocus: boolean
  filters: SavedFilter[]
  filtersPhase: 'idle' | 'loading' | 'ready' | 'failed'
  filtersError?: AppErrorBody

  /** The table is on screen: fetch pages for it. Returns the function that says it left. */
  activate(): () => void
  /** Follows sync and connection changes (the cache changed: read again) until the returned function runs. */
  watch(): () => void
  /**
   * Searches for the text; filter words in it (`missing`, `status:missing`, `expired`, ...) become
   * filter chips instead. While `typing`, a last word not yet followed by a space stays text (it
   * may be the start of a name). Returns the text left as the search.
   */
  setSearch(search: string, typing?: boolean): string
  setFilter(filter: KeyFilter): void
  updateFilter(patch: Partial<KeyFilter>): void
  sortBy(field: KeySortField): void
  /** Replaces search, filter and sort at once (a saved filter, a hygiene check). */
  applyQuery(query: KeyQuery): void
  /** The rows `from..to` are on screen (inclusive). */
  viewport(from: number, to: number): void
  /** Reads the current query again from the cache, keeping the scroll position. */
  reload(): void
  focus(index: number): void
  select(index: number, mode: SelectMode): void
  selectAllLoaded(): void
  clearSelection(): void
  /** Opens a key's panel, which then takes the focus (see `detailWantsFocus`). */
  openDetail(id: string): void
  /** The panel took the focus it was asked to. */
  detailFocused(): void
  closeDetail(): void
  moreHistory(): Promise<void>
  /**
   * Forgets the open key (missing at its hub or deleted) with its stored value, after the person
   * confirmed: on success the panel closes and the table reads again; on failure nothing changes.
   */
  forgetOpenKey(): Promise<Result<KeyForgetResult>>
  loadFilters(): Promise<void>
  saveFilter(name: string): Promise<Result<SavedFilter>>
  deleteFilter(id: string): Promise<Result<unknown>>
  /** Forgets everything (the vault locked). */
  clear(): void
}

export type KeysStore = StoreApi<KeysState>

export interface KeysStoreOptions {
  sizes?: WindowSizes
  /** A burst of sync events becomes one reload after this quiet time. */
  reloadDelayMs?: number
}

const historyPageSize = 50

export const createKeysStore = (client: Client, options: KeysStoreOptions = {}): KeysStore => {
  const sizes = options.sizes ?? defaultSizes
  const reloadDelayMs = options.reloadDelayMs ?? 250

  // The pager lives outside the state: only what the table shows is published.
  let window: KeyWindow = emptyWindow()
  let generation = 0
  let pumping = -1
  let want = { from: 0, to: 40 }
  let active = 0
  let dirty = false
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  let detailGeneration = 0
  let filtersGeneration = 0

  return createStore<KeysState>((set, get) => {
    const publish = (phase: KeysState['phase']) =>
      set({ rows: window.rows, total: window.total, at: window.at, phase, error: undefined })

    /** Fetches pages one after another until the viewport is covered; one pump per generation. */
    const pump = async () => {
      const mine = generation
      // After a failure only a reload (a new generation) asks again, not every scroll.
      if (pumping === mine || active === 0 || get().phase === 'failed') return
      pumping = mine
      try {
        for (;;) {
          if (mine !== generation || active === 0) return
          // Once the first page is in, read a page ahead both ways, so rows are there before
          // they scroll into view and mount a few per frame rather than all at once when a late
          // page lands. The first page stays small: it decides how soon anything shows.
          const ahead = window.total === undefined ? 0 : sizes.pageSize
          const plan = planFetch(window, Math.max(0, want.from - ahead), want.to + ahead, sizes)
          if (!plan) return
          const query = tidyQuery(get().query)
          const result = await client.call('keys:query', {
            ...query,
            limit: plan.limit,
            withTotal: plan.withTotal,
            ...(plan.cursor === undefined ? {} : { cursor: plan.cursor }),
            ...(plan.offset === undefined ? {} : { offset: plan.offset })
          })
          if (mine !== generation) return
          if (!result.ok) {
            set({ phase: 'failed', error: result.error })
            return
          }
          window = applyPage(window, plan.start, result.value, (want.from + want.to) / 2, sizes)
          publish('ready')
        }
      } finally {
        if (pumping === mine) pumping = -1
      }
    }

    /** Starts over: a new query (scroll to the top) or the same one re-read (keep the place). */
    const restart = (query: KeyQuery | undefined) => {
      generation += 1
      window = emptyWindow()
      if (query) {
        want = { from: 0, to: Math.min(100, Math.max(40, want.to - want.from)) }
        set((state) => ({
          query,
          queryId: state.queryId + 1,
          phase: 'loading',
          focused: -1,
          selectionAnchor: undefined,
          // A new search or filter may hide selected rows; a selection nobody can see would be
          // acted on blind, so it is dropped. A new sort shows the same rows and keeps it.
          ...(sameQuery({ ...query, sort: state.query.sort }, state.query)
            ? {}
            : { selected: new Set<string>() })
        }))
      } else {
        set({ phase: 'loading' })
      }
      if (active === 0) {
        dirty = true
        return
      }
      dirty = false
      void pump()
    }

    const changeQuery = (query: KeyQuery) => {
      if (sameQuery(query, get().query)) return
      restart({ ...query, filter: tidyFilter(query.filter) })
    }

    const loadHistory = async (id: string, before: number | undefined) => {
      const mine = detailGeneration
      const result = await client.call('drift:list', {
        keyId: id,
        limit: historyPageSize,
        ...(before === undefined ? {} : { before })
      })
      if (mine !== detailGeneration) return
      set((state) => {
        const detail = state.detail
        if (!detail || detail.id !== id) return {}
        if (!result.ok) {
          return { detail: { ...detail, historyPhase: 'failed', historyError: result.error } }
        }
        return {
          detail: {
            ...detail,
            history:
              before === undefined
                ? result.value.entries
                : [...detail.history, ...result.value.entries],
            historyPhase: 'ready',
            historyError: undefined,
            historyNext: result.value.next
          }
        }
      })
    }

    const loadDetail = async (id: string, keepShown: boolean) => {
      const mine = ++detailGeneration
      const current = get().detail
      set({
        detail:
          keepShown && current?.id === id
            ? current
            : { id, phase: 'loading', history: [], historyPhase: 'loading' }
      })
      const [key] = await Promise.all([client.call('keys:get', { id }), loadHistory(id, undefined)])
      if (mine !== detailGeneration) return
      set((state) => {
        const detail = state.detail
        if (!detail || detail.id !== id) return {}
        return key.ok
          ? { detail: { ...detail, phase: 'ready', key: key.value, error: undefined } }
          : { detail: { ...detail, phase: 'failed', key: undefined, error: key.error } }
      })
    }

    const scheduleReload = () => {
      if (reloadTimer !== undefined) clearTimeout(reloadTimer)
      reloadTimer = setTimeout(() => {
        reloadTimer = undefined
        get().reload()
      }, reloadDelayMs)
    }

    const loadedIndexes = () => [...window.rows.keys()].sort((a, b) => a - b)

    return {
      query: emptyQuery,
      queryId: 0,
      phase: 'idle',
      rows: window.rows,
      selected: new Set(),
      focused: -1,
      detailWantsFocus: false,
      filters: [],
      filtersPhase: 'idle',

      activate() {
        active += 1
        if (dirty || get().phase === 'idle') restart(undefined)
        else void pump()
        return () => {
          active = Math.max(0, active - 1)
        }
      },

      watch() {
        const stopProgress = client.on('sync:progressed', (event) => {
          if (event.done) scheduleReload()
        })
        const stopChanged = client.on('connections:changed', () => scheduleReload())
        return () => {
          stopProgress()
          stopChanged()
          if (reloadTimer !== undefined) clearTimeout(reloadTimer)
          reloadTimer = undefined
        }
      },

      setSearch(text, typing = false) {
        const unfinished = typing ? (/\S+$/.exec(text)?.[0] ?? '') : ''
        const words = searchFilterWords(text.slice(0, text.length - unfinished.length))
        const search =
          Object.keys(words.filter).length === 0
            ? text
            : [words.search, unfinished].filter((part) => part !== '').join(' ')
        const query = get().query
        changeQuery({ ...query, search, filter: withFilterWords(query.filter, words.filter) })
        return search
      },
      setFilter: (filter) => changeQuery({ ...get().query, filter }),
      updateFilter: (patch) =>
        changeQuery({ ...get().query, filter: { ...get().query.filter, ...patch } }),
      sortBy: (field) => changeQuery({ ...get().query, sort: nextSort(get().query.sort, field) }),
      applyQuery: (query) => changeQuery(query),

      viewport(from, to) {
        want = { from, to }
        void pump()
      },

      reload() {
        restart(undefined)
        const detail = get().detail
        if (detail) void loadDetail(detail.id, true)
      },

      focus(index) {
        const total = get().total ?? 0
        if (total === 0) return
        set({ focused: Math.max(0, Math.min(total - 1, index)) })
      },

      select(index, mode) {
        const row = window.rows.get(index)
        if (!row) return
        const state = get()
        // An open detail panel follows the row the person moves to.
        if (state.detail && mode !== 'toggle' && state.detail.id !== row.id) {
          void loadDetail(row.id, false)
        }
        if (mode === 'only') {
          set({ selected: new Set([row.id]), selectionAnchor: index, focused: index })
        } else if (mode === 'toggle') {
          const selected = new Set(state.selected)
          if (selected.has(row.id)) selected.delete(row.id)
          else selected.add(row.id)
          set({ selected, selectionAnchor: index, focused: index })
        } else {
          const anchor = state.selectionAnchor ?? index
          const [low, high] = anchor <= index ? [anchor, index] : [index, anchor]
          const selected = new Set<string>()
          // Only rows in the window can be named; a range is what the person can see around it.
          for (let at = low; at <= high; at += 1) {
            const inRange = window.rows.get(at)
            if (inRange) selected.add(inRange.id)
          }
          set({ selected, selectionAnchor: anchor, focused: index })
        }
      },

      selectAllLoaded() {
        set({
          selected: new Set(loadedIndexes().map((index) => (window.rows.get(index) as KeyRow).id))
        })
      },

      clearSelection: () => set({ selected: new Set(), selectionAnchor: undefined }),

      openDetail(id) {
        set({ detailWantsFocus: true })
        if (get().detail?.id === id && get().detail?.phase !== 'failed') return
        void loadDetail(id, false)
      },

      detailFocused: () => set({ detailWantsFocus: false }),

      closeDetail() {
        detailGeneration += 1
        set({ detail: undefined, detailWantsFocus: false })
      },

      async moreHistory() {
        const detail = get().detail
        if (!detail || detail.historyNext === undefined) return
        set({ detail: { ...detail, historyPhase: 'loading' } })
        await loadHistory(detail.id, detail.historyNext)
      },

      async forgetOpenKey() {
        const key = get().detail?.key
        if (!key) return err('NOT_FOUND', 'No key is open.')
        const result = await client.call('keys:forget', {
          connectionId: key.connectionId,
          keyId: key.id,
          confirm: true
        })
        if (!result.ok) return result
        if (get().detail?.id === key.id) get().closeDetail()
        set((state) => {
          if (!state.selected.has(key.id)) return {}
          const selected = new Set(state.selected)
          selected.delete(key.id)
          return { selected }
        })
        restart(undefined)
        return result
      },

      async loadFilters() {
        const mine = ++filtersGeneration
        set({ filtersPhase: get().filtersPhase === 'ready' ? 'ready' : 'loading' })
        const result = await client.call('filters:list', {})
        if (mine !== filtersGeneration) return
        if (result.ok)
          set({ filters: result.value, filtersPhase: 'ready', filtersError: undefined })
        else set({ filtersPhase: 'failed', filtersError: result.error })
      },

      async saveFilter(name) {
        const result = await client.call('filters:save', {
          name,
          query: tidyQuery(get().query)
        })
        if (result.ok) await get().loadFilters()
        return result
      },

      async deleteFilter(id) {
        const result = await client.call('filters:delete', { id })
        if (result.ok) {
          set((state) => ({ filters: state.filters.filter((filter) => filter.id !== id) }))
          await get().loadFilters()
        }
        return result
      },

      clear() {
        generation += 1
        detailGeneration += 1
        filtersGeneration += 1
        window = emptyWindow()
        dirty = false
        if (reloadTimer !== undefined) clearTimeout(reloadTimer)
        reloadTimer = undefined
        set({
          query: emptyQuery,
          queryId: get().queryId + 1,
          phase: 'idle',
          error: undefined,
          total: undefined,
          rows: window.rows,
          at: undefined,
          selected: new Set(),
          selectionAnchor: undefined,
          focused: -1,
          detail: undefined,
          detailWantsFocus: false,
          filters: [],
          filtersPhase: 'idle',
          filtersError: undefined
        })
      }
    }
  })
}

const KeysStoreContext = createContext<KeysStore | null>(null)

/** Components under it read the store it is given; `main.tsx` gives the real one, tests their own. */
export const KeysStoreProvider = KeysStoreContext.Provider

export function useKeysStore<T>(selector: (state: KeysState) => T): T {
  const store = useContext(KeysStoreContext)
  if (!store) throw new Error('useKeysStore needs a <KeysStoreProvider> above it.')
  return useStore(store, selector)
}

/** For event handlers that need the store's actions without subscribing to its state. */
export function useKeysStoreApi(): KeysStore {
  const store = useContext(KeysStoreContext)
  if (!store) throw new Error('useKeysStoreApi needs a <KeysStoreProvider> above it.')
  return store
}
