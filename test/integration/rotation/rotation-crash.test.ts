// Crash test: a child process runs a rotation against the simulated hubs and is SIGKILLed after each journal state in turn and at seeded moments inside hub calls; after a restart and resume every strategy ends with one live, stored, verifying new key, the old one revoked or flagged, and no unflagged orphan; a DCT credential lost inside api-key-regenerate is recovered through a second account or ends FAILED and flagged; a rotation a live child process runs is left alone by this one and taken over once the child is killed.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RotationView } from '../../../src-main/contract/rotation.contract'
import type { AppCore } from '../../../src-main/core/app-core'
import type { FakeHub } from '../../fakes/hubs/fake-hub-server'
import { seededRandom } from '../../fakes/hubs/seeded-random'
import { startFakeHubs, type FakeHubs } from '../../fakes/hubs/start-fake-hubs'
import { addConnection, callerOf, openRotationCore, rotationPassword } from './rotation-kit'

type Kind = 'cycle' | 'dct' | 'optidash' | 'datahub'

const child = resolve('node_modules/.cache/hubkeys-rotation-crash/child.mjs')
const latencyMs = 40
let hubs: FakeHubs
let dataDir: string
const connectionOf = {} as Record<Kind, string>
/** A second DCT account's connection to the same server: it resets ours when a regenerate answer is lost. */
let recoveryConnection: string
const used = new Set<string>()

beforeAll(async () => {
  // One bundle for every child: starting TypeScript through a loader per kill would dominate the run.
  execFileSync(
    resolve('node_modules/.bin/esbuild'),
    [
      'test/integration/rotation/rotation-crash.child.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      `--outfile=${child}`,
      '--external:better-sqlite3',
      '--external:@node-rs/argon2',
      '--log-level=warning',
      // Bundled CommonJS dependencies call require(); give the ESM bundle one.
      "--banner:js=import { createRequire as __hkRequire } from 'node:module'; const require = __hkRequire(import.meta.url);"
    ],
    { stdio: 'inherit' }
  )
  hubs = await startFakeHubs({ seed: 13, tenants: 1, keysPerTenant: 24 })
  dataDir = mkdtempSync(join(tmpdir(), 'hk-rotation-crash-'))
  const { core, close } = openRotationCore(dataDir)
  const call = callerOf(core)
  await call('vault:create', { password: rotationPassword })
  for (const kind of Object.keys(fakeOf) as Kind[]) {
    const hub = hubs.connections.find((connection) => connection.kind === kind)!
    connectionOf[kind] = await addConnection(call, hub)
  }
  const dct = hubs.connections.find((connection) => connection.kind === 'dct')!
  recoveryConnection = await addConnection(call, {
    ...dct,
    name: 'DCT recovery',
    credential: hubs.fakes.dct.servers[0]!.addAdmin('recovery-admin')
  })
  await close()
}, 120_000)

afterAll(async () => {
  await hubs?.close()
})

const fakeOf: Record<Kind, () => FakeHub> = {
  cycle: () => hubs.fakes.cycle,
  dct: () => hubs.fakes.dct.hub,
  optidash: () => hubs.fakes.optidash,
  datahub: () => hubs.fakes.datahub
}

/** A key of `kind` no earlier case rotated, and the `rotation:start` request for it. */
const nextCase = async (
  core: AppCore,
  kind: Kind
): Promise<{ keyId: string; start: Record<string, unknown> }> => {
  const connectionId = connectionOf[kind]
  const call = callerOf(core)
  const { keys } = await call<{
    keys: { localId: string | null; hubKeyId: string; status: string }[]
  }>('keys:list-live', { connectionId })
  const stored = new Map(keys.map((key) => [key.hubKeyId, key]))
  const pick = (hubKeyIds: string[]) => {
    for (const hubKeyId of hubKeyIds) {
      const record = core.keys.resolve(connectionId, hubKeyId)
      if (record && !used.has(record.id) && record.status === 'active') {
        used.add(record.id)
        return record
      }
    }
    throw new Error(`no ${kind} key left to rotate`)
  }
  if (kind === 'cycle') {
    const hub = hubs.fakes.cycle.hubs[0]!
    const key = pick(
      hub.keys
        .filter(
          (k) =>
            k.state === 'live' && k.secret !== hub.adminSecret && k.secret !== hub.limitedSecret
        )
        .map((k) => k.id)
    )
    return { keyId: key.id, start: { connectionId, keyId: key.id } }
  }
  if (kind === 'dct') {
    const server = hubs.fakes.dct.servers[0]!
    const key = pick(
      [...server.data.accounts.values()]
        .filter((a) => a.token && a.token !== server.credential && !/admin/i.test(a.username))
        .map((a) => String(a.id))
    )
    return { keyId: key.id, start: { connectionId, keyId: key.id, confirmName: key.name } }
  }
  // Optidash and Data Hub cannot list: Hubkeys' records are the list.
  const key = pick([...stored.values()].filter((k) => k.status === 'active').map((k) => k.hubKeyId))
  if (kind === 'optidash') return { keyId: key.id, start: { connectionId, keyId: key.id } }
  // Data Hub: the admin makes the new key in Owl's console first, then pastes its value.
  const value = `owlrotated${used.size}x${key.id.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`
  hubs.fakes.datahub.keys.push({
    ...hubs.fakes.datahub.keys[0]!,
    name: `rotated ${used.size}`,
    value,
    status: 'active',
    ipFilters: [],
    expiresAt: null
  })
  return { keyId: key.id, start: { connectionId, keyId: key.id, newSecret: value } }
}

interface Kill {
  /** Right after this many committed journal states (the child kills itself). */
  afterCommits?: number
  /** After this many requests reached the hub, plus `extraMs` (the parent kills: inside a hub call). */
  afterRequests?: number
  /** After a request whose `METHOD path` matches reached the hub, plus `extraMs`. */
  atRequest?: RegExp
  extraMs?: number
}

const runChild = (
  start: Record<string, unknown> | undefined,
  fake: FakeHub,
  kill: Kill,
  onSpawn?: (pid: number) => void
) =>
  new Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
    const base = fake.requests.length
    const spawned = spawn(process.execPath, [child], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        ROTATION_CRASH_CASE: JSON.stringify({
          dataDir,
          start,
          killAfterCommits: kill.afterCommits ?? 0
        })
      }
    })
    if (spawned.pid !== undefined) onSpawn?.(spawned.pid)
    let stdout = ''
    let stderr = ''
    spawned.stdout.on('data', (chunk) => (stdout += chunk))
    spawned.stderr.on('data', (chunk) => (stderr += chunk))
    let delay: ReturnType<typeof setTimeout> | undefined
    const arrived = () =>
      kill.atRequest
        ? fake.requests
            .slice(base)
            .some((request) => kill.atRequest!.test(`${request.method} ${request.path}`))
        : fake.requests.length - base >= (kill.afterRequests ?? 0)
    const poll =
      kill.afterRequests === undefined && kill.atRequest === undefined
        ? undefined
        : setInterval(() => {
            if (delay || !arrived()) return
            delay = setTimeout(() => spawned.kill('SIGKILL'), kill.extraMs ?? 0)
          }, 1)
    spawned.on('close', (_code, signal) => {
      clearInterval(poll)
      clearTimeout(delay)
      done({ signal, stdout, stderr })
    })
  })

/** After the restart: the state every strategy must end in, checked at the hub and in the vault. */
const expectRotated = async (core: AppCore, kind: Kind, rotation: RotationView, label: string) => {
  const call = callerOf(core)
  expect(rotation.state, `${label}: ${rotation.lastError ?? ''}`).toBe('DONE')
  const connectionId = connectionOf[kind]
  const fresh = core.keys.resolve(connectionId, rotation.newKeyId!)!
  const value = core.vault.readSecret(fresh.secretId!).reveal()
  expect(await call('keys:verify', { connectionId, keyId: fresh.id }), label).toMatchObject({
    valid: true
  })
  const old = core.keys.resolve(connectionId, rotation.keyId)!
  if (kind === 'cycle') {
    const hub = hubs.fakes.cycle.hubs[0]!
    const alive = hub.keys.filter(
      (k) => k.name.includes(rotation.token) && k.state !== 'deleting' && k.state !== 'deleted'
    )
    expect(
      alive.map((k) => k.id),
      label
    ).toEqual([rotation.newHubKeyId])
    expect(alive[0]!.secret, label).toBe(value)
    expect(['deleting', 'deleted'], label).toContain(
      hub.keys.find((k) => k.id === old.hubKeyId)!.state
    )
    expect(old.status, label).toBe('deleted')
  } else if (kind === 'dct') {
    const account = hubs.fakes.dct.servers[0]!.data.accounts.get(Number(old.hubKeyId))!
    expect(account.token, label).toBe(value)
    expect(old.id, label).toBe(fresh.id)
  } else if (kind === 'optidash') {
    const made = [...hubs.fakes.optidash.accounts[0]!.keys.values()].filter((k) =>
      k.name.includes(rotation.token)
    )
    expect(
      made.filter((k) => k.key === value),
      label
    ).toHaveLength(1)
    // Optidash cannot list or delete: a key made just before a kill is lost, and must be flagged by name.
    for (const orphan of made.filter((k) => k.key !== value)) {
      expect(rotation.notes.join(' '), label).toContain(`"${orphan.name}"`)
    }
    expect(old.status, label).toBe('inactive')
    expect(old.oddities.join(' '), label).toMatch(/still works at/)
  } else {
    expect(
      hubs.fakes.datahub.keys.filter((k) => k.value === value),
      label
    ).toHaveLength(1)
    expect(old.status, label).toBe('inactive')
  }
}

/** A restarted Hubkeys: a new core on the same folder, unlocked. */
const restart = async () => {
  const opened = openRotationCore(dataDir)
  await callerOf(opened.core)('vault:unlock', { password: rotationPassword })
  return opened
}

/** After the restart: resume, then what the admin does for guided ones, then the checks. */
const finish = async (
  core: AppCore,
  kind: Kind,
  keyId: string,
  start: Record<string, unknown>,
  label: string
) => {
  const call = callerOf(core)
  // A step that fails (a DCT reset answered late replaces the value just stored) is retried, as
  // the app's backoff timer would, a bounded number of times.
  const unfinished = () => core.rotation.list(true).filter((rotation) => rotation.keyId === keyId)
  for (let round = 0; round < 3 && (round === 0 || unfinished().length > 0); round += 1) {
    await call('rotation:resume', {})
  }
  const ofKey = () =>
    core.rotation
      .list()
      .filter((rotation) => rotation.keyId === keyId)
      .map(core.rotation.viewOf)
  let [rotation] = ofKey()
  if (!rotation || (kind === 'datahub' && rotation.state === 'ROLLED_BACK')) {
    // Killed before the pasted value was stored: nothing changed, so the admin starts again.
    rotation = (await call<{ rotation: RotationView }>('rotation:start', start)).rotation
  }
  if (kind === 'datahub' && rotation.state === 'SWITCHED') {
    // The checklist is done in Owl's console; the admin says so.
    rotation = await call<RotationView>('rotation:revoke-now', { id: rotation.id })
  }
  expect(
    ofKey().filter((r) => r.state !== 'DONE' && r.state !== 'ROLLED_BACK'),
    label
  ).toEqual(rotation.state === 'DONE' ? [] : [rotation])
  await expectRotated(core, kind, rotation, label)
}

/** Journal states one uninterrupted rotation commits (guided waits at SWITCHED for the admin). */
const commitsOf: Record<Kind, number> = { cycle: 7, dct: 7, optidash: 7, datahub: 4 }

it(
  'ends every strategy with one stored, verifying new key after kills at each state and inside hub calls',
  { timeout: 300_000 },
  async () => {
    const random = seededRandom(2026)
    const started = Date.now()
    let kills = 0
    let session = await restart()
    for (const kind of Object.keys(fakeOf) as Kind[]) {
      const fake = fakeOf[kind]()
      const plans: Kill[] = [
        ...Array.from({ length: commitsOf[kind] }, (_, index) => ({ afterCommits: index + 1 })),
        ...Array.from({ length: 2 }, () => ({
          afterRequests: random.int(1, kind === 'datahub' ? 1 : 3),
          extraMs: random.int(0, latencyMs - 5)
        }))
      ]
      for (const kill of plans) {
        const label = `${kind} ${JSON.stringify(kill)}`
        const { keyId, start } = await nextCase(session.core, kind)
        await session.close()
        // Latency holds each request at the hub, so a kill after its arrival lands inside the call.
        fake.setLatency(kill.afterRequests === undefined ? 0 : latencyMs)
        const run = await runChild(start, fake, kill)
        fake.setLatency(0)
        // The restart comes after the hub has done what it received: a request a killed client
        // sent is applied (a DCT reset replaces the value) before Hubkeys starts again, as a real
        // restart takes far longer than a hub's answer. No step can see a change made later still.
        // Bounded: a request whose body the kill cut short is never handled at all.
        await Promise.race([fake.settled(), new Promise((resolve) => setTimeout(resolve, 2_000))])
        if (run.signal === 'SIGKILL') kills += 1
        else expect(run.stderr, label).toBe('')
        session = await restart()
        await finish(session.core, kind, keyId, start, label)
      }
    }
    await session.close()
    console.info(`rotation crash test: ${kills} kills in ${Date.now() - started} ms`)
    expect(kills).toBeGreaterThan(20)
  }
)

it(
  "ends a DCT connection's own credential regeneration switched and verified after a kill at each state",
  { timeout: 300_000 },
  async () => {
    // Between states here; kills inside the regenerate call (both keys lost) are the next test's.
    const server = hubs.fakes.dct.servers[0]!
    const connectionId = connectionOf.dct
    const start = { connectionId, target: 'credential', keyId: 'credential' }
    for (let afterCommits = 1; afterCommits <= 7; afterCommits += 1) {
      const label = `dct credential ${afterCommits}`
      const run = await runChild(start, hubs.fakes.dct.hub, { afterCommits })
      expect(run.signal, label).toBe('SIGKILL')
      const { core, close } = await restart()
      try {
        const call = callerOf(core)
        await call('rotation:resume', {})
        const [rotation] = core.rotation
          .list()
          .filter((entry) => entry.strategy === 'regenerate-own')
        expect(rotation?.state, `${label}: ${rotation?.lastError ?? ''}`).toBe('DONE')
        // The vault holds the token DCT now knows for the admin, and the connection works with it.
        const token = core.vault.readSecret(rotation!.newSecretId!).reveal()
        expect(
          [...server.data.accounts.values()].filter((account) => account.token === token),
          label
        ).toHaveLength(1)
        await expect(call('connections:test', { id: connectionId }), label).resolves.toBeTruthy()
      } finally {
        await close()
      }
    }
  }
)

it(
  'recovers a DCT credential lost inside api-key-regenerate through a second account, and without one ends FAILED and flagged',
  { timeout: 300_000 },
  async () => {
    const random = seededRandom(1813)
    const server = hubs.fakes.dct.servers[0]!
    const fake = hubs.fakes.dct.hub
    const connectionId = connectionOf.dct
    const admin = () =>
      [...server.data.accounts.values()].find((account) => account.username === 'admin')!
    const regenerate = /^POST \S+\/management\/accounts\/api-key-regenerate$/
    const reset = /^POST \S+\/management\/accounts\/\d+\/api-key-reset$/
    const credential = { connectionId, target: 'credential', keyId: 'credential' }
    const newest = (core: AppCore) =>
      core.rotation.viewOf(
        core.rotation.list().find((entry) => entry.strategy === 'regenerate-own')!
      )
    /** Kills a child inside the call `at` matches; DCT has done what it received before the restart. */
    const killInside = async (start: Record<string, unknown> | undefined, at: RegExp) => {
      fake.setLatency(latencyMs)
      const run = await runChild(start, fake, {
        atRequest: at,
        extraMs: random.int(0, latencyMs - 5)
      })
      fake.setLatency(0)
      await Promise.race([fake.settled(), new Promise((resolve) => setTimeout(resolve, 2_000))])
      return run
    }
    const cases: { label: string; recovery: boolean; killResetToo?: boolean }[] = [
      { label: 'with recovery 1', recovery: true },
      { label: 'with recovery 2', recovery: true },
      { label: 'with recovery, killed inside the reset too', recovery: true, killResetToo: true },
      { label: 'without recovery 1', recovery: false },
      { label: 'without recovery 2', recovery: false }
    ]
    for (const { label, recovery, killResetToo } of cases) {
      const before = admin().token
      const run = await killInside(
        { ...credential, ...(recovery ? { recoveryConnectionId: recoveryConnection } : {}) },
        regenerate
      )
      expect(run.signal, label).toBe('SIGKILL')
      // DCT regenerated: the key Hubkeys holds is dead and the new one died with the child.
      expect(admin().token, label).not.toBe(before)
      if (killResetToo) {
        const resumed = await killInside(undefined, reset)
        expect(resumed.signal, `${label}: resume`).toBe('SIGKILL')
      }
      const { core, close } = await restart()
      try {
        const call = callerOf(core)
        await call('rotation:resume', {})
        const rotation = newest(core)
        if (recovery) {
          expect(rotation.state, `${label}: ${rotation.lastError ?? ''}`).toBe('DONE')
          const token = core.vault.readSecret(core.rotation.get(rotation.id).newSecretId!).reveal()
          // One live token for our account: the one in the vault, and the connection works with it.
          expect(admin().token, label).toBe(token)
          expect(
            [...server.data.accounts.values()].filter((account) => account.token === token),
            label
          ).toHaveLength(1)
          await expect(call('connections:test', { id: connectionId }), label).resolves.toBeTruthy()
          expect(rotation.notes.join(' '), label).toMatch(/through "DCT recovery"/)
        } else {
          // Not DONE, not waiting in silence: FAILED, flagged, listed, and it says what to do.
          expect(rotation, label).toMatchObject({ state: 'FAILED', stuck: true })
          expect(rotation.lastError, label).toMatch(
            /old API key of DCT account 'admin' \(id \d+\) no longer works.*Ask a DCT admin to reset.*"Replace credential"/
          )
          const { rotations } = await call<{ rotations: RotationView[] }>('rotation:list', {
            unfinished: true
          })
          expect(
            rotations.map((entry) => entry.id),
            label
          ).toContain(rotation.id)
          // What the message asks: a DCT admin resets the key, the admin stores it.
          await new Promise((resolve) => setTimeout(resolve, 5))
          admin().token = server.data.newToken(admin().id)
          await call('connections:update', { id: connectionId, credential: admin().token })
          expect(core.rotation.viewOf(core.rotation.get(rotation.id)).stuck, label).toBe(false)
          await expect(call('connections:test', { id: connectionId }), label).resolves.toBeTruthy()
        }
      } finally {
        await close()
      }
    }
  }
)

it(
  'leaves a rotation another live Hubkeys process is running alone, naming its pid, and takes it over once that process is gone',
  { timeout: 120_000 },
  async () => {
    const fake = hubs.fakes.cycle
    // This process is open and unlocked before the child starts, so it tries while the child runs.
    const session = await restart()
    const { keyId, start } = await nextCase(session.core, 'cycle')
    let childPid = 0
    // Each Cycle request is held for a second: the child's run lasts several.
    fake.setLatency(1_000)
    const child = runChild(start, fake, {}, (pid) => (childPid = pid))
    try {
      const call = callerOf(session.core)
      const pending = () =>
        session.core.rotation.list(true).find((rotation) => rotation.keyId === keyId)
      for (let tries = 0; tries < 500 && !pending(); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const row = pending()!
      await expect(call('rotation:resume', { id: row.id })).rejects.toThrow(
        new RegExp(`another Hubkeys process \\(pid ${childPid} on `)
      )
      expect(session.core.rotation.get(row.id)).toMatchObject({ attempts: 0, lastError: null })
      // Killed mid-run: its lease is stale at once (its process is gone from this computer).
      process.kill(childPid, 'SIGKILL')
      expect((await child).signal).toBe('SIGKILL')
      fake.setLatency(0)
      await Promise.race([fake.settled(), new Promise((resolve) => setTimeout(resolve, 2_000))])
      await finish(session.core, 'cycle', keyId, start, 'taken over')
    } finally {
      fake.setLatency(0)
      await session.close()
    }
  }
)
