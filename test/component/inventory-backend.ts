// A real core for the inventory component tests, whose Cycle kind is in-process memory hubs the test fills, renames and syncs.

import type { Connection, HubKey, HubKeyInput } from '../../src-main/contract/hubs.contract'
import { createFakeApi, type CoreApi, type CoreLike } from '../helpers/fake-api'

/*
 * Same reason as fake-api.ts and cycle-fake-loader.ts: component tests are type-checked with DOM
 * types and no Node types, and the core needs Node, so the core, the hub registry and the memory
 * hub are loaded at run time through specifiers TypeScript does not follow, and known here only
 * by the small shapes below. Each memory hub keeps its keys in a Map the test edits directly;
 * a sync then reads them through the real sync engine, store and drift recorder.
 */

interface MemoryHubLike {
  module: {
    // The credential is core's Secret, which these DOM-typed tests only pass along.
    create(context: { connection: Connection; credential: unknown }): unknown
    checkConnection(connection: Connection, credential: unknown): void
    kind: string
    capabilities: unknown
  }
  keys: Map<string, { key: HubKey; secret: string }>
}

/** What the memory hubs accept as a connection's credential. */
export const memoryCredential = 'master-credential'

export interface InventoryBackend extends CoreApi {
  /** Adds a Cycle connection backed by its own memory hub (named by `hubId`). */
  addConnection(input: {
    name: string
    hubId: string
    environment: 'prod' | 'staging' | 'dev'
    colour?: string
  }): Promise<Connection>
  /** Replaces what the memory hub `hubId` lists. */
  setKeys(hubId: string, keys: HubKeyInput[]): void
  /** Renames one key on the memory hub `hubId`, as an admin would in the hub's own console. */
  rename(hubId: string, hubKeyId: string, name: string): void
  sync(): Promise<void>
}

const testCoreModule = '../helpers/test-core'
const registryModule = '../../src-main/core/hubs/registry'
const memoryHubModule = '../helpers/memory-hub'

/** A hub key with the defaults the contract gives absent fields. */
export const hubKey = (input: HubKeyInput): HubKey => ({
  tenant: 'main',
  role: null,
  scopes: [],
  ipRules: null,
  headers: [],
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  owner: null,
  fingerprint: null,
  oddities: [],
  ...input
})

export const createInventoryBackend = async (): Promise<InventoryBackend> => {
  const { createTestCore } = (await import(/* @vite-ignore */ testCoreModule)) as {
    createTestCore(overrides: { hubModules: Record<string, unknown> }): CoreLike
  }
  const { hubModules } = (await import(/* @vite-ignore */ registryModule)) as {
    hubModules: Record<string, unknown>
  }
  const { createMemoryHub } = (await import(/* @vite-ignore */ memoryHubModule)) as {
    createMemoryHub(): MemoryHubLike
  }
  const hubs = new Map<string, MemoryHubLike>()
  const hubFor = (hubId: string | undefined): MemoryHubLike => {
    const id = hubId ?? 'default'
    let hub = hubs.get(id)
    if (!hub) {
      hub = createMemoryHub()
      hubs.set(id, hub)
    }
    return hub
  }
  const template = hubFor('default').module
  // One Cycle kind that hands each connection the memory hub its Hub ID names.
  const cycle = {
    kind: template.kind,
    capabilities: template.capabilities,
    checkConnection: (connection: Connection, credential: unknown) =>
      hubFor(connection.settings.hubId).module.checkConnection(connection, credential),
    create: (context: { connection: Connection; credential: unknown }) =>
      hubFor(context.connection.settings.hubId).module.create(context)
  }
  const core = createTestCore({ hubModules: { ...hubModules, cycle } })
  const api = createFakeApi({ dispatch: core.dispatch, events: core.events })

  const unwrap = <T>(result: unknown): T => {
    const envelope = result as { ok: boolean; value?: T; error?: { message: string } }
    if (!envelope.ok) throw new Error(envelope.error?.message ?? 'the core refused')
    return envelope.value as T
  }

  return {
    api,
    core,
    close: () => core.close(),
    async addConnection({ name, hubId, environment, colour }) {
      hubFor(hubId)
      return unwrap<Connection>(
        await api.invoke('connections:add', {
          name,
          kind: 'cycle',
          baseUrl: 'https://api.cycle.io',
          settings: { hubId },
          environment,
          colour: colour ?? '#3b82f6',
          credential: memoryCredential
        })
      )
    },
    setKeys(hubId, keys) {
      const hub = hubFor(hubId)
      hub.keys.clear()
      for (const key of keys) {
        const full = hubKey(key)
        hub.keys.set(full.hubKeyId, { key: full, secret: `secret-${full.hubKeyId}` })
      }
    },
    rename(hubId, hubKeyId, name) {
      const entry = hubFor(hubId).keys.get(hubKeyId)
      if (!entry) throw new Error(`no key ${hubKeyId} on ${hubId}`)
      entry.key = { ...entry.key, name }
    },
    async sync() {
      const value = unwrap<{ results: { outcome: string; error?: { message: string } }[] }>(
        await api.invoke('sync:start', {})
      )
      const failed = value.results.find((result) => result.outcome !== 'ok')
      if (failed) throw new Error(`a sync failed: ${failed.error?.message ?? failed.outcome}`)
    }
  }
}
