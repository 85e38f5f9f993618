// The `hubkeys rotate` and `hubkeys rotations list` commands on the CLI's own core (dispatch only) against a simulated Cycle hub: dry run, rotate with the value printed after it is stored, resume, the journal as JSON.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCliCore, type CliCore } from '../../src-main/cli/cli-core'
import type { CommandContext } from '../../src-main/cli/command-context'
import { rotateCommand, rotationsCommand } from '../../src-main/cli/rotate.command'
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
