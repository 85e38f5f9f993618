// Unit tests of the connections store: progress applied from events, a finished run re-read, stale answers dropped, offline refusals.
import { describe, expect, it } from 'vitest'
import type { Client } from '../../src-renderer/src/api/client'
import {
  createConnectionsStore,
  hubActionBlockedReason,
  offlineReason,
  syncRunning,
  type NetworkWatch
} from '../../src-renderer/src/features/connections/connections.store'
import type { SyncConnectionStatus } from '../../src-main/contract/sync.contract'

type Handler = (payload: unknown) => unknown

/** A hand-driven client: answers per channel, a record of calls, and events the test emits. */
const scriptedClient = (handlers: Record<string, Handler>) => {
  const calls: string[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const client = {
    async call(channel: string, payload: unknown) {
      calls.push(channel)
      const handler = handlers[channel]
      if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `no ${channel}` } }
      return { ok: true, value: await handler(payload) }
    },
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    }
  } as unknown as Client
  const emit = (event: string, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload))
  return {
    client,
    calls,
    emit,
    count: (channel: string) => calls.filter((c) => c === channel).length
  }
}

const statusOf = (overrides: Partial<SyncConnectionStatus> = {}): SyncConnectionStatus => ({
  connectionId: 'c1',
  connectionName: 'Acme',
  source: 'hub',
  state: 'never',
  lastSuccessAt: null,
  lastRunAt: null,
  keys: 0,
  cacheAgeMs: null,
  detail: 'Not synced yet.',
  ...overrides
})

const connection = {
  id: 'c1',
  name: 'Acme',
  kind: 'cycle',
  baseUrl: 'https://api.cycle.io',
  settings: { hubId: 'h' },
  tls: { allowInvalidCertificate: false },
  environment: 'prod',
  colour: '#3b82f6',
  hasCredential: true,
  createdAt: 1,
  updatedAt: 1
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('connections store', () => {
  it('applies progress from events and re-reads the status when a run ends', async () => {
    let current = statusOf()
    const script = scriptedClient({
      'hubs:kinds': () => [],
      'connections:list': () => [connection],
      'sync:status': () => ({ connections: [current] })
    })
    const store = createConnectionsStore(script.client)
    const stop = store.getState().watch()
    await store.getState().load()
    expect(store.getState().phase).toBe('ready')
    expect(script.count('sync:status')).toBe(1)

    script.emit('sync:progressed', {
      connectionId: 'c1',
      state: 'running',
      pages: 2,
      keys: 200,
      done: false
    })
    expect(store.getState().status.c1).toMatchObject({
      state: 'running',
      progress: { pages: 2, keys: 200 }
    })
    expect(syncRunning(store.getState())).toBe(true)
    // Pages arrive without a round trip each.
    expect(script.count('sync:status')).toBe(1)

    current = statusOf({ state: 'ok', keys: 250, cacheAgeMs: 0, lastSuccessAt: 5 })
    script.emit('sync:progressed', {
      connectionId: 'c1',
      state: 'ok',
      pages: 3,
      keys: 250,
      done: true
    })
    await flush()
    expect(script.count('sync:status')).toBe(2)
    expect(store.getState().status.c1).toMatchObject({ state: 'ok', keys: 250 })
    expect(syncRunning(store.getState())).toBe(false)

    script.emit('connections:changed', {})
    await flush()
    expect(script.count('connections:list')).toBe(2)
    stop()
    script.emit('connections:changed', {})
    await flush()
    expect(script.count('connections:list')).toBe(2)
  })

  it('keeps the newest list when an older answer arrives late', async () => {
    const answers: ((value: unknown) => void)[] = []
    const script = scriptedClient({
      'connections:list': () => new Promise((resolve) => answers.push(resolve)),
      'sync:status': () => ({ connections: [] })
    })
    const store = createConnectionsStore(script.client)
    const first = store.getState().refresh()
    const second = store.getState().refresh()
    answers[1]?.([connection])
    answers[0]?.([])
    await Promise.all([first, second])
    expect(store.getState().connections).toEqual([connection])
  })

  it('closes the panel of a connection that disappears', async () => {
    let list: unknown[] = [connection]
    const script = scriptedClient({
      'connections:list': () => list,
      'sync:status': () => ({ connections: [] })
    })
    const store = createConnectionsStore(script.client)
    await store.getState().refresh()
    store.getState().openEdit('c1')
    list = []
    await store.getState().refresh()
    expect(store.getState().open).toBeUndefined()
  })

  it('refuses hub calls while offline, and says which hubs could not be reached', async () => {
    let online = false
    const network: NetworkWatch = { online: () => online, watch: () => () => undefined }
    const script = scriptedClient({
      'connections:list': () => [connection],
      'sync:status': () => ({
        connections: [
          statusOf({ state: 'failed', error: { code: 'TIMEOUT', message: 'Acme did not answer.' } })
        ]
      })
    })
    const store = createConnectionsStore(script.client, { network })
    await store.getState().refresh()
    const sync = await store.getState().sync()
    expect(sync).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: offlineReason } })
    const test = await store.getState().test({ id: 'c1' })
    expect(test.ok).toBe(false)
    expect(script.count('sync:start')).toBe(0)
    expect(script.count('connections:test')).toBe(0)
    expect(hubActionBlockedReason(store.getState(), 'c1')).toBe(offlineReason)

    online = true
    store.setState({ online: true })
    expect(hubActionBlockedReason(store.getState(), 'c1')).toMatch(
      /^Acme could not be reached at the last sync/
    )
    expect(hubActionBlockedReason(store.getState(), 'other')).toBeUndefined()
  })
})
