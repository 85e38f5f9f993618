// Integration tests of the key-action channels through dispatch: real store and vault, an in-process hub, and the facts each channel states.
import { describe, expect, it } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'

const password = 'key channels passphrase'

const setup = async () => {
  const hub = createMemoryHub()
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: hub.module } as unknown as HubModules
  })
  const call = async (channel: string, payload: unknown) => {
    const result = await core.dispatch(channel, payload, { transport: 'test' })
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
  return { core, hub, call, connectionId: connection.id }
}

describe('key-action channels', () => {
  it('state their facts: hub changes and secrets are marked', () => {
    expect(channels['keys:create'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'both',
      changesHub: true,
      audit: 'create'
    })
    expect(channels['keys:record'].facts.carriesSecret).toBe('request')
    expect(channels['keys:delete'].facts.changesHub).toBe(true)
    expect(channels['keys:list-live'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'none',
      changesHub: false,
      audit: false
    })
    expect(channels['vault:inspect'].facts.whileLocked).toBe(true)
  })

  it('creates a key, answering its value only when asked and only after the vault holds it', async () => {
    const { core, hub, call, connectionId } = await setup()
    const plain: { key: { hubKeyId: string; localId: string }; secret?: string } = await call(
      'keys:create',
      { connectionId, name: 'deploy-bot', ips: ['10.0.0.0/8'] }
    )
    expect(plain.secret).toBeUndefined()
    expect(plain.key).toMatchObject({ name: 'deploy-bot', ipRules: ['10.0.0.0/8'] })
    expect(JSON.stringify(plain)).not.toContain('secret-')

    const shown: { key: { hubKeyId: string; localId: string }; secret: string } = await call(
      'keys:create',
      { connectionId, name: 'ci', showSecret: true }
    )
    expect(shown.secret).toBe(hub.keys.get(shown.key.hubKeyId)!.secret)
    const record = core.keys.resolve(connectionId, shown.key.localId)
    expect(core.vault.readSecret(record!.secretId!).reveal()).toBe(shown.secret)
  })

  it('updates, verifies (also by fingerprint), lists live and deletes through the contract', async () => {
    const { hub, call, connectionId } = await setup()
    const { key }: { key: { hubKeyId: string; localId: string; fingerprint: string } } = await call(
      'keys:create',
      { connectionId, name: 'deploy-bot' }
    )
    const renamed: { name: string; localId: string } = await call('keys:update', {
      connectionId,
      keyId: key.hubKeyId,
      name: 'deploy-bot-2'
    })
    expect(renamed).toMatchObject({ name: 'deploy-bot-2', localId: key.localId })
    expect(await call('keys:verify', { connectionId, keyId: key.fingerprint })).toEqual({
      valid: true,
      detail: 'The key works.'
    })
    const live: { keys: Array<{ name: string }> } = await call('keys:list-live', { connectionId })
    expect(live.keys.map((k) => k.name)).toEqual(['deploy-bot-2'])
    expect(await call('keys:delete', { connectionId, keyId: key.localId })).toEqual({
      removedAt: 'hub'
    })
    expect(hub.keys.size).toBe(0)
  })

  it('deletes a production key only with its name typed in, whichever way the call comes', async () => {
    const { core, hub, call } = await setup()
    const prod: { id: string } = await call('connections:add', {
      name: 'Cycle live',
      kind: 'cycle',
      environment: 'prod',
      baseUrl: 'https://api.cycle.io',
      settings: { hubId: 'hub-2' },
      credential: 'master-credential'
    })
    const { key }: { key: { hubKeyId: string; localId: string } } = await call('keys:create', {
      connectionId: prod.id,
      name: 'payments'
    })
    const at = { connectionId: prod.id, keyId: key.localId }
    for (const confirm of [{}, { confirmName: 'payment' }, { confirmName: key.localId }]) {
      const refused = await core.dispatch(
        'keys:delete',
        { ...at, ...confirm },
        { transport: 'test' }
      )
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: expect.stringMatching(/type the key's name \(payments\)/)
        }
      })
      expect(hub.keys.has(key.hubKeyId)).toBe(true)
    }
    expect(await call('keys:delete', { ...at, confirmName: ' payments ' })).toEqual({
      removedAt: 'hub'
    })
    expect(hub.keys.has(key.hubKeyId)).toBe(false)
  })

  it('answers usage and record refusals as errors, not throws', async () => {
    const { core, connectionId } = await setup()
    const usage = await core.dispatch(
      'usage:read',
      { connectionId, target: { kind: 'key', keyId: 'nope' }, interval: 'day' },
      { transport: 'test' }
    )
    expect(usage).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } })
    // Usage goes through the usage:* channels only; the old per-key hub call is gone.
    expect(
      await core.dispatch('keys:usage', { connectionId, keyId: 'nope' }, { transport: 'test' })
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    const recorded = await core.dispatch(
      'keys:record',
      { connectionId, name: 'pasted', secret: 'value-from-elsewhere' },
      { transport: 'test' }
    )
    expect(recorded).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(JSON.stringify(recorded)).not.toContain('value-from-elsewhere')
  })

  it('records a key made elsewhere: sealed with its record, found by its fingerprint', async () => {
    const { core, call } = await setup()
    const optidash: { id: string } = await call('connections:add', {
      name: 'Optidash',
      kind: 'optidash',
      baseUrl: 'https://optidash.example',
      credential: 'optidash-account-key'
    })
    const value = 'opti_live_0123456789abcdefghij'
    const recorded: { hubKeyId: string; localId: string; fingerprint: string } = await call(
      'keys:record',
      { connectionId: optidash.id, name: 'pasted', secret: value }
    )
    expect(recorded.hubKeyId).toBe(recorded.fingerprint)
    expect(JSON.stringify(recorded)).not.toContain(value)
    const stored = core.keys.resolve(optidash.id, recorded.fingerprint)
    expect(stored?.id).toBe(recorded.localId)
    expect(core.vault.readSecret(stored!.secretId!).reveal()).toBe(value)
  })

  it('refuses key names with terminal escapes, and every key channel while locked', async () => {
    const { core, connectionId } = await setup()
    const named = await core.dispatch(
      'keys:create',
      { connectionId, name: 'evil\u001b]0;pwned\u0007' },
      { transport: 'test' }
    )
    expect(named).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    await core.dispatch('vault:lock', {}, { transport: 'test' })
    for (const channel of ['keys:list-live', 'keys:create', 'keys:verify'] as const) {
      const payload =
        channel === 'keys:create' ? { connectionId, name: 'x' } : { connectionId, keyId: 'k' }
      const result = await core.dispatch(
        channel,
        channel === 'keys:list-live' ? { connectionId } : payload,
        { transport: 'test' }
      )
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    }
    expect(await core.dispatch('vault:inspect', {}, { transport: 'test' })).toMatchObject({
      ok: true,
      value: { present: true, createdAt: expect.any(Number) }
    })
  })
})
