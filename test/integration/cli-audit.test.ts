// The built CLI writes the audit trail of a real flow (init, unlock, hubs add, sync, keys create on a simulated hub) with no secret in the file, and `audit verify` names tampered entries.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeHubs, type FakeHubs } from '../fakes/hubs/start-fake-hubs'

const cli = resolve('out/main/cli.js')
const password = 'cli audit passphrase'
let hubs: FakeHubs
let dataDir: string

beforeAll(async () => {
  // `npm test` builds first; a lone `vitest run` builds here so the test never runs stale code.
  if (!existsSync(cli)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  hubs = await startFakeHubs({ seed: 5, tenants: 1, keysPerTenant: 3 })
  dataDir = mkdtempSync(join(tmpdir(), 'hk-cli-audit-'))
}, 180_000)

afterAll(async () => {
  await hubs?.close()
})

/** Runs the CLI asynchronously (the simulated hubs live in this process and must keep answering). */
const hubkeys = (args: string[], input = '') =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), HUBKEYS_PASSWORD: password }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(input)
  })

/** Raw SQL on the data file with the audit log's triggers dropped, as a SQLite shell could. */
const tamper = (sql: string) => {
  const db = new Database(join(dataDir, 'hubkeys.db'))
  db.exec('DROP TRIGGER IF EXISTS audit_log_append_only')
  db.exec('DROP TRIGGER IF EXISTS audit_log_retention_only')
  db.exec(sql)
  db.close()
}

interface Entry {
  seq: number
  actor: string
  action: string
  outcome: string
  channel: string | null
  connectionId: string | null
  keyId: string | null
  hubKeyId: string | null
}

// Each call is a fresh process that unlocks with the default Argon2id cost, so allow minutes.
describe('hubkeys audit', { timeout: 180_000 }, () => {
  let createdSecret = ''
  let credential = ''

  it('records a CLI flow with ids and outcomes, and no secret anywhere in the data file', async () => {
    const cycle = hubs.connections.find((c) => c.kind === 'cycle')!
    credential = cycle.credential!
    expect(await hubkeys(['init'])).toMatchObject({ code: 0, stderr: '' })
    const added = await hubkeys(
      [
        'hubs',
        'add',
        '--kind',
        'cycle',
        '--name',
        'Cycle prod',
        '--url',
        cycle.url,
        '--hub-id',
        String(cycle.settings.hubId),
        '--password-stdin',
        '--credential-stdin'
      ],
      `${password}\n${credential}\n`
    )
    expect(added).toMatchObject({ code: 0, stderr: '' })
    expect((await hubkeys(['sync', '--json'])).code).toBe(0)
    // Reading the cache is not recorded (only its unlock is).
    const cached = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'Cycle prod', '--json'])).stdout
    ) as { role: string | null }[]
    const role = cached.find((k) => k.role)?.role
    expect(role).toBeTruthy()
    const created = await hubkeys([
      'keys',
      'create',
      '--hub',
      'Cycle prod',
      '--name',
      'audit-bot',
      '--role',
      role!,
      '--show-secret',
      '--json'
    ])
    expect(created.code, created.stderr).toBe(0)
    const key = JSON.parse(created.stdout) as { id: string; localId: string; secret: string }
    createdSecret = key.secret
    expect(createdSecret.length).toBeGreaterThan(8)

    const listed = await hubkeys(['audit', 'list', '--json', '--limit', '1000'])
    expect(listed.code, listed.stderr).toBe(0)
    const entries = (JSON.parse(listed.stdout) as Entry[]).reverse()
    expect(entries.filter((e) => e.actor === 'cli').map((e) => [e.action, e.outcome])).toEqual([
      ['vault-create', 'ok'],
      ['unlock', 'ok'],
      ['connection-add', 'ok'],
      ['unlock', 'ok'],
      ['sync', 'ok'],
      ['unlock', 'ok'],
      ['unlock', 'ok'],
      ['create', 'ok'],
      ['unlock', 'ok']
    ])
    // Every process that unlocked locks again when it exits.
    expect(entries.filter((e) => e.actor === 'system').map((e) => e.action)).toEqual([
      'lock',
      'lock',
      'lock',
      'lock',
      'lock'
    ])
    const create = entries.find((e) => e.action === 'create')!
    expect(create).toMatchObject({ channel: 'keys:create', keyId: key.localId, hubKeyId: key.id })
    const connectionAdd = entries.find((e) => e.action === 'connection-add')!
    expect(create.connectionId).toBe(connectionAdd.connectionId)

    const byKey = JSON.parse(
      (await hubkeys(['audit', 'list', '--key', key.id, '--json'])).stdout
    ) as Entry[]
    expect(byKey.map((e) => e.action)).toEqual(['create'])
    const byHub = JSON.parse(
      (await hubkeys(['audit', 'list', '--hub', 'Cycle prod', '--action', 'sync,create', '--json']))
        .stdout
    ) as Entry[]
    expect(byHub.map((e) => e.action)).toEqual(['create', 'sync'])

    // The file and its write-ahead log, byte for byte: the audit rows hold no secret, and the
    // rest of the store holds them only sealed.
    for (const file of ['hubkeys.db', 'hubkeys.db-wal']) {
      const path = join(dataDir, file)
      if (!existsSync(path)) continue
      const bytes = readFileSync(path)
      for (const secret of [password, credential, createdSecret])
        expect(bytes.includes(Buffer.from(secret)), `${file} holds a secret`).toBe(false)
    }
    const db = new Database(join(dataDir, 'hubkeys.db'), { readonly: true })
    const rows = JSON.stringify(db.prepare('SELECT * FROM audit_log').all())
    db.close()
    for (const secret of [password, credential, createdSecret]) expect(rows).not.toContain(secret)

    const verified = await hubkeys(['audit', 'verify'])
    expect(verified).toMatchObject({ code: 0, stderr: '' })
    expect(verified.stdout).toMatch(/^Audit log intact: \d+ entries\.$/m)
  })

  it('names an edited entry and a removed one, exiting 1', async () => {
    const listed = JSON.parse(
      (await hubkeys(['audit', 'list', '--action', 'create', '--json'])).stdout
    ) as Entry[]
    const createSeq = listed[0]!.seq
    tamper(`UPDATE audit_log SET action = 'verify' WHERE seq = ${createSeq}`)
    const edited = await hubkeys(['audit', 'verify'])
    expect(edited.code).toBe(1)
    expect(edited.stdout).toContain(
      `entry ${createSeq}: Entry ${createSeq} was changed after it was written.`
    )

    tamper(`DELETE FROM audit_log WHERE seq = 3`)
    const removed = await hubkeys(['audit', 'verify', '--json'])
    expect(removed.code).toBe(1)
    const report = JSON.parse(removed.stdout) as {
      intact: boolean
      problems: { seq: number; problem: string }[]
    }
    expect(report.intact).toBe(false)
    expect(report.problems.map((p) => [p.seq, p.problem])).toEqual([
      [3, 'removed'],
      [createSeq, 'edited']
    ])
  })
})
