// Integration tests of rotation through the contract against the simulated hubs: every strategy end to end, verify before revoke, roll back, grace and revoke now, plan and facts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channels } from '../../../src-main/contract/channels'
import type { RotationPlanItem, RotationView } from '../../../src-main/contract/rotation.contract'
import type { AppCore } from '../../../src-main/core/app-core'
import type { KeyRecord } from '../../../src-main/core/ports/inventory-store.port'
import { startFakeHubs, type FakeHubs } from '../../fakes/hubs/start-fake-hubs'
import { addConnection, callerOf, openRotationCore, rotationPassword } from './rotation-kit'

let hubs: FakeHubs
let core: AppCore
let closeCore: () => Promise<void>
let call: ReturnType<typeof callerOf>
const connectionOf: Record<string, string> = {}
const notified: string[] = []

beforeAll(async () => {
  hubs = await startFakeHubs({ seed: 5, tenants: 1, keysPerTenant: 6 })
  ;({ core, close: closeCore } = openRotationCore(mkdtempSync(join(tmpdir(), 'hk-rotation-')), {
    notifier: { notify: (title, body) => void notified.push(`${title}: ${body}`) }
  }))
  call = callerOf(core)
  await call('vault:create', { password: rotationPassword })
  for (const kind of ['cycle', 'dct', 'optidash', 'datahub'] as const) {
    const hub = hubs.connections.find((connection) => connection.kind === kind)!
    connectionOf[kind] = await addConnection(call, hub)
  }
}, 60_000)

afterAll(async () => {
  await closeCore?.()
  await hubs?.close()
})

/** A live Cycle key other than the connection's own credentials. */
const cycleKey = (): { local: KeyRecord; secret: string } => {
  const hub = hubs.fakes.cycle.hubs[0]!
  const key = hub.keys.find(
    (candidate) =>
      candidate.state === 'live' &&
      candidate.secret !== hub.adminSecret &&
      candidate.secret !== hub.limitedSecret &&
      !usedKeys.has(candidate.id)
  )!
  usedKeys.add(key.id)
  return { local: core.keys.resolve(connectionOf.cycle!, key.id)!, secret: key.secret }
}
const usedKeys = new Set<string>()

const rotate = (payload: Record<string, unknown>) =>
  call<{ rotation: RotationView; secret?: string }>('rotation:start', payload)

describe('rotation channels', () => {
  it('state their facts', () => {
    expect(channels['rotation:start'].facts).toEqual({
      whileLocked: false,
      carriesSecret: 'both',
      changesHub: true,
      audit: 'rotation-step'
    })
    expect(channels['rotation:plan'].facts).toMatchObject({ changesHub: false, audit: false })
    expect(channels['rotation:rollback'].facts).toMatchObject({ changesHub: true })
  })

  it('plans without writing: a strategy and a risk per key', async () => {
    const cycle = cycleKey().local
    const { items } = await call<{ items: RotationPlanItem[] }>('rotation:plan', {
      connectionId: connectionOf.cycle,
      keyIds: [cycle.id]
    })
    expect(items).toEqual([
      expect.objectContaining({
        keyId: cycle.id,
        strategy: 'create-verify-delete',
        risk: 'low',
        needsTypedName: false,
        graceWindows: ['0', '1h', '24h', '7d']
      })
    ])
    expect(items[0]!.explanation).toMatch(/verifies it, then deletes the old key/)
    expect((await call<{ rotations: unknown[] }>('rotation:list', {})).rotations).toEqual([])
  })

  it('proposes rotations by a per-connection age policy and never runs them', async () => {
    const before = hubs.fakes.cycle.hubs[0]!.keys.length
    expect(await call('rotation:proposals', {})).toEqual({ items: [] })
    await call('rotation:set-policy', { connectionId: connectionOf.cycle, maxAgeDays: 1 })
    const { items } = await call<{ items: (RotationPlanItem & { ageDays: number })[] }>(
      'rotation:proposals',
      {}
    )
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) {
      expect(item).toMatchObject({
        connectionId: connectionOf.cycle,
        strategy: 'create-verify-delete'
      })
      expect(item.ageDays).toBeGreaterThan(1)
    }
    expect(hubs.fakes.cycle.hubs[0]!.keys.length).toBe(before)
    expect((await call<{ rotations: unknown[] }>('rotation:list', {})).rotations).toEqual([])
    expect(
      await call('rotation:set-policy', { connectionId: connectionOf.cycle, maxAgeDays: null })
    ).toEqual({ policies: [] })
    expect(await call('rotation:proposals', {})).toEqual({ items: [] })
  })

  it('rotates a Cycle key: one new live key with the same role, stored and verifying, the old one deleted', async () => {
    const { local } = cycleKey()
    const done = await rotate({
      connectionId: connectionOf.cycle,
      keyId: local.id,
      showSecret: true
    })
    expect(done.rotation).toMatchObject({
      state: 'DONE',
      strategy: 'create-verify-delete',
      lastError: null
    })
    const hub = hubs.fakes.cycle.hubs[0]!
    const made = hub.keys.filter((key) => key.name.includes(done.rotation.token))
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({
      state: 'live',
      roleId: hub.keys.find((k) => k.id === local.hubKeyId)!.roleId
    })
    expect(done.secret).toBe(made[0]!.secret)
    expect(['deleting', 'deleted']).toContain(
      hub.keys.find((key) => key.id === local.hubKeyId)!.state
    )
    const fresh = core.keys.resolve(connectionOf.cycle!, done.rotation.newKeyId!)!
    expect(core.vault.readSecret(fresh.secretId!).reveal()).toBe(made[0]!.secret)
    expect(
      await call('keys:verify', { connectionId: connectionOf.cycle, keyId: fresh.id })
    ).toMatchObject({ valid: true })
    expect(core.keys.resolve(connectionOf.cycle!, local.id)!.status).toBe('deleted')
    // Every step is in the audit log, never with the value.
    const audit = core.audit.list({ limit: 100, action: ['rotation-step'] } as never)
    expect(audit.entries.map((entry) => entry.detail.state)).toEqual(
      expect.arrayContaining([
        'PLANNED',
        'NEW_REQUESTED',
        'NEW_STORED',
        'NEW_VERIFIED',
        'SWITCHED',
        'OLD_REVOKED',
        'DONE'
      ])
    )
    expect(JSON.stringify(audit)).not.toContain(made[0]!.secret)
  })

  it('keeps the old Cycle key and removes the new one when the new one fails verification', async () => {
    const { local } = cycleKey()
    const cycle = hubs.fakes.cycle
    // The verification is the first plain list request made with a key after the create.
    cycle.fail({ kind: 'status', status: 401 }, 1, /^GET \/v1\/hubs\/current\/api-keys$/)
    await expect(
      rotate({ connectionId: connectionOf.cycle, keyId: local.id })
    ).resolves.toMatchObject({
      rotation: {
        state: 'FAILED',
        lastError: expect.stringMatching(/did not verify.*old key stays/)
      }
    })
    const hub = cycle.hubs[0]!
    expect(hub.keys.find((key) => key.id === local.hubKeyId)!.state).toBe('live')
    const [rotation] = (await call<{ rotations: RotationView[] }>('rotation:list', {})).rotations
    const made = hub.keys.filter((key) => key.name.includes(rotation!.token))
    expect(made.every((key) => key.state === 'deleting' || key.state === 'deleted')).toBe(true)
  })

  it('keeps a failing step in the journal with its reason and backoff, reports it loudly once it keeps failing, and resumes it later', async () => {
    const { local } = cycleKey()
    const cycle = hubs.fakes.cycle
    cycle.fail({ kind: 'status', status: 503 }, 3, /^POST \/v1\/hubs\/current\/api-keys$/)
    await expect(rotate({ connectionId: connectionOf.cycle, keyId: local.id })).rejects.toThrow(
      /stopped at NEW_REQUESTED.*resume it or roll it back/
    )
    const [first] = (
      await call<{ rotations: RotationView[] }>('rotation:list', { unfinished: true })
    ).rotations
    expect(first).toMatchObject({ state: 'NEW_REQUESTED', attempts: 1, stuck: false })
    expect(first!.lastError).toMatch(/503|unavailable|Cycle/i)
    expect(core.rotation.get(first!.id).nextAttemptAt).toBeGreaterThan(Date.now())
    expect(notified).toEqual([])
    for (let attempt = 2; attempt <= 3; attempt += 1) {
      await expect(call('rotation:resume', { id: first!.id })).rejects.toThrow(/NEW_REQUESTED/)
    }
    const [stuck] = (
      await call<{ rotations: RotationView[] }>('rotation:list', { unfinished: true })
    ).rotations
    expect(stuck).toMatchObject({ attempts: 3, stuck: true })
    expect(notified).toEqual([
      expect.stringMatching(/keeps failing: .*NEW_REQUESTED after 3 attempts/)
    ])
    // The hub is back: the same rotation finishes, with no key left over from the failed tries.
    const [done] = (await call<{ rotations: RotationView[] }>('rotation:resume', { id: first!.id }))
      .rotations
    expect(done).toMatchObject({ state: 'DONE', attempts: 0, lastError: null })
    const alive = cycle.hubs[0]!.keys.filter(
      (key) => key.name.includes(done!.token) && key.state === 'live'
    )
    expect(alive.map((key) => key.id)).toEqual([done!.newHubKeyId])
  })

  it('holds the old key through the grace window, then revokes it on "revoke now"; refuses a second rotation meanwhile', async () => {
    const { local } = cycleKey()
    const waiting = await rotate({
      connectionId: connectionOf.cycle,
      keyId: local.id,
      grace: '24h'
    })
    expect(waiting.rotation.state).toBe('SWITCHED')
    expect(waiting.rotation.graceUntil).toBeGreaterThan(Date.now() + 23 * 3600_000)
    const hub = hubs.fakes.cycle.hubs[0]!
    expect(hub.keys.find((key) => key.id === local.hubKeyId)!.state).toBe('live')
    await expect(rotate({ connectionId: connectionOf.cycle, keyId: local.id })).rejects.toThrow(
      /already unfinished/
    )
    const revoked = await call<RotationView>('rotation:revoke-now', { id: waiting.rotation.id })
    expect(revoked.state).toBe('DONE')
    expect(['deleting', 'deleted']).toContain(
      hub.keys.find((key) => key.id === local.hubKeyId)!.state
    )
  })

  it('rolls back a rotation in its grace window: the new key is deleted, the old one stays', async () => {
    const { local } = cycleKey()
    const waiting = await rotate({ connectionId: connectionOf.cycle, keyId: local.id, grace: '1h' })
    const rolled = await call<RotationView>('rotation:rollback', { id: waiting.rotation.id })
    expect(rolled.state).toBe('ROLLED_BACK')
    const hub = hubs.fakes.cycle.hubs[0]!
    expect(hub.keys.find((key) => key.id === local.hubKeyId)!.state).toBe('live')
    expect(hub.keys.find((key) => key.id === waiting.rotation.newHubKeyId)!.state).toMatch(/delet/)
  })

  it('resets a DCT key only with its name typed, stores the new token and verifies it', async () => {
    const server = hubs.fakes.dct.servers[0]!
    const account = [...server.data.accounts.values()].find(
      (candidate) =>
        candidate.token &&
        candidate.token !== server.credential &&
        !/admin/i.test(candidate.username)
    )!
    const local = core.keys.resolve(connectionOf.dct!, String(account.id))!
    const oldToken = account.token
    await expect(
      rotate({ connectionId: connectionOf.dct, keyId: local.id, confirmName: 'wrong' })
    ).rejects.toThrow(/type the key's name/)
    await expect(
      rotate({
        connectionId: connectionOf.dct,
        keyId: local.id,
        confirmName: local.name,
        grace: '1h'
      })
    ).rejects.toThrow(/grace window/)
    const done = await rotate({
      connectionId: connectionOf.dct,
      keyId: local.id,
      confirmName: local.name
    })
    expect(done.rotation.state).toBe('DONE')
    expect(account.token).not.toBe(oldToken)
    const record = core.keys.resolve(connectionOf.dct!, local.id)!
    expect(core.vault.readSecret(record.secretId!).reveal()).toBe(account.token)
  })

  it("regenerates a DCT connection's own credential: the vault switches to the new one, verified, the old one dropped", async () => {
    const server = hubs.fakes.dct.servers[0]!
    const admin = [...server.data.accounts.values()].find((a) => a.token === server.credential)!
    const done = await rotate({
      connectionId: connectionOf.dct,
      target: 'credential',
      keyId: 'credential'
    })
    expect(done.rotation).toMatchObject({ state: 'DONE', strategy: 'regenerate-own' })
    expect(admin.token).not.toBe(server.credential)
    // Every later call uses the new credential: the connection test passes with it.
    await expect(call('connections:test', { id: connectionOf.dct })).resolves.toBeTruthy()
    expect(JSON.stringify(done)).not.toContain(admin.token!)
  })

  it('rotates an Optidash key and retires the old record, saying it still works there', async () => {
    const { keys } = await call<{ keys: { localId: string }[] }>('keys:list-live', {
      connectionId: connectionOf.optidash
    })
    const local = keys[0]
    const done = await rotate({
      connectionId: connectionOf.optidash,
      keyId: local!.localId,
      showSecret: true
    })
    expect(done.rotation.state).toBe('DONE')
    const account = hubs.fakes.optidash.accounts[0]!
    const made = [...account.keys.values()].filter((key) => key.name.includes(done.rotation.token))
    expect(made.map((key) => key.key)).toEqual([done.secret])
    const old = core.keys.resolve(connectionOf.optidash!, local!.localId)!
    expect(old.status).toBe('inactive')
    expect(old.oddities.join(' ')).toMatch(/still works at .*cannot delete keys/)
  })

  it('ends a guided rotation whose generated token Owl does not know yet as failed, forgets the new record and keeps the old key', async () => {
    const { keys } = await call<{ keys: { localId: string; status: string }[] }>('keys:list-live', {
      connectionId: connectionOf.datahub
    })
    const local = keys.filter((key) => key.status === 'active').at(-1)!
    const failed = await rotate({
      connectionId: connectionOf.datahub,
      keyId: local.localId,
      generate: true
    })
    expect(failed.rotation).toMatchObject({
      state: 'FAILED',
      lastError: expect.stringMatching(/did not verify/)
    })
    expect(core.keys.resolve(connectionOf.datahub!, failed.rotation.newKeyId!)).toBeUndefined()
    expect(core.keys.resolve(connectionOf.datahub!, local.localId)!.status).toBe('active')
  })

  it('guides a Data Hub rotation: the pasted value is stored and verified live, the checklist shown, the old key marked revoked on the word', async () => {
    const datahub = hubs.fakes.datahub
    const { keys } = await call<{ keys: { localId: string; name: string; status: string }[] }>(
      'keys:list-live',
      { connectionId: connectionOf.datahub }
    )
    const local = keys.find((key) => key.status === 'active')!
    await expect(
      rotate({ connectionId: connectionOf.datahub, keyId: local.localId })
    ).rejects.toThrow(/Paste the new key's value/)
    // The admin made the new key in Owl's console.
    const value = 'owl-new-key-value-0123456789abcdefghijklmnopq'
    datahub.keys.push({
      ...datahub.keys[0]!,
      name: 'rotated',
      value,
      status: 'active',
      ipFilters: [],
      expiresAt: null
    })
    const switched = await rotate({
      connectionId: connectionOf.datahub,
      keyId: local.localId,
      newSecret: value
    })
    expect(switched.rotation.state).toBe('SWITCHED')
    expect(switched.rotation.notes.join(' ')).toMatch(/console/)
    const done = await call<RotationView>('rotation:revoke-now', { id: switched.rotation.id })
    expect(done.state).toBe('DONE')
    expect(core.keys.resolve(connectionOf.datahub!, local.localId)!.status).toBe('inactive')
  })
})
