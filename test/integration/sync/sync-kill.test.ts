// Kill test: `hubkeys sync` (the built CLI) SIGKILLed at seeded random moments against a slow simulated Cycle hub leaves an intact database whose every connection holds either the old or the new listing.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCycleFake, type CycleFake } from '../../fakes/hubs/cycle.fake'
import { seededRandom } from '../../fakes/hubs/seeded-random'

const cli = resolve('out/main/cli.js')
const password = 'kill test passphrase'
let fake: CycleFake
let dataDir: string

beforeAll(async () => {
  if (!existsSync(cli)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  // Two hubs of 120 keys at 10 a page with latency: each listing is 13 slow pages, so a kill has
  // plenty of moments to land while pages are pulled and applied.
  fake = await createCycleFake({ seed: 23, tenants: 2, keysPerTenant: 120, pageCap: 10 })
  await fake.start()
  dataDir = mkdtempSync(join(tmpdir(), 'hk-sync-kill-'))
}, 180_000)

afterAll(async () => {
  await fake?.close()
})

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/**
 * Runs the CLI. `killAfterRequests`: SIGKILL once the simulated hub has received that many more
 * requests, plus `extraMs`, so kills land at moments of the sync itself, not of the start-up.
 */
const hubkeys = (args: string[], input = '', kill?: { afterRequests: number; extraMs: number }) =>
  new Promise<Run>((done) => {
    const started = Date.now()
    const base = fake.requests.length
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), HUBKEYS_PASSWORD: password }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    let delay: ReturnType<typeof setTimeout> | undefined
    const poll = kill
      ? setInterval(() => {
          if (fake.requests.length - base < kill.afterRequests || delay) return
          delay = setTimeout(() => child.kill('SIGKILL'), kill.extraMs)
        }, 2)
      : undefined
    child.on('close', (code, signal) => {
      clearInterval(poll)
      clearTimeout(delay)
      done({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
    child.stdin.end(input)
  })

/** A connection's cached listing, comparable: every key's id, name and status, sorted. */
type Listing = Map<string, string[]>
const readListings = (): { integrity: unknown; listings: Listing } => {
  const db = new Database(join(dataDir, 'hubkeys.db'))
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    const rows = db
      .prepare('SELECT connection_id, hub_key_id, name, status FROM keys ORDER BY hub_key_id')
      .all() as { connection_id: string; hub_key_id: string; name: string; status: string }[]
    const listings: Listing = new Map()
    for (const row of rows) {
      const list = listings.get(row.connection_id) ?? []
      list.push(`${row.hub_key_id}|${row.name}|${row.status}`)
      listings.set(row.connection_id, list)
    }
    return { integrity, listings }
  } finally {
    db.close()
  }
}

/**
 * What a complete sync of the hubs as they are now makes of `old`: listed keys take the hub's
 * name (statuses are not changed by these edits), keys gone at the hub become missing with their
 * last known name, and new keys arrive active.
 */
const expectedAfterSync = (old: Listing, connectionHub: Map<string, number>): Listing => {
  const next: Listing = new Map()
  for (const [connectionId, hubIndex] of connectionHub) {
    const hub = fake.hubs[hubIndex]!
    const listed = new Map(
      hub.keys
        .filter((key) => key.state !== 'deleted' && key.state !== 'deleting')
        .map((key) => [key.id, key])
    )
    const before = new Map(
      (old.get(connectionId) ?? []).map((entry) => {
        const [id, name, status] = entry.split('|') as [string, string, string]
        return [id, { name, status }]
      })
    )
    const rows: string[] = []
    for (const [id, { name, status }] of before) {
      const now = listed.get(id)
      rows.push(
        now
          ? `${id}|${now.name}|${status === 'missing' ? 'active' : status}`
          : `${id}|${name}|missing`
      )
    }
    for (const [id, key] of listed) if (!before.has(id)) rows.push(`${id}|${key.name}|active`)
    next.set(connectionId, rows.sort())
  }
  return next
}

it(
  'leaves the cache intact and each connection with the old or the new listing, never a mix',
  { timeout: 600_000 },
  async () => {
    expect((await hubkeys(['init'])).code).toBe(0)
    const connectionHub = new Map<string, number>()
    for (const [index, hub] of fake.hubs.entries()) {
      const added = await hubkeys(
        [
          'hubs',
          'add',
          '--kind',
          'cycle',
          '--name',
          `kill ${index}`,
          '--url',
          fake.url,
          '--hub-id',
          hub.id,
          '--env',
          'dev',
          '--password-stdin',
          '--credential-stdin'
        ],
        `${password}\n${hub.adminSecret}\n`
      )
      expect(added, added.stderr).toMatchObject({ code: 0 })
    }
    const db = new Database(join(dataDir, 'hubkeys.db'), { readonly: true })
    for (const row of db.prepare('SELECT id, name FROM connections').all() as {
      id: string
      name: string
    }[]) {
      connectionHub.set(row.id, Number(row.name.replace('kill ', '')))
    }
    db.close()

    // A first complete sync is the baseline; it also counts the requests one sync sends.
    fake.setLatency(25)
    const base = fake.requests.length
    const baseline = await hubkeys(['sync'])
    expect(baseline.code, baseline.stderr).toBe(0)
    expect(baseline.stdout.trim().split('\n').sort()).toEqual(
      fake.hubs.map(
        (hub, index) =>
          `kill ${index}: ${hub.keys.filter((key) => key.state !== 'deleted').length} keys (${hub.keys.filter((key) => key.state !== 'deleted').length} added, 0 missing at hub, 0 changed)`
      )
    )
    const requestsPerSync = fake.requests.length - base

    const random = seededRandom(2026)
    const outcomes = { old: 0, new: 0 }
    for (let iteration = 0; iteration < 10; iteration += 1) {
      // Change every hub a little, so the old and the new listings differ on every connection.
      for (const hub of fake.hubs) {
        const live = hub.keys.filter(
          (key) =>
            key.state === 'live' &&
            key.secret !== hub.adminSecret &&
            key.secret !== hub.limitedSecret
        )
        random.pick(live).name = `renamed ${iteration}-${random.hex(4)}`
        random.pick(live).state = 'deleted'
        const template = random.pick(live)
        hub.keys.push({
          ...template,
          id: random.hex(24),
          name: `added ${iteration}-${random.hex(4)}`,
          secret: random.hex(40)
        })
      }
      const before = readListings()
      const old = before.listings
      const fresh = expectedAfterSync(old, connectionHub)
      // From the first request to just past the last one, plus a little: the kill may hit the
      // pull, the apply transaction of either connection, or a run that already ended.
      const killAt = {
        afterRequests: random.int(1, requestsPerSync),
        extraMs: random.int(0, 300)
      }
      const run = await hubkeys(['sync'], '', killAt)
      const after = readListings()
      expect(after.integrity, `iteration ${iteration}`).toBe('ok')
      for (const connectionId of connectionHub.keys()) {
        const now = after.listings.get(connectionId) ?? []
        const wasOld = JSON.stringify(now) === JSON.stringify(old.get(connectionId) ?? [])
        const isNew = JSON.stringify(now) === JSON.stringify(fresh.get(connectionId))
        expect(
          wasOld || isNew,
          `iteration ${iteration}, killed after ${killAt.afterRequests} requests + ${killAt.extraMs} ms (${run.signal ?? run.code})`
        ).toBe(true)
        outcomes[isNew ? 'new' : 'old'] += 1
      }
      // A sync that finished must have applied the new listing everywhere.
      if (run.signal === null) expect(run.code, run.stderr).toBe(0)
    }
    // Seeded moments land both before and after the apply; report them for whoever reads the log.
    console.info(`kill test: ${outcomes.old} listings kept old, ${outcomes.new} became new`)
    expect(outcomes.old + outcomes.new).toBe(20)
  }
)

it('prints a partial sync as partial, with why, and exits 1', { timeout: 120_000 }, async () => {
  // The hub goes away once a few pages of each key list have been served (10 of their 26). The
  // roles, read beside the first two key pages, are in by then, so the pages read can be applied.
  const keyPages = () => fake.requests.filter((request) => request.path.endsWith('/api-keys'))
  const base = keyPages().length
  const watch = setInterval(() => {
    if (keyPages().length - base >= 10) fake.setDown(true)
  }, 2)
  const run = await hubkeys(['sync'])
  clearInterval(watch)
  fake.setDown(false)
  expect(run.code).toBe(1)
  const lines = run.stdout.trim().split('\n')
  expect(lines).toHaveLength(2)
  for (const line of lines) {
    expect(line).toMatch(
      /^kill \d: (partial, \d+ keys seen: .*the listing stopped after \d+ pages?, so the \d+ keys? it saw were updated and none was marked missing\.|failed: .*)$/
    )
  }
  expect(lines.some((line) => line.includes(': partial, '))).toBe(true)
})
