// Integration tests of keys:copy, keys:reveal and keys:store-value through dispatch: real store and vault, a memory hub, a fake system clipboard, and no value in the audit log or the log.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { channels } from '../../src-main/contract/channels'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import { hubModules } from '../../src-main/core/hubs/registry'
import type { Clipboard } from '../../src-main/core/ports/clipboard.port'
import type { CoreConfig } from '../../src-main/core/app-core'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'
import { Secret } from '../../src-main/common/secret'

const password = 'key secret channels passphrase'

const fakeClipboard = () => {
  let text = 'before'
  return {
    writeText: async (value: string) => void (text = value),
    readText: async () => text,
    clear: async () => void (text = ''),
    text: () => text
  } satisfies Clipboard & { text(): string }
}

const setup = async (overrides: Partial<CoreConfig> = {}) => {
  const hub = createMemoryHub()
  const lines: string[] = []
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: hub.module } as unknown as HubModules,
    logger: { log: (...args) => void lines.push(JSON.stringify(args)) },
    ...overrides
  })
  const raw = (channel: string, payload: unknown) =>
    core.dispatch(channel, payload, { transport: 'test' })
  const call = async (channel: string, payload: unknown) => {
    const result = await raw(channel, payload)
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
  const created: {
    key: { hubKeyId: string; localId: string; fingerprint: string }
    secret: string
  } = await call('keys:create', { connectionId: connection.id, name: 'deploy', showSecret: true })
  const auditText = () => JSON.stringify(core.audit.list({ limit: 500 }).entries)
  return { core, hub, raw, call, connectionId: connection.id, created, lines, auditText }
}

afterEach(() => vi.useRealTimers())

/** A key someone made at the hub outside Hubkeys: a sync brings it in without its value. */
const madeAtHub = async (hub: ReturnType<typeof createMemoryHub>, name: string) => {
  using credential = Secret.fromString('master-credential')
  const adapter = hub.module.create({ credential } as never)
  const created = await adapter.createKey({ name })
  created.secret?.dispose()
  return created.key
}

describe('key secret channels', () => {
  it('state their facts', () => {
    expect(channels['keys:copy'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'response',
      changesHub: false,
      audit: 'copy'
    })
    expect(channels['keys:reveal'].facts).toMatchObject({
      carriesSecret: 'response',
      audit: 'reveal'
    })
    expect(channels['keys:store-value'].facts).toMatchObject({
      carriesSecret: 'request',
      changesHub: false,
      audit: 'record'
    })
  })

  it('desktop: writes the system clipboard in main, answers no value, clears it after the delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const clipboard = fakeClipboard()
    const { call, connectionId, created, auditText, lines } = await setup({ clipboard })
    const answer: { clearsAt: number; clearAfterSeconds: number; text?: string } = await call(
      'keys:copy',
      { connectionId, keyId: created.key.localId, as: 'header' }
    )
    expect(answer.text).toBeUndefined()
    expect(answer.clearAfterSeconds).toBe(30)
    expect(JSON.stringify(answer)).not.toContain(created.secret)
    expect(clipboard.text()).toBe(`Authorization: Bearer ${created.secret}`)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clipboard.text()).toBe('')
    expect(auditText()).toContain('"as":"header"')
    expect(auditText()).not.toContain(created.secret)
    expect(lines.join('\n')).not.toContain(created.secret)
  })

  it('desktop: locking clears a copy still on the clipboard, but not a later one of the user', async () => {
    const clipboard = fakeClipboard()
    const first = await setup({ clipboard })
    await first.call('keys:copy', {
      connectionId: first.connectionId,
      keyId: first.created.key.localId
    })
    expect(clipboard.text()).toBe(first.created.secret)
    await first.call('vault:lock', {})
    // The lock event clears asynchronously (Electron's clipboard is asynchronous).
    await vi.waitFor(() => expect(clipboard.text()).toBe(''))

    const other = fakeClipboard()
    const second = await setup({ clipboard: other })
    await second.call('keys:copy', {
      connectionId: second.connectionId,
      keyId: second.created.key.localId
    })
    await other.writeText('something else')
    await second.call('vault:lock', {})
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(other.text()).toBe('something else')
  })

  it('desktop: quitting (core.close) clears the copy', async () => {
    const clipboard = fakeClipboard()
    const { core, call, connectionId, created } = await setup({ clipboard })
    await call('keys:copy', { connectionId, keyId: created.key.hubKeyId, as: 'env' })
    expect(clipboard.text()).toBe(`CYCLE_API_KEY=${created.secret}`)
    await core.close()
    expect(clipboard.text()).toBe('')
  })

  it('web mode and the CLI: the answer carries the text for that one write, and the delay', async () => {
    const { call, connectionId, created, auditText } = await setup()
    const before = Date.now()
    const answer: { clearsAt: number; clearAfterSeconds: number; text?: string } = await call(
      'keys:copy',
      { connectionId, keyId: created.key.fingerprint, as: 'curl' }
    )
    expect(answer.text).toBe(
      `curl -H 'Authorization: Bearer ${created.secret}' -H 'X-Hub-Id: hub-1' 'https://api.cycle.io/v1/hubs/current'`
    )
    expect(answer.clearsAt).toBeGreaterThanOrEqual(before + 30_000)
    expect(auditText()).not.toContain(created.secret)
  })

  it('reveals the value with its time limit, audited without it', async () => {
    const { call, connectionId, created, auditText } = await setup()
    const shown: { value: string; hideAfterSeconds: number } = await call('keys:reveal', {
      connectionId,
      keyId: created.key.localId
    })
    expect(shown).toEqual({ value: created.secret, hideAfterSeconds: 30 })
    expect(auditText()).toContain('"reveal"')
    expect(auditText()).not.toContain(created.secret)
  })

  it('refuses while locked and for a key without a stored value, and stores a pasted one', async () => {
    const { core, hub, raw, call, connectionId, auditText } = await setup()
    // A key made at the hub by someone else: a sync brings it in without its value.
    const key = await madeAtHub(hub, 'made-elsewhere')
    await call('sync:start', { connectionIds: [connectionId] })
    const value = hub.keys.get(key.hubKeyId)!.secret
    const noValue = await raw('keys:copy', { connectionId, keyId: key.hubKeyId })
    expect(noValue).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(JSON.stringify(noValue)).toMatch(/paste its value/)

    const padded = await raw('keys:store-value', {
      connectionId,
      keyId: key.hubKeyId,
      secret: ` ${value}`
    })
    expect(padded).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })

    const stored: { fingerprint: string; localId: string } = await call('keys:store-value', {
      connectionId,
      keyId: key.hubKeyId,
      secret: value
    })
    expect(stored.fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/)
    const revealed: { value: string } = await call('keys:reveal', {
      connectionId,
      keyId: stored.localId
    })
    expect(revealed.value).toBe(value)
    const again = await raw('keys:store-value', {
      connectionId,
      keyId: key.hubKeyId,
      secret: value
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(auditText()).not.toContain(value)

    core.vault.lock('manual')
    const locked = await raw('keys:reveal', { connectionId, keyId: stored.localId })
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
  })

  it('refuses a pasted value whose fingerprint is not the one Hubkeys saw, without quoting it', async () => {
    const { hub, raw, call, connectionId } = await setup()
    const key = await madeAtHub(hub, 'seen-before')
    hub.keys.get(key.hubKeyId)!.key.fingerprint = 'sha256:0123456789ab'
    await call('sync:start', { connectionIds: [connectionId] })
    const wrong = await raw('keys:store-value', {
      connectionId,
      keyId: key.hubKeyId,
      secret: 'not-the-right-value'
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(JSON.stringify(wrong)).toContain('sha256:0123456789ab')
    expect(JSON.stringify(wrong)).not.toContain('not-the-right-value')
  })
})
