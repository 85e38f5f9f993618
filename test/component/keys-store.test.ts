// Tests of the keys store over the real core: keyset paging through a large inventory, and re-reading after a sync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HubKeyInput } from '../../src-main/contract/hubs.contract'
import type { KeyPageRequestInput } from '../../src-main/contract/inventory.contract'
import { createClient } from '../../src-renderer/src/api/client'
import { createKeysStore, type KeysStore } from '../../src-renderer/src/features/keys/keys.store'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { passwords } from './vault-test-kit'

const keyCount = 1200
let backend: InventoryBackend

const keys = (): HubKeyInput[] =>
  Array.from({ length: keyCount }, (_, n) => ({
    hubKeyId: `k-${String(n).padStart(5, '0')}`,
    name: `key-${String(n).padStart(5, '0')}`,
    status: 'active'
  }))

beforeEach(async () => {
  backend = await createInventoryBackend()
  await backend.api.invoke('vault:create', { password: passwords.first })
  await backend.addConnection({ name: 'Big hub', hubId: 'big', environment: 'staging' })
  backend.setKeys('big', keys())
  await backend.sync()
})

afterEach(async () => {
  await backend.close()
})

const requests = (): KeyPageRequestInput[] =>
  backend.api.calls
    .filter((call) => call.channel === 'keys:query')
    .map((call) => call.payload as KeyPageRequestInput)

/** Resolves when `check` holds for the store's state, re-checking on every change. */
const until = (store: KeysStore, check: () => boolean): Promise<void> =>
  new Promise((resolve, reject) => {
    if (check()) return resolve()
    const timer = setTimeout(() => {
      stop()
      reject(new Error('the store never got there'))
    }, 10_000)
    const stop = store.subscribe(() => {
      if (!check()) return
      clearTimeout(timer)
      stop()
      resolve()
    })
  })

describe('keys store', () => {
  it('reaches a far row by its offset, in bounded pages, keeping only rows near the viewport', async () => {
    const store = createKeysStore(
      createClient(() => backend.api),
      { sizes: { pageSize: 50, maxPageSize: 200, keep: 150 } }
    )
    const leave = store.getState().activate()
    await until(store, () => store.getState().rows.has(0))
    expect(store.getState().total).toBe(keyCount)
    expect(store.getState().rows.get(0)?.name).toBe('key-00000')

    store.getState().viewport(1000, 1030)
    await until(store, () => store.getState().rows.has(1030))
    const state = store.getState()
    for (let index = 1000; index <= 1030; index += 1) {
      expect(state.rows.get(index)?.name).toBe(`key-${String(index).padStart(5, '0')}`)
    }
    expect(state.rows.size).toBeLessThanOrEqual(150 * 2 + 200)
    expect(state.rows.has(0)).toBe(false)
    const sent = requests()
    expect(sent.every((request) => (request.limit ?? 0) <= 200)).toBe(true)
    // Only the first request counts. The far place is read by offset in one request, not by
    // walking every page before it; the pages after it carry the cursor main gave.
    expect(sent.filter((request) => request.withTotal)).toHaveLength(1)
    const jumps = sent.filter((request) => request.offset !== undefined)
    expect(jumps).toHaveLength(1)
    expect(jumps[0]?.cursor).toBeUndefined()
    expect(jumps[0]?.offset).toBeGreaterThan(200)
    expect(jumps[0]?.offset).toBeLessThanOrEqual(1000)
    expect(
      sent.slice(1).every((request) => typeof request.cursor === 'string' || request === jumps[0])
    ).toBe(true)
    expect(sent.length).toBeLessThanOrEqual(4)

    // Back at the top: one request from the start.
    const before = requests().length
    store.getState().viewport(0, 30)
    await until(store, () => store.getState().rows.has(30))
    expect(requests().slice(before)).toHaveLength(1)
    expect(requests()[before]?.cursor).toBeUndefined()
    leave()
  })

  it('reads the table again when a sync ends, keeping the place and the open detail', async () => {
    const store = createKeysStore(
      createClient(() => backend.api),
      { reloadDelayMs: 0 }
    )
    const stopWatching = store.getState().watch()
    const leave = store.getState().activate()
    await until(store, () => store.getState().rows.has(0))
    const first = store.getState().rows.get(0)
    if (!first) throw new Error('no first row')
    store.getState().openDetail(first.id)
    await until(store, () => store.getState().detail?.phase === 'ready')

    backend.rename('big', 'k-00000', 'zz-renamed')
    await backend.sync()
    await until(store, () => store.getState().detail?.key?.name === 'zz-renamed')
    await until(store, () => store.getState().rows.get(0)?.name === 'key-00001')
    expect(store.getState().detail?.history.map((entry) => entry.change)).toContain('renamed')
    stopWatching()
    leave()
  })

  it('reports a refused read once, and asks again only when told to', async () => {
    const store = createKeysStore(createClient(() => backend.api))
    await backend.api.invoke('vault:lock', {})
    const leave = store.getState().activate()
    await until(store, () => store.getState().phase === 'failed')
    expect(store.getState().error?.code).toBe('LOCKED')
    const asked = requests().length
    store.getState().viewport(0, 60)
    store.getState().viewport(10, 70)
    expect(requests()).toHaveLength(asked)
    await backend.api.invoke('vault:unlock', { password: passwords.first })
    store.getState().reload()
    await until(store, () => store.getState().phase === 'ready')
    expect(store.getState().total).toBe(keyCount)
    leave()
  })
})

describe('filter words in the search', () => {
  it('turns finished filter words into filters and leaves the rest, and a word still being typed, as text', () => {
    const store = createKeysStore(createClient(() => backend.api))
    const { setSearch } = store.getState()
    // While typing, the last word may be the start of a name ("missing-keys"): it stays text.
    expect(setSearch('billing missing', true)).toBe('billing missing')
    expect(store.getState().query).toMatchObject({ search: 'billing missing', filter: {} })
    expect(setSearch('billing missing ', true)).toBe('billing')
    expect(store.getState().query).toMatchObject({
      search: 'billing',
      filter: { statuses: ['missing'] }
    })
    // Enter reads every word; lists widen what the chips already hold, flags and days are set.
    expect(setSearch('status:active,missing expired env:prod', false)).toBe('')
    expect(store.getState().query.filter).toMatchObject({
      statuses: ['missing', 'active'],
      expired: true,
      environments: ['prod']
    })
    // A word that only looks like a filter stays a search, and nothing is lost from the chips.
    expect(setSearch('status:nope', false)).toBe('status:nope')
    expect(store.getState().query).toMatchObject({
      search: 'status:nope',
      filter: { statuses: ['missing', 'active'], expired: true }
    })
  })
})
