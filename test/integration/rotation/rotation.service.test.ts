// Integration tests of rotation through the contract against the simulated hubs: every strategy end to end, verify before revoke, roll back, grace and revoke now, plan and facts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channels } from '../../../src-main/contract/channels'
import type { RotationPlanItem, RotationView } from '../../../src-main/contract/rotation.contract'
import type { AppCore } from '../../../src-main/core/app-core'
import type { KeyRecord } from '../../../src-main/core/ports/inventory-store.port'
import { createDctFake } from '../../fakes/hubs/dct.fake'
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

describe("a DCT connection's own credential", () => {
  const server = () => hubs.fakes.dct.servers[0]!
  const dctHub = () => hubs.connections.find((connection) => connection.kind === 'dct')!
  const admin = () =>
    [...server().data.accounts.values()].find((account) => account.username === 'admin')!
  const regenerate = /^POST \/dct\/v3\/management\/accounts\/api-key-regenerate$/
  let recoveryId: string

  const addDct = (name: string, credential: string, url = dctHub().url) =>
    call<{ id: string }>('connections:add', {
      name,
      kind: 'dct',
      baseUrl: url,
      settings: dctHub().settings,
      environment: 'dev',
      credential
    }).then((connection) => connection.id)

  const credentialRotations = () =>
    core.rotation.list().filter((rotation) => rotation.keyId === `connection:${connectionOf.dct}`)

  /** The regenerate reaches DCT but its answer is lost (the connection drops before it). */
  const loseTheAnswer = async (recovery?: string) => {
    hubs.fakes.dct.hub.fail({ kind: 'reset' }, 1, regenerate)
    await expect(
      rotate({
        connectionId: connectionOf.dct,
        target: 'credential',
        keyId: 'credential',
        ...(recovery ? { recoveryConnectionId: recovery } : {})
      })
    ).rejects.toThrow(/stopped at NEW_REQUESTED/)
    const [rotation] = credentialRotations()
    expect(rotation).toMatchObject({ state: 'NEW_REQUESTED', attempts: 1 })
    return rotation!
  }

  beforeAll(async () => {
    recoveryId = await addDct('DCT recovery', server().addAdmin('recovery-admin'))
  })

  it('explains the one-call window before anything runs, and offers the connections to the same server as recovery', async () => {
    const other = await addDct(
      'DCT elsewhere',
      server().addAdmin('elsewhere'),
      hubs.fakes.cycle.url
    )
    const before = credentialRotations().length
    const { items } = await call<{ items: RotationPlanItem[] }>('rotation:plan', {
      connectionId: connectionOf.dct,
      keyIds: ['credential'],
      target: 'credential'
    })
    expect(items).toEqual([
      expect.objectContaining({
        strategy: 'regenerate-own',
        risk: 'high',
        recoveryConnections: [{ id: recoveryId, name: 'DCT recovery' }]
      })
    ])
    expect(items[0]!.explanation).toMatch(/in one call.*stopped inside it.*Replace credential/)
    const withRecovery = await call<{ items: RotationPlanItem[] }>('rotation:plan', {
      connectionId: connectionOf.dct,
      keyIds: ['credential'],
      target: 'credential',
      recoveryConnectionId: recoveryId
    })
    expect(withRecovery.items[0]!.explanation).toMatch(
      /resets this account's key through "DCT recovery"/
    )
    expect(credentialRotations()).toHaveLength(before)
    await call('connections:remove', { id: other })
  })

  it('refuses a recovery connection of the same account, or one that cannot manage ours, before writing anything', async () => {
    const sameAccount = await addDct('DCT same account', admin().token!)
    const limited = await addDct('DCT limited', server().nonAdminCredential())
    const before = core.rotation.list().length
    for (const [recovery, why] of [
      [sameAccount, /same DCT account/],
      [limited, /cannot manage DCT account/]
    ] as const) {
      await expect(
        rotate({
          connectionId: connectionOf.dct,
          target: 'credential',
          keyId: 'credential',
          recoveryConnectionId: recovery
        })
      ).rejects.toThrow(why)
    }
    expect(core.rotation.list()).toHaveLength(before)
    await call('connections:remove', { id: sameAccount })
    await call('connections:remove', { id: limited })
  })

  it('sends the regenerate again when the old credential still works after a lost answer', async () => {
    const rotation = await loseTheAnswer()
    // Nothing reached DCT: the stored credential still authenticates.
    const [done] = await call<{ rotations: RotationView[] }>('rotation:resume', {
      id: rotation.id
    }).then((answer) => answer.rotations)
    expect(done).toMatchObject({ state: 'DONE', lastError: null })
    const token = core.vault.readSecret(core.rotation.get(rotation.id).newSecretId!).reveal()
    expect(admin().token).toBe(token)
    await expect(call('connections:test', { id: connectionOf.dct })).resolves.toBeTruthy()
  })

  it('resets our key through the recovery connection when DCT made a new one whose answer was lost', async () => {
    const rotation = await loseTheAnswer(recoveryId)
    // DCT did regenerate: the stored credential is dead and the new value was never seen.
    admin().token = server().data.newToken(admin().id)
    const [done] = await call<{ rotations: RotationView[] }>('rotation:resume', {
      id: rotation.id
    }).then((answer) => answer.rotations)
    expect(done).toMatchObject({ state: 'DONE', lastError: null, stuck: false })
    expect(done!.notes.join(' ')).toMatch(/through "DCT recovery"/)
    const token = core.vault.readSecret(core.rotation.get(rotation.id).newSecretId!).reveal()
    expect([...server().data.accounts.values()].filter((a) => a.token === token)).toEqual([admin()])
    await expect(call('connections:test', { id: connectionOf.dct })).resolves.toBeTruthy()
    expect(JSON.stringify(done)).not.toContain(token)
  })

  it('verifies a regenerated credential again later when the check itself fails, rather than giving it up', async () => {
    const before = admin().token
    // The connection test after the switch is refused for another reason than the key.
    hubs.fakes.dct.hub.fail(
      { kind: 'status', status: 403 },
      1,
      /^GET \/dct\/v3\/management\/accounts$/
    )
    await expect(
      rotate({ connectionId: connectionOf.dct, target: 'credential', keyId: 'credential' })
    ).rejects.toThrow(/stopped at NEW_STORED/)
    const [pending] = credentialRotations()
    expect(pending).toMatchObject({ state: 'NEW_STORED', attempts: 1 })
    expect(admin().token).not.toBe(before)
    const [done] = await call<{ rotations: RotationView[] }>('rotation:resume', {
      id: pending!.id
    }).then((answer) => answer.rotations)
    expect(done).toMatchObject({ state: 'DONE', stuck: false })
    expect(core.vault.readSecret(core.rotation.get(pending!.id).newSecretId!).reveal()).toBe(
      admin().token
    )
  })

  it('ends FAILED, flagged and notified, naming the account and what to do, when the answer was lost and there is no recovery connection', async () => {
    notified.length = 0
    const rotation = await loseTheAnswer()
    admin().token = server().data.newToken(admin().id)
    const [failed] = await call<{ rotations: RotationView[] }>('rotation:resume', {
      id: rotation.id
    }).then((answer) => answer.rotations)
    expect(failed).toMatchObject({ state: 'FAILED', stuck: true })
    expect(failed!.lastError).toMatch(
      /old API key of DCT account 'admin' \(id \d+\) no longer works.*api-key-regenerate.*Ask a DCT admin to reset the API key of DCT account 'admin'.*"Replace credential"/
    )
    expect(notified).toEqual([expect.stringMatching(/lost its credential.*DCT account 'admin'/)])
    // Never silent: it stays in the unfinished list (the banner, `rotations list --unfinished`).
    const unfinished = await call<{ rotations: RotationView[] }>('rotation:list', {
      unfinished: true
    })
    expect(unfinished.rotations.map((r) => r.id)).toContain(rotation.id)
    // The DCT admin resets the key; it is stored with "Replace credential": the flag goes.
    await new Promise((resolve) => setTimeout(resolve, 5))
    admin().token = server().data.newToken(admin().id)
    await call('connections:update', { id: connectionOf.dct, credential: admin().token })
    const after = await call<{ rotations: RotationView[] }>('rotation:list', { unfinished: true })
    expect(after.rotations.map((r) => r.id)).not.toContain(rotation.id)
    expect(core.rotation.viewOf(core.rotation.get(rotation.id)).stuck).toBe(false)
  })
})

describe('the DCT version gate of a credential regeneration', () => {
  it('refuses --credential on a server older than 3.18 before any journal row is written', async () => {
    const old = await createDctFake({ seed: 3, versions: ['3.17.0'], keysPerTenant: 2 })
    try {
      const [described] = old.describeForDemo()
      const add = (name: string, settings: Record<string, string>) =>
        call<{ id: string }>('connections:add', {
          name,
          kind: 'dct',
          baseUrl: described!.url,
          settings,
          environment: 'dev',
          credential: described!.credential
        }).then((connection) => connection.id)
      // The version is known from the settings: refused up front, nothing in the journal.
      const known = await add('DCT 3.17', described!.settings)
      const before = core.rotation.list().length
      const requests = old.hub.requests.length
      await expect(
        rotate({ connectionId: known, target: 'credential', keyId: 'credential' })
      ).rejects.toThrow(
        /DCT 3\.17\.0.*cannot regenerate the connection's own API key.*3\.18 or newer/
      )
      expect(core.rotation.list()).toHaveLength(before)
      expect(old.hub.requests.length).toBe(requests)
      const { items } = await call<{ items: RotationPlanItem[] }>('rotation:plan', {
        connectionId: known,
        keyIds: ['credential'],
        target: 'credential'
      })
      expect(items[0]).toMatchObject({ strategy: null, risk: 'blocked' })
      expect(items[0]!.explanation).toMatch(/3\.18 or newer/)
      // Only the base path (3.17 or newer): the call finds no endpoint, and the rotation ends rolled
      // back, saying nothing changed, rather than waiting at NEW_REQUESTED.
      const guessed = await add('DCT 3.17+', { basePath: described!.settings.basePath })
      const ended = await rotate({
        connectionId: guessed,
        target: 'credential',
        keyId: 'credential'
      })
      expect(ended.rotation).toMatchObject({ state: 'ROLLED_BACK', stuck: false })
      expect(ended.rotation.lastError).toMatch(/cannot regenerate.*Nothing changed at the hub/)
      expect(core.rotation.list(true).filter((r) => r.connectionId === guessed)).toEqual([])
      await expect(call('connections:test', { id: guessed })).resolves.toBeTruthy()
    } finally {
      await old.close()
    }
  })
})
