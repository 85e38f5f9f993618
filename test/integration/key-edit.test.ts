// Integration tests of editing keys through dispatch: local notes, tags and owner kept across syncs, a hub error changing nothing, and bulk targets resolved from a query.
import { describe, expect, it } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import { AppError } from '../../src-main/contract/result'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import type { HubKindModule } from '../../src-main/core/hubs/hub-adapter'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'

const password = 'key edit passphrase'

/** A memory hub whose edits fail while `failing.on` is set, as a hub refusing them would. */
const failingHub = () => {
  const hub = createMemoryHub()
  const failing = { on: false }
  const module: HubKindModule = {
    ...hub.module,
    create: (context) => {
      const adapter = hub.module.create(context)
      return {
        ...adapter,
        listKeys: () => adapter.listKeys(),
        updateKey: async (ref, patch, signal) => {
          if (failing.on)
            throw new AppError('HUB_ERROR', 'Memory hub answered 409: the key is locked.')
          return adapter.updateKey(ref, patch, signal)
        }
      }
    }
  }
  return { hub, module, failing }
}

const setup = async () => {
  const { hub, module, failing } = failingHub()
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: module } as unknown as HubModules
  })
  const dispatch = (channel: string, payload: unknown) =>
    core.dispatch(channel, payload, { transport: 'test' })
  const call = async (channel: string, payload: unknown) => {
    const result = await dispatch(channel, payload)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as never
  }
  await call('vault:create', { password })
  const connection: { id: string } = await call('connections:add', {
    name: 'Cycle prod',
    kind: 'cycle',
    baseUrl: 'https://api.cycle.io',
    settings: { hubId: 'hub-1' },
    credential: 'master-credential'
  })
  const create = async (name: string) =>
    (
      (await call('keys:create', { connectionId: connection.id, name })) as {
        key: { localId: string; hubKeyId: string; fingerprint: string }
      }
    ).key
  return { core, hub, failing, dispatch, call, create, connectionId: connection.id }
}

describe('keys:annotate', () => {
  it('states its facts: local only, audited as an edit', () => {
    expect(channels['keys:annotate'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'none',
      changesHub: false,
      audit: 'edit'
    })
    expect(channels['keys:match'].facts.audit).toBe(false)
  })

  it('sets notes, tags and owner without a hub call, and a sync keeps them', async () => {
    const { core, hub, call, create, connectionId } = await setup()
    const key = await create('deploy-bot')
    const callsBefore = hub.calls.length
    const saved = await call('keys:annotate', {
      connectionId,
      keyId: key.hubKeyId,
      notes: 'Used by the nightly deploy.\nAsk ops first.',
      tags: ['ops', 'ci/cd'],
      owner: 'Ana <ana@example.com>'
    })
    expect(saved).toEqual({
      localId: key.localId,
      notes: 'Used by the nightly deploy.\nAsk ops first.',
      tags: ['ops', 'ci/cd'],
      owner: 'Ana <ana@example.com>'
    })
    expect(hub.calls.length).toBe(callsBefore)

    // Only the named field moves.
    await call('keys:annotate', { connectionId, keyId: key.localId, tags: ['ops'] })
    await call('sync:start', { connectionIds: [connectionId] })
    const detail: { notes: string; tags: string[]; owner: string } = await call('keys:get', {
      id: key.localId
    })
    expect(detail).toMatchObject({
      notes: 'Used by the nightly deploy.\nAsk ops first.',
      tags: ['ops'],
      owner: 'Ana <ana@example.com>'
    })
    const found: { total: number } = await call('keys:query', {
      filter: { tags: ['OPS'] },
      withTotal: true
    })
    expect(found.total).toBe(1)
    expect(core.keys.resolve(connectionId, key.localId)?.notes).toContain('nightly')

    // Blank text clears.
    const cleared = await call('keys:annotate', {
      connectionId,
      keyId: key.localId,
      notes: '  ',
      owner: null
    })
    expect(cleared).toMatchObject({ notes: null, owner: null, tags: ['ops'] })
  })

  it('refuses bad tags, overlong notes and unknown keys', async () => {
    const { dispatch, create, connectionId } = await setup()
    const key = await create('deploy-bot')
    for (const tags of [['has space'], ['a,b'], ['-dash'], ['x'.repeat(41)], ['Ops', 'ops']]) {
      const result = await dispatch('keys:annotate', { connectionId, keyId: key.localId, tags })
      expect(result, JSON.stringify(tags)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' }
      })
    }
    const long = await dispatch('keys:annotate', {
      connectionId,
      keyId: key.localId,
      notes: 'n'.repeat(5001)
    })
    expect(long).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const bidi = await dispatch('keys:annotate', {
      connectionId,
      keyId: key.localId,
      notes: 'txt.\u202eexe'
    })
    expect(bidi).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const unknown = await dispatch('keys:annotate', { connectionId, keyId: 'nope', tags: [] })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('keys:update when the hub refuses', () => {
  it('leaves the cache and the vault as they were and answers what the hub said', async () => {
    const { core, failing, dispatch, create, connectionId } = await setup()
    const key = await create('deploy-bot')
    const before = core.keys.resolve(connectionId, key.localId)!
    const valueBefore = core.vault.readSecret(before.secretId!).reveal()
    failing.on = true
    const result = await dispatch('keys:update', {
      connectionId,
      keyId: key.localId,
      name: 'renamed',
      ips: ['10.0.0.0/8']
    })
    expect(result).toEqual({
      ok: false,
      error: { code: 'HUB_ERROR', message: 'Memory hub answered 409: the key is locked.' }
    })
    const after = core.keys.resolve(connectionId, key.localId)!
    expect(after).toEqual(before)
    expect(core.vault.readSecret(after.secretId!).reveal()).toBe(valueBefore)
    const audit = core.audit.list({ actions: ['edit'], limit: 10 }).entries[0]
    expect(audit).toMatchObject({ outcome: 'HUB_ERROR' })
    expect(audit?.detail).toMatchObject({ fields: ['name', 'ips'] })
  })
})

describe('keys:match', () => {
  it('resolves a search and filter to every matching key, counted first', async () => {
    const { call, create, connectionId } = await setup()
    for (let index = 0; index < 7; index += 1) await create(`bot-${index}`)
    await create('other')
    const all: { total: number; keys: { id: string; connectionId: string }[]; tooMany: boolean } =
      await call('keys:match', { search: 'bot' })
    expect(all.total).toBe(7)
    expect(all.tooMany).toBe(false)
    expect(all.keys).toHaveLength(7)
    expect(all.keys.every((key) => key.connectionId === connectionId)).toBe(true)
    const first = all.keys[0]!
    await call('keys:annotate', { connectionId, keyId: first.id, tags: ['ops'] })
    const tagged: { total: number; keys: { id: string; tags: string[] }[] } = await call(
      'keys:match',
      { filter: { tags: ['ops'] } }
    )
    expect(tagged).toMatchObject({ total: 1, keys: [{ id: first.id, tags: ['ops'] }] })
  })
})
