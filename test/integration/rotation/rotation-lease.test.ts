// Two Hubkeys cores on one data folder (the desktop app and the CLI at once): a rotation one of them runs is refused by the other, named by pid and host and left untouched, and an expired lease of a process elsewhere is taken over.
import { mkdtempSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSqliteRotationStore } from '../../../src-main/adapters/sqlite/rotation.repository'
import { openSqliteStores } from '../../../src-main/adapters/sqlite/sqlite-stores'
import type { RotationView } from '../../../src-main/contract/rotation.contract'
import type { AppCore } from '../../../src-main/core/app-core'
import { startFakeHubs, type FakeHubs } from '../../fakes/hubs/start-fake-hubs'
import { addConnection, callerOf, openRotationCore, rotationPassword } from './rotation-kit'

let hubs: FakeHubs
let dataDir: string
let desktop: { core: AppCore; close: () => Promise<void> }
let cli: { core: AppCore; close: () => Promise<void> }
let connectionId: string
const used = new Set<string>()

beforeAll(async () => {
  hubs = await startFakeHubs({ seed: 8, tenants: 1, keysPerTenant: 6 })
  dataDir = mkdtempSync(join(tmpdir(), 'hk-rotation-lease-'))
  desktop = openRotationCore(dataDir)
  await callerOf(desktop.core)('vault:create', { password: rotationPassword })
  connectionId = await addConnection(
    callerOf(desktop.core),
    hubs.connections.find((connection) => connection.kind === 'cycle')!
  )
  cli = openRotationCore(dataDir)
  await callerOf(cli.core)('vault:unlock', { password: rotationPassword })
}, 60_000)

afterAll(async () => {
  await cli?.close()
  await desktop?.close()
  await hubs?.close()
})

/** A live Cycle key no earlier case rotated. */
const nextKey = (core: AppCore) => {
  const hub = hubs.fakes.cycle.hubs[0]!
  const key = hub.keys.find(
    (k) =>
      k.state === 'live' &&
      k.secret !== hub.adminSecret &&
      k.secret !== hub.limitedSecret &&
      !used.has(k.id)
  )!
  used.add(key.id)
  return core.keys.resolve(connectionId, key.id)!
}

const waitFor = async (check: () => boolean) => {
  for (let tries = 0; tries < 400 && !check(); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  expect(check()).toBe(true)
}

it('refuses a rotation another core is running, naming its pid and host, and leaves the row alone', async () => {
  const key = nextKey(desktop.core)
  hubs.fakes.cycle.setLatency(300)
  const running = callerOf(desktop.core)<{ rotation: RotationView }>('rotation:start', {
    connectionId,
    keyId: key.id
  })
  await waitFor(() => cli.core.rotation.list(true).some((r) => r.keyId === key.id))
  const row = cli.core.rotation.list(true).find((r) => r.keyId === key.id)
  const elsewhere = new RegExp(
    `being run by another Hubkeys process \\(pid ${process.pid} on ${hostname()}\\)`
  )
  const other = callerOf(cli.core)
  await expect(other('rotation:resume', { id: row!.id })).rejects.toThrow(elsewhere)
  await expect(other('rotation:rollback', { id: row!.id })).rejects.toThrow(elsewhere)
  // Resuming everything skips it, says who runs it, and counts no failure against it.
  const { rotations } = await other<{ rotations: RotationView[] }>('rotation:resume', {})
  const seen = rotations.find((rotation) => rotation.id === row!.id)
  expect(seen).toMatchObject({ attempts: 0, lastError: null })
  expect(seen?.runningElsewhere).toBe(`pid ${process.pid} on ${hostname()}`)
  const done = await running
  hubs.fakes.cycle.setLatency(0)
  expect(done.rotation).toMatchObject({ state: 'DONE', attempts: 0, lastError: null })
  const after = cli.core.rotation.get(row!.id)
  expect(after.lease).toBeNull()
  expect(cli.core.rotation.viewOf(after).runningElsewhere).toBeUndefined()
})

it('takes over the lease of a process elsewhere once it has expired', async () => {
  const key = nextKey(desktop.core)
  const waiting = await callerOf(desktop.core)<{ rotation: RotationView }>('rotation:start', {
    connectionId,
    keyId: key.id,
    grace: '24h'
  })
  expect(waiting.rotation.state).toBe('SWITCHED')
  // A Hubkeys on another computer sharing the folder took the row, then vanished.
  const foreign = openSqliteStores({ dataDir })
  try {
    createSqliteRotationStore(foreign.db, { holder: 'pid 77 on laptop-b' }).acquireLease(
      waiting.rotation.id,
      'laptop-b',
      300
    )
    const other = callerOf(cli.core)
    await expect(other('rotation:revoke-now', { id: waiting.rotation.id })).rejects.toThrow(
      /another Hubkeys process \(pid 77 on laptop-b\)/
    )
    expect(cli.core.rotation.get(waiting.rotation.id)).toMatchObject({
      state: 'SWITCHED',
      attempts: 0
    })
    await new Promise((resolve) => setTimeout(resolve, 320))
    await expect(
      other<RotationView>('rotation:revoke-now', { id: waiting.rotation.id })
    ).resolves.toMatchObject({ state: 'DONE' })
  } finally {
    foreign.close()
  }
})
