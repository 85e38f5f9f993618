// The `hubkeys rotate` and `hubkeys rotations list` commands on the CLI's own core (dispatch only) against simulated Cycle and DCT hubs: dry run, rotate with the value printed after it is stored, resume, the journal as JSON, a DCT credential's window, recovery connection and version gate.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCliCore, type CliCore } from '../../src-main/cli/cli-core'
import type { CommandContext } from '../../src-main/cli/command-context'
import { rotateCommand, rotationsCommand } from '../../src-main/cli/rotate.command'
import { createDctFake } from '../fakes/hubs/dct.fake'
import { startFakeHubs, type FakeHubs } from '../fakes/hubs/start-fake-hubs'

const password = 'cli rotate passphrase'
let hubs: FakeHubs
let core: CliCore
let printed: string[] = []

const ctx = (): CommandContext => ({
  call: (channel, payload) => core.call(channel, payload),
  unlock: async () => {
    const status = await core.call('vault:status', {})
    if (status.state !== 'unlocked') await core.call('vault:unlock', { password })
  },
  credential: async () => undefined,
  secret: async () => undefined,
  print: (text) => void printed.push(text)
})

const run = async (command: typeof rotateCommand, args: string[]) => {
  printed = []
  const code = await command(ctx(), args)
  return { code, out: printed.join('\n') }
}

beforeAll(async () => {
  hubs = await startFakeHubs({ seed: 21, tenants: 1, keysPerTenant: 6 })
  core = openCliCore(mkdtempSync(join(tmpdir(), 'hk-cli-rotate-')), () => undefined)
  await core.call('vault:create', { password })
  const cycle = hubs.connections.find((connection) => connection.kind === 'cycle')!
  await core.call('connections:add', {
    name: 'cycle',
    kind: 'cycle',
    baseUrl: cycle.url,
    settings: cycle.settings,
    credential: cycle.credential!
  })
  await core.call('sync:start', {})
}, 60_000)

afterAll(async () => {
  await core?.close()
  await hubs?.close()
})

const liveKey = () => {
  const hub = hubs.fakes.cycle.hubs[0]!
  return hub.keys.filter(
    (key) =>
      key.state === 'live' && key.secret !== hub.adminSecret && key.secret !== hub.limitedSecret
  )
}

describe('hubkeys rotate', () => {
  it('without --yes prints the plan and changes nothing', async () => {
    const [key] = liveKey()
    const before = hubs.fakes.cycle.hubs[0]!.keys.length
    const { code, out } = await run(rotateCommand, ['--hub', 'cycle', '--key', key!.id])
    expect(code).toBe(0)
    expect(out).toMatch(/create-verify-delete, risk (low|medium)\./)
    expect(out).toMatch(/add --yes to run it/)
    expect(hubs.fakes.cycle.hubs[0]!.keys.length).toBe(before)
  })

  it('rotates with --yes and prints the value only with --show-secret, as JSON', async () => {
    const [, key] = liveKey()
    const { code, out } = await run(rotateCommand, [
      '--hub',
      'cycle',
      '--key',
      key!.id,
      '--yes',
      '--json',
      '--show-secret'
    ])
    expect(code).toBe(0)
    const answer = JSON.parse(out) as { state: string; newKeyId: string; secret: string }
    expect(answer.state).toBe('DONE')
    const made = hubs.fakes.cycle.hubs[0]!.keys.find((k) => k.id === answer.newKeyId)!
    expect(answer.secret).toBe(made.secret)
    expect(key!.state).toMatch(/delet/)
  })

  it('says a connection without a regenerate call cannot rotate its own credential', async () => {
    expect((await run(rotateCommand, ['--hub', 'cycle', '--credential'])).out).toMatch(
      /add --yes to run it/
    )
    await expect(run(rotateCommand, ['--hub', 'cycle', '--credential', '--yes'])).rejects.toThrow(
      /cannot regenerate its own credential/
    )
  })

  it('refuses a grace window it does not know, as a usage error', async () => {
    await expect(
      run(rotateCommand, ['--hub', 'cycle', '--key', 'x', '--grace', '2h', '--yes'])
    ).rejects.toThrow(/--grace takes 0, 1h, 24h or 7d/)
  })

  it('lists the journal and resumes nothing when nothing is unfinished', async () => {
    const listed = await run(rotationsCommand, ['list', '--json'])
    const rows = JSON.parse(listed.out) as { state: string; strategy: string }[]
    expect(rows).toEqual([
      expect.objectContaining({ state: 'DONE', strategy: 'create-verify-delete' })
    ])
    expect(listed.out).not.toMatch(/secret/)
    expect(await run(rotateCommand, ['--resume', '--yes'])).toEqual({
      code: 0,
      out: 'No unfinished rotations.'
    })
  })

  it('keeps a key in its grace window unfinished, lists it for --resume, and finishes nothing early', async () => {
    const [, , key] = liveKey()
    const started = await run(rotateCommand, [
      '--hub',
      'cycle',
      '--key',
      key!.id,
      '--grace',
      '1h',
      '--yes'
    ])
    expect(started.code).toBe(0)
    expect(started.out).toMatch(/switched to .*; the old key stays until /)
    const pending = await run(rotateCommand, ['--resume'])
    expect(pending.out).toMatch(/SWITCHED[\s\S]*Add --yes to resume them\./)
    const resumed = await run(rotateCommand, ['--resume', '--yes'])
    expect(resumed.code).toBe(0)
    expect(key!.state).toBe('live')
  })
})

describe('hubkeys rotate --credential', () => {
  it('explains the one-call window, the risk and the recovery connection before running, then runs with --recovery-hub', async () => {
    const server = hubs.fakes.dct.servers[0]!
    const dct = hubs.connections.find((connection) => connection.kind === 'dct')!
    for (const [name, credential] of [
      ['dct', dct.credential!],
      ['dct-recovery', server.addAdmin('recovery-admin')]
    ] as const) {
      await core.call('connections:add', {
        name,
        kind: 'dct',
        baseUrl: dct.url,
        settings: dct.settings,
        credential
      })
    }
    const dry = await run(rotateCommand, ['--hub', 'dct', '--credential'])
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/dct: regenerate-own, risk high\./)
    expect(dry.out).toMatch(/in one call \(api-key-regenerate\).*stopped inside it/)
    expect(dry.out).toMatch(/could recover it \(--recovery-hub NAME\): dct-recovery\./)
    const chosen = await run(rotateCommand, [
      '--hub',
      'dct',
      '--credential',
      '--recovery-hub',
      'dct-recovery'
    ])
    expect(chosen.out).toMatch(/through "dct-recovery".*\nRecovery connection: dct-recovery\./s)
    expect((await core.call('rotation:list', {})).rotations).not.toContainEqual(
      expect.objectContaining({ strategy: 'regenerate-own' })
    )
    await expect(
      run(rotateCommand, ['--hub', 'dct', '--recovery-hub', 'dct-recovery', '--key', '1'])
    ).rejects.toThrow(/--recovery-hub goes with --credential/)
    const ran = await run(rotateCommand, [
      '--hub',
      'dct',
      '--credential',
      '--recovery-hub',
      'dct-recovery',
      '--yes',
      '--json'
    ])
    expect(ran.code).toBe(0)
    expect(JSON.parse(ran.out)).toMatchObject({ strategy: 'regenerate-own', state: 'DONE' })
  })

  it('refuses --credential on DCT older than 3.18 without writing a journal row', async () => {
    const old = await createDctFake({ seed: 4, versions: ['3.17.0'], keysPerTenant: 2 })
    try {
      const [described] = old.describeForDemo()
      await core.call('connections:add', {
        name: 'dct-317',
        kind: 'dct',
        baseUrl: described!.url,
        settings: described!.settings,
        credential: described!.credential
      })
      const before = (await core.call('rotation:list', {})).rotations.length
      const dry = await run(rotateCommand, ['--hub', 'dct-317', '--credential'])
      expect(dry.out).toMatch(/cannot regenerate, risk blocked\.\n.*3\.18 or newer/)
      await expect(
        run(rotateCommand, ['--hub', 'dct-317', '--credential', '--yes'])
      ).rejects.toThrow(/cannot regenerate the connection's own API key/)
      expect((await core.call('rotation:list', {})).rotations).toHaveLength(before)
    } finally {
      await old.close()
    }
  })
})

describe('hubkeys rotate --resume after an Optidash create whose answer was lost', () => {
  it('names the key that may exist without its value and says to delete it in the console', async () => {
    const optidash = hubs.connections.find((connection) => connection.kind === 'optidash')!
    const { id: connectionId } = await core.call('connections:add', {
      name: 'optidash',
      kind: 'optidash',
      baseUrl: optidash.url,
      settings: optidash.settings,
      credential: optidash.credential!
    })
    const recorded = await core.call('keys:record', { connectionId, ...optidash.keys[0]! })
    // The create is cut off: the key may exist at Optidash, which cannot list keys.
    hubs.fakes.optidash.fail({ kind: 'reset' }, 1, /^POST \/1\.0\/keys$/)
    await expect(
      run(rotateCommand, ['--hub', 'optidash', '--key', recorded.localId!, '--yes'])
    ).rejects.toThrow(/stopped at NEW_REQUESTED/)
    const [pending] = (await core.call('rotation:list', { unfinished: true })).rotations
    const requested = `${optidash.keys[0]!.name} [${pending!.token}]`
    const resumed = await run(rotateCommand, ['--resume', '--yes'])
    expect(resumed.out).toContain(
      `- In optidash's console, delete the key named "${requested}" if it is there`
    )
    expect(resumed.out).toMatch(/never got its value.*can neither list nor delete keys/)
  })
})
