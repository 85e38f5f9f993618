// Benchmark: a full sync of 5 Cycle connections x 2,000 keys over real HTTP with 20 ms per request, beside its floor; run by the bench runner under Node.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { createHttpClient } from '../../src-main/adapters/http/http-client'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteSyncStore } from '../../src-main/adapters/sqlite/sync.repository'
import { createSqliteVaultStore } from '../../src-main/adapters/sqlite/vault.repository'
import {
  createConnectionsService,
  type HubModules
} from '../../src-main/core/connections/connections.service'
import { createEventBus } from '../../src-main/core/events'
import { cycleHub } from '../../src-main/core/hubs/cycle'
import { cyclePageSize } from '../../src-main/core/hubs/cycle/cycle.adapter'
import type { HubKey } from '../../src-main/contract/hubs.contract'
import type { HubKindModule } from '../../src-main/core/hubs/hub-adapter'
import type { HttpClientFactory } from '../../src-main/core/ports/http.port'
import type { InventoryStore } from '../../src-main/core/ports/inventory-store.port'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import type { SyncRunResult } from '../../src-main/contract/sync.contract'
import { createSyncService } from '../../src-main/core/sync/sync.service'
import { createVaultService } from '../../src-main/core/vault/vault.service'
import type { BenchHubAddress } from './sync-bench-hub'

const connectionsCount = 5
const keysPerConnection = 2_000
const latencyMs = 20
/** The large first sync: 5 connections x 20,000 keys from an in-process hub with no latency. */
const largeKeysPerConnection = 20_000
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

const round = (value: number): number => Math.round(value * 10) / 10

/**
 * CPU the hub process has used so far, from /proc (Linux; clock ticks taken as 10 ms, the usual
 * USER_HZ of 100), or undefined elsewhere.
 */
const processCpuMs = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the ")" that closes the command name: state is field 3; utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * Starts the simulated hubs in a child process, on the other core as a remote hub would be, and
 * reads the address line it prints.
 */
const startHub = async (): Promise<{
  address: BenchHubAddress
  stop: () => Promise<void>
  cpuMs: () => number | undefined
}> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'test/bench/sync-bench-hub.ts'),
      String(connectionsCount),
      String(keysPerConnection),
      String(latencyMs)
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    child.stdin.end()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      const end = buffered.indexOf('\n')
      if (end >= 0) resolve(buffered.slice(0, end))
    })
    child.once('exit', (code) =>
      reject(new Error(`the bench hub exited (${code}) before listening: ${stderr.trim()}`))
    )
  })
  return {
    address: JSON.parse(line) as BenchHubAddress,
    stop,
    cpuMs: () => processCpuMs(child.pid)
  }
}

/** What one connection's HTTP client asked: how many requests, and the longest chain of them. */
interface RequestCount {
  requests: number
  /**
   * The most requests that ran one after another: each request counts one more than the longest
   * chain among the requests answered before it was sent (as if it needed all of them). Requests
   * sent together (Cycle's roles beside the first key pages) share one place in the chain.
   */
  chain: number
}

/**
 * Counts requests and their chain per HTTP client; the engine makes one adapter, so one client,
 * per connection and run.
 */
const countingHttp = () => {
  const clients: RequestCount[] = []
  const factory: HttpClientFactory = (config) => {
    const client = createHttpClient(config)
    const counter: RequestCount = { requests: 0, chain: 0 }
    let answeredChain = 0
    clients.push(counter)
    return {
      request: async (request, signal) => {
        counter.requests += 1
        const place = answeredChain + 1
        counter.chain = Math.max(counter.chain, place)
        try {
          return await client.request(request, signal)
        } finally {
          answeredChain = Math.max(answeredChain, place)
        }
      }
    }
  }
  return { clients, factory }
}

/**
 * A hub kind without HTTP or parsing: `keys` ready keys per connection served in pages of the Cycle
 * adapter's size, each page after `pageLatencyMs`. It isolates the engine (scheduling, apply,
 * snapshot). The keys are made once per tenant, so making them is not timed after the warm-up.
 */
const inProcessKind = (
  requests: RequestCount[],
  keys = keysPerConnection,
  pageLatencyMs = latencyMs,
  /** Tenants whose keys are made now, before anything is timed. */
  tenants: readonly string[] = []
): HubKindModule => {
  const made = new Map<string, HubKey[]>()
  const keysOf = (tenant: string): HubKey[] => {
    const found = made.get(tenant)
    if (found) return found
    const list = makeKeys(tenant)
    made.set(tenant, list)
    return list
  }
  const makeKeys = (tenant: string): HubKey[] =>
    Array.from({ length: keys }, (_, i) => ({
      hubKeyId: `${tenant}-${String(i).padStart(5, '0')}`,
      tenant,
      name: `service-key-${i}`,
      status: i % 10 === 0 ? 'inactive' : 'active',
      role: `role-${i % 5}`,
      scopes: ['containers-view', 'environments-view'],
      ipRules: i % 3 === 0 ? null : ['203.0.113.0/24', `198.51.100.${i % 250}/32`],
      headers: [],
      createdAt: 1_700_000_000_000 + i * 1000,
      expiresAt: null,
      lastUsedAt: null,
      owner: `account:${i % 7}`,
      fingerprint: null,
      oddities: []
    }))
  for (const tenant of tenants) keysOf(tenant)
  const capabilities = cycleHub.capabilities
  return {
    kind: 'cycle',
    capabilities,
    checkConnection: () => undefined,
    create: ({ connection }) => {
      const tenant = connection.settings.hubId ?? ''
      const counter: RequestCount = { requests: 0, chain: 0 }
      requests.push(counter)
      const unsupported = async (): Promise<never> => {
        throw new Error('not in this benchmark')
      }
      return {
        kind: 'cycle',
        capabilities,
        testConnection: async () => ({ detail: 'ok' }),
        async *listKeys(signal) {
          const keys = keysOf(tenant)
          for (let start = 0; start < keys.length; start += cyclePageSize) {
            // One page after another: each is the next in the chain.
            counter.requests += 1
            counter.chain += 1
            // No latency is a turn of the event loop, not setTimeout's 1 ms minimum per page.
            await new Promise((resolve) =>
              pageLatencyMs > 0 ? setTimeout(resolve, pageLatencyMs) : setImmediate(resolve)
            )
            signal?.throwIfAborted()
            yield { tenant, keys: keys.slice(start, start + cyclePageSize) }
          }
        },
        createKey: unsupported,
        updateKey: unsupported,
        deleteKey: unsupported,
        verifyKey: unsupported
      }
    }
  }
}

/** A fresh store with five connections of one kind; nothing here is timed. */
const freshStore = async (
  kind: HubKindModule,
  http: HttpClientFactory,
  targets: { baseUrl: string; hubId: string; credential: string }[]
) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-sync-'))
  const { db } = openStore({ dataDir })
  const store = createSqliteInventoryStore(db)
  // Times each apply transaction, wall and CPU, to tell pulling from applying and applying from
  // waiting on the disk (the WAL, its checkpoints). The CPU is the process's: the thread pool may
  // be compressing another connection's snapshot meanwhile.
  const applyMs: number[] = []
  const applyCpuMs: number[] = []
  const lastPageAt = { at: 0 }
  const inventory: InventoryStore = {
    ...store,
    transaction: (fn) => {
      const started = performance.now()
      const cpuBefore = process.cpuUsage()
      try {
        return store.transaction(fn)
      } finally {
        applyMs.push(performance.now() - started)
        const cpu = process.cpuUsage(cpuBefore)
        applyCpuMs.push((cpu.user + cpu.system) / 1000)
      }
    }
  }
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('benchmark passphrase')
  const connections = createConnectionsService({
    inventory,
    vault,
    // Only connections of this one kind exist in this store.
    modules: { cycle: kind } as unknown as HubModules,
    http
  })
  targets.forEach((target, index) =>
    connections.add({
      name: `cycle ${index + 1}`,
      kind: 'cycle',
      baseUrl: target.baseUrl,
      settings: { hubId: target.hubId },
      credential: target.credential
    })
  )
  const syncStore = createSqliteSyncStore(db)
  const sync = createSyncService({
    inventory,
    syncStore,
    connections,
    // The moment the last page with keys of any connection was staged: what follows is the
    // listing's closing (empty) page, then the serial tail, each connection's apply in turn.
    events: {
      emit: (_event, progress) => {
        if (!progress.done && progress.pages > 0) lastPageAt.at = performance.now()
      }
    },
    staleAfterMs: 3_600_000,
    concurrency: connectionsCount
  })
  return {
    sync,
    /** Keys in the cache, counted in SQL: reading 100,000 rows back would slow the next sync's GC. */
    countKeys: () => [...syncStore.countKeys().values()].reduce((total, n) => total + n, 0),
    applyMs,
    applyCpuMs,
    lastPageAt,
    close: () => {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

type BenchStore = Awaited<ReturnType<typeof freshStore>>

/** Runs one full sync: its wall time, the client's CPU, the apply time and the requests it took. */
const timedSync = async (
  store: BenchStore,
  clients: RequestCount[],
  expectedKeys = connectionsCount * keysPerConnection
) => {
  store.applyMs.length = 0
  store.applyCpuMs.length = 0
  const firstClient = clients.length
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const results = await store.sync.syncAll()
  const ended = performance.now()
  const ms = ended - started
  const cpu = process.cpuUsage(cpuBefore)
  const failed = results.filter((result: SyncRunResult) => result.outcome !== 'ok')
  if (failed.length > 0) {
    throw new Error(`sync failed: ${failed.map((result) => result.error?.message).join('; ')}`)
  }
  const keys = store.countKeys()
  if (keys !== expectedKeys) throw new Error(`expected ${expectedKeys} keys, found ${keys}`)
  const requests = Math.max(...clients.slice(firstClient).map((client) => client.requests))
  const chain = Math.max(...clients.slice(firstClient).map((client) => client.chain))
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  return {
    ms,
    requests,
    chain,
    applyMs: sum(store.applyMs),
    applyCpuMs: sum(store.applyCpuMs),
    afterLastPageMs: ended - store.lastPageAt.at,
    cpuMs: (cpu.user + cpu.system) / 1000,
    floorMs: chain * latencyMs
  }
}

const ratio = (ms: number, floorMs: number) => Math.round((ms / floorMs) * 100) / 100

/**
 * Three measurements, each a full sync into an empty cache after one untimed warm-up sync into
 * another store (JIT, sockets; the large one relies on the others' warm-up), the first two then a
 * re-sync of the now-full cache:
 * - end to end: the simulated Cycle hubs over real HTTP with the real adapter, 5 hubs of 2,000 keys,
 *   20 ms per request; a child process serves pages recorded from the spec-checked Cycle fake,
 *   pre-serialised, so the hub's CPU neither shares the client's thread nor is what is measured;
 * - engine only: the same sizes from an in-process hub kind that sleeps 20 ms per page, so neither
 *   HTTP, the adapter's parsing nor the simulated hub's own CPU counts;
 * - `sync_100k_first_ms`: 5 x 20,000 keys from that in-process kind with no latency, into an empty
 *   store: nothing to wait for, so its time is all the client's (target under 3 s).
 * The client's CPU per key is the process's CPU over the sync (HTTP, parsing, engine, SQLite and
 * the thread pool's compression) over the keys. The floor is the longest chain of requests one
 * connection made, each after the answers it could have needed (its key pages; Cycle's roles are
 * asked beside the first ones), times the latency: what a client pulling every connection
 * perfectly in parallel needs. Requests sent together count once, so overlapping them lowers
 * the floor as much as the time: the ratio cannot gain from it.
 */
export async function run(): Promise<Record<string, { value: number; unit: string }>> {
  const hub = await startHub()
  const stores: BenchStore[] = []
  const fresh = async (...args: Parameters<typeof freshStore>) => {
    const store = await freshStore(...args)
    stores.push(store)
    return store
  }
  /**
   * An untimed sync into a store of its own (JIT, sockets), then that store closed: left open, its
   * deferred WAL checkpoint (a second after its sync) ran 33-56 ms on this thread inside the
   * timed sync that followed, which is no part of that sync's work.
   */
  const warmUp = async (...args: Parameters<typeof timedSync>) => {
    await timedSync(...args)
    const store = args[0]
    stores.splice(stores.indexOf(store), 1)
    store.close()
  }
  try {
    for (const entry of hub.address.hubs) {
      if (entry.keys !== keysPerConnection) {
        throw new Error(`the simulated hub made ${entry.keys} keys, not ${keysPerConnection}`)
      }
    }
    const targets = hub.address.hubs.map((entry) => ({
      baseUrl: hub.address.url,
      hubId: entry.id,
      credential: entry.credential
    }))
    const http = countingHttp()
    await warmUp(await fresh(cycleHub, http.factory, targets), http.clients)
    const store = await fresh(cycleHub, http.factory, targets)
    const hubCpuBefore = hub.cpuMs()
    const cold = await timedSync(store, http.clients)
    const hubCpuCold = hub.cpuMs()
    const resync = await timedSync(store, http.clients)
    const hubCpuResync = hub.cpuMs()
    // What the simulated hub itself spent serving each sync (lookups and writes of recorded pages).
    const hubCpu: Record<string, { value: number; unit: string }> =
      hubCpuBefore === undefined || hubCpuCold === undefined || hubCpuResync === undefined
        ? {}
        : {
            sync_5x2000_hub_cpu_ms: { value: hubCpuCold - hubCpuBefore, unit: 'ms' },
            sync_5x2000_resync_hub_cpu_ms: { value: hubCpuResync - hubCpuCold, unit: 'ms' }
          }

    const engineRequests: RequestCount[] = []
    const kind = inProcessKind(engineRequests)
    const engineTargets = targets.map((target, index) => ({ ...target, hubId: `tenant-${index}` }))
    await warmUp(await fresh(kind, http.factory, engineTargets), engineRequests)
    const engineStore = await fresh(kind, http.factory, engineTargets)
    const engine = await timedSync(engineStore, engineRequests)
    const engineResync = await timedSync(engineStore, engineRequests)

    // 100,000 keys into an empty store: all of it is the client's time (no network to wait for).
    const largeKind = inProcessKind(
      engineRequests,
      largeKeysPerConnection,
      0,
      engineTargets.map((target) => target.hubId)
    )
    const largeKeys = connectionsCount * largeKeysPerConnection
    // No warm-up of its own: the syncs above warmed the JIT, and a second 100,000 would double this
    // bench's run on a busy machine.
    const large = await timedSync(
      await fresh(largeKind, http.factory, engineTargets),
      engineRequests,
      largeKeys
    )
    const keys = connectionsCount * keysPerConnection
    /** Client CPU per key, in microseconds. */
    const perKey = (cpuMs: number, count: number) => round((cpuMs * 1000) / count)

    return {
      sync_5x2000_ms: { value: round(cold.ms), unit: 'ms' },
      sync_floor_ms: { value: cold.floorMs, unit: 'ms' },
      sync_ratio_to_floor: { value: ratio(cold.ms, cold.floorMs), unit: 'x' },
      // Where the time goes: the client's CPU over the whole sync, and the apply transactions alone.
      sync_5x2000_cpu_ms: { value: round(cold.cpuMs), unit: 'ms' },
      sync_5x2000_apply_ms: { value: round(cold.applyMs), unit: 'ms' },
      sync_5x2000_cpu_per_key_us: { value: perKey(cold.cpuMs, keys), unit: 'us' },
      // The split: CPU applying (the transactions) and pulling (HTTP, parsing, engine, snapshot).
      sync_5x2000_apply_cpu_ms: { value: round(cold.applyCpuMs), unit: 'ms' },
      sync_5x2000_pull_cpu_ms: { value: round(cold.cpuMs - cold.applyCpuMs), unit: 'ms' },
      // From the last page with keys staged (any connection) to the end: one more request, then
      // the applies one after the other.
      sync_5x2000_after_last_page_ms: { value: round(cold.afterLastPageMs), unit: 'ms' },
      sync_5x2000_resync_after_last_page_ms: { value: round(resync.afterLastPageMs), unit: 'ms' },
      sync_5x2000_resync_ms: { value: round(resync.ms), unit: 'ms' },
      sync_5x2000_resync_cpu_ms: { value: round(resync.cpuMs), unit: 'ms' },
      sync_5x2000_resync_apply_ms: { value: round(resync.applyMs), unit: 'ms' },
      sync_5x2000_resync_apply_cpu_ms: { value: round(resync.applyCpuMs), unit: 'ms' },
      sync_5x2000_resync_cpu_per_key_us: { value: perKey(resync.cpuMs, keys), unit: 'us' },
      ...hubCpu,
      sync_5x2000_resync_ratio_to_floor: { value: ratio(resync.ms, resync.floorMs), unit: 'x' },
      sync_requests_per_connection: { value: cold.requests, unit: 'requests' },
      sync_request_chain_per_connection: { value: cold.chain, unit: 'requests' },
      sync_page_size: { value: cyclePageSize, unit: 'keys' },
      sync_engine_5x2000_ms: { value: round(engine.ms), unit: 'ms' },
      sync_engine_floor_ms: { value: engine.floorMs, unit: 'ms' },
      sync_engine_ratio_to_floor: { value: ratio(engine.ms, engine.floorMs), unit: 'x' },
      sync_engine_5x2000_cpu_ms: { value: round(engine.cpuMs), unit: 'ms' },
      sync_engine_5x2000_apply_ms: { value: round(engine.applyMs), unit: 'ms' },
      sync_engine_resync_ms: { value: round(engineResync.ms), unit: 'ms' },
      sync_engine_resync_cpu_ms: { value: round(engineResync.cpuMs), unit: 'ms' },
      sync_engine_resync_apply_ms: { value: round(engineResync.applyMs), unit: 'ms' },
      sync_engine_resync_ratio_to_floor: {
        value: ratio(engineResync.ms, engineResync.floorMs),
        unit: 'x'
      },
      sync_100k_first_ms: { value: round(large.ms), unit: 'ms' },
      sync_100k_first_cpu_ms: { value: round(large.cpuMs), unit: 'ms' },
      sync_100k_first_apply_ms: { value: round(large.applyMs), unit: 'ms' },
      sync_100k_first_apply_cpu_ms: { value: round(large.applyCpuMs), unit: 'ms' },
      sync_100k_first_cpu_per_key_us: { value: perKey(large.cpuMs, largeKeys), unit: 'us' }
    }
  } finally {
    for (const store of stores) store.close()
    await hub.stop()
  }
}
