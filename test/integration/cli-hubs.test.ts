// The built CLI drives every hub kind end to end against the simulated hubs: add, test, sync, keys, usage, hygiene.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeHubs, type FakeConnection, type FakeHubs } from '../fakes/hubs/start-fake-hubs'

const cli = resolve('out/main/cli.js')
const password = 'cli hubs passphrase'
let hubs: FakeHubs
let dataDir: string

beforeAll(async () => {
  if (!existsSync(cli)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  hubs = await startFakeHubs({ seed: 11, tenants: 1, keysPerTenant: 6 })
  dataDir = mkdtempSync(join(tmpdir(), 'hk-cli-hubs-'))
  expect((await hubkeys(['init'])).code).toBe(0)
}, 180_000)

afterAll(async () => {
  await hubs?.close()
})

/** Runs the CLI asynchronously (the simulated hubs live in this process and must keep answering). */
const hubkeys = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        HUBKEYS_PASSWORD: password,
        ...options.env
      }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })

const connectionOf = (kind: FakeConnection['kind']): FakeConnection => {
  const found = hubs.connections.find((c) => c.kind === kind)
  if (!found) throw new Error(`no simulated ${kind}`)
  return found
}

const addArgs = (c: FakeConnection, name: string): string[] => [
  'hubs',
  'add',
  '--kind',
  c.kind,
  '--name',
  name,
  '--url',
  c.url,
  '--env',
  c.environment,
  ...(typeof c.settings.hubId === 'string' ? ['--hub-id', c.settings.hubId] : []),
  ...(typeof c.settings.basePath === 'string' ? ['--base-path', c.settings.basePath] : []),
  ...(typeof c.settings.serverVersion === 'string'
    ? ['--server-version', c.settings.serverVersion]
    : []),
  ...(typeof c.settings.exportPath === 'string' ? ['--export-path', c.settings.exportPath] : [])
]

// Each call is a fresh process that unlocks with the default Argon2id cost, so allow minutes, not seconds.
describe('hubkeys CLI against every hub kind', { timeout: 180_000 }, () => {
  it('adds and tests a connection of each kind, credentials from stdin or the environment', async () => {
    for (const kind of ['cycle', 'dct', 'optidash', 'datahub', 'dmhub'] as const) {
      const c = connectionOf(kind)
      const added = c.credential
        ? await hubkeys([...addArgs(c, kind), '--password-stdin', '--credential-stdin'], {
            input: `${password}\n${c.credential}\n`
          })
        : await hubkeys(addArgs(c, kind))
      expect(added, kind).toMatchObject({ code: 0, stderr: '' })
      if (kind !== 'datahub') {
        const tested = await hubkeys(['hubs', 'test', kind])
        expect(tested.code, `${kind}: ${tested.stderr}`).toBe(0)
        expect(tested.stdout).toMatch(new RegExp(`^${kind}: `))
      }
    }
    const list = JSON.parse((await hubkeys(['hubs', 'list', '--json'])).stdout) as Array<{
      name: string
    }>
    expect(list.map((c) => c.name).sort()).toEqual(['cycle', 'datahub', 'dct', 'dmhub', 'optidash'])
    expect((await hubkeys(['hubs', 'list', '--json'])).stdout).not.toContain(
      connectionOf('cycle').credential!
    )
  })

  it('syncs, then lists cached keys with the documented JSON fields and no secret', async () => {
    const synced = await hubkeys(['sync', '--json'])
    expect(synced.code, synced.stderr).toBe(0)
    const keys = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'cycle', '--json'])).stdout
    ) as Array<Record<string, unknown>>
    expect(keys.length).toBeGreaterThan(3)
    for (const field of [
      'hub',
      'kind',
      'id',
      'name',
      'status',
      'ips',
      'created',
      'expires',
      'lastUsed',
      'fingerprint',
      'roleName',
      'owner',
      'ownerName'
    ]) {
      expect(keys[0]).toHaveProperty(field)
    }
    // Cycle role ids come with the names the sync read from the hub.
    const named = keys.find((key) => key.role !== null)
    expect(named?.roleName).toEqual(expect.any(String))
    expect(named?.roleName).not.toBe(named?.role)
    const dct = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'dct', '--json'])).stdout
    ) as unknown[]
    expect(dct.length).toBeGreaterThan(3)
    const live = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'cycle', '--live', '--json'])).stdout
    ) as unknown[]
    expect(live.length).toBe(keys.length)
    const filtered = await hubkeys(['keys', 'list', '--filter', 'no-ip', '--json'])
    expect(filtered.code).toBe(0)
    expect((await hubkeys(['keys', 'list', '--filter', 'nonsense'])).code).toBe(2)
  })

  it('creates, verifies, renames and deletes a Cycle key; the secret only with --show-secret', async () => {
    const live = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'cycle', '--live', '--json'])).stdout
    ) as Array<{ role: string | null }>
    const role = live.find((k) => k.role)?.role
    expect(role).toBeTruthy()
    const created = await hubkeys([
      'keys',
      'create',
      '--hub',
      'cycle',
      '--name',
      'cli-bot',
      '--role',
      role!,
      '--ips',
      '203.0.113.0/24'
    ])
    expect(created.code, created.stderr).toBe(0)
    const id = created.stdout.trim()
    expect(id).toMatch(/^[0-9a-f]{24}$/)
    const shown = await hubkeys([
      'keys',
      'create',
      '--hub',
      'cycle',
      '--name',
      'cli-bot-2',
      '--role',
      role!,
      '--show-secret',
      '--json'
    ])
    expect(JSON.parse(shown.stdout).secret).toEqual(expect.any(String))
    expect((await hubkeys(['keys', 'verify', '--hub', 'cycle', '--key', id])).stdout).toMatch(
      /^valid/
    )
    expect(
      (
        await hubkeys([
          'keys',
          'update',
          '--hub',
          'cycle',
          '--key',
          id,
          '--name',
          'cli-bot-renamed'
        ])
      ).code
    ).toBe(0)
    // The fingerprint `keys list` shows names the key as well as its id does.
    const listed = JSON.parse(
      (await hubkeys(['keys', 'list', '--hub', 'cycle', '--json'])).stdout
    ) as Array<{ id: string; fingerprint: string | null }>
    const fingerprint = listed.find((k) => k.id === id)?.fingerprint
    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/)
    expect(
      (await hubkeys(['keys', 'verify', '--hub', 'cycle', '--key', fingerprint!])).stdout
    ).toMatch(/^valid/)
    expect((await hubkeys(['keys', 'delete', '--hub', 'cycle', '--key', id])).code).toBe(2)
    // The Cycle connection is production: the key's name is typed in, as in the app.
    const deleteAt = ['keys', 'delete', '--hub', 'cycle', '--key', id, '--yes']
    const unnamed = await hubkeys(deleteAt)
    expect(unnamed.code).toBe(2)
    expect(unnamed.stderr).toMatch(/--confirm-name/)
    expect((await hubkeys([...deleteAt, '--confirm-name', 'cli-bot-renamed'])).code).toBe(0)
  })

  it('creates a DCT account key and an Optidash key, and charts Optidash usage', async () => {
    const dct = await hubkeys(['keys', 'create', '--hub', 'dct', '--name', 'cli-dct-user'])
    expect(dct.code, dct.stderr).toBe(0)
    expect(
      (await hubkeys(['keys', 'verify', '--hub', 'dct', '--key', dct.stdout.trim()])).stdout
    ).toMatch(/^valid/)
    const opti = await hubkeys(['keys', 'create', '--hub', 'optidash', '--name', 'cli-opti'])
    expect(opti.code, opti.stderr).toBe(0)
    const id = opti.stdout.trim()
    const csv = await hubkeys([
      'usage',
      '--hub',
      'optidash',
      '--key',
      id,
      '--interval',
      'day',
      '--refresh',
      '--csv'
    ])
    expect(csv.code, csv.stderr).toBe(0)
    expect(csv.stdout.split('\n')[0]).toBe('bucket,requests,bytes')
    // Served from the cache afterwards: the same rows without asking the hub.
    const cached = await hubkeys(['usage', '--hub', 'optidash', '--key', id, '--csv'])
    expect(cached.stdout).toBe(csv.stdout)
    expect(csv.stdout.trim().split('\n').length).toBeGreaterThan(28)
    expect(
      (await hubkeys(['usage', '--hub', 'optidash', '--key', id, '--from', 'yesterday'])).code
    ).toBe(2)
  })

  it('records a Data Hub and a DM-Hub key from stdin and verifies them live', async () => {
    for (const kind of ['datahub', 'dmhub'] as const) {
      const key = connectionOf(kind).keys.find(
        (k) => k.status !== 'inactive' && (!k.expiresAt || k.expiresAt > Date.now() + 86_400_000)
      )
      if (!key) throw new Error(`no usable ${kind} key`)
      const recorded = await hubkeys(
        ['keys', 'create', '--hub', kind, '--name', `cli-${kind}`, '--secret-stdin'],
        { input: `${key.secret}\n` }
      )
      expect(recorded.code, recorded.stderr).toBe(0)
      const verified = await hubkeys([
        'keys',
        'verify',
        '--hub',
        kind,
        '--key',
        recorded.stdout.trim()
      ])
      expect(verified.stdout, verified.stderr).toMatch(/^valid/)
      // The id `keys list` prints for these hubs is the value's fingerprint; --key takes it.
      const listed = JSON.parse(
        (await hubkeys(['keys', 'list', '--hub', kind, '--json'])).stdout
      ) as Array<{ id: string; name: string }>
      const shown = listed.find((k) => k.name === `cli-${kind}`)?.id
      expect(shown).toMatch(/^sha256:/)
      const again = await hubkeys(['keys', 'verify', '--hub', kind, '--key', shown!])
      expect(again.stdout, again.stderr).toMatch(/^valid/)
    }
  })

  it('reports hygiene and fails one clear line for an unknown hub', async () => {
    const hygiene = JSON.parse((await hubkeys(['hygiene', '--json'])).stdout) as {
      items: Array<{ id: string; count: number }>
    }
    expect(hygiene.items.map((i) => i.id)).toContain('allow-all-prod')
    const missing = await hubkeys(['hubs', 'test', 'nope'])
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })
  it('checks the cached keys against policy rules: exit 0 with none, 3 with violations, and writes the report', async () => {
    const none = await hubkeys(['policy', 'check'])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stdout).toMatch(/No policy rule is turned on/)
    const bad = await hubkeys(['policy', 'set', '--all', '--name-pattern', '(unclosed'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/not a valid regular expression/)
    const saved = await hubkeys(['policy', 'set', '--all', '--expiry-required', 'yes'])
    expect(saved.code, saved.stderr).toBe(0)
    const checked = await hubkeys(['policy', 'check', '--json'])
    expect(checked.code, checked.stderr).toBe(3)
    const result = JSON.parse(checked.stdout) as {
      keysChecked: number
      keysViolating: number
      rules: Array<{ rule: string; violating: number }>
    }
    expect(result.rules).toEqual([
      expect.objectContaining({ rule: 'expiry-required', violating: result.keysViolating })
    ])
    expect(result.keysViolating).toBeGreaterThan(0)
    const out = join(dataDir, 'policy-report.html')
    const report = await hubkeys(['policy', 'report', '--out', out])
    expect(report.code, report.stderr).toBe(0)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('Hubkeys policy report')
    expect(html).toContain(`${result.keysChecked} keys checked`)
    const cleared = await hubkeys(['policy', 'set', '--all', '--clear'])
    expect(cleared.code, cleared.stderr).toBe(0)
    expect((await hubkeys(['policy', 'check'])).code).toBe(0)
  })
  it('imports DM-Hub keys from CSV (bad rows reported, the rest recorded) and exports the inventory', async () => {
    const file = join(dataDir, 'dm-keys.csv')
    writeFileSync(
      file,
      'name,value,expires\r\ncsv-one,csv-value-0001-abcdef,2031-01-31\r\ncsv-bad,csv-value-0002-abcdef,soon\r\n'
    )
    const dry = await hubkeys(['import', '--hub', 'dmhub', '--csv', file, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(3)
    expect(dry.stdout).toMatch(/Dry run: 1 ready, 1 refused; nothing was recorded\./)
    expect(dry.stdout).toMatch(/expires "soon" is not a date/)
    const done = await hubkeys(['import', '--hub', 'dmhub', '--csv', file, '--json'])
    expect(done.code, done.stderr).toBe(3)
    expect(JSON.parse(done.stdout)).toMatchObject({ imported: 1, failed: 1 })

    const csvOut = join(dataDir, 'inventory.csv')
    const exported = await hubkeys(['export', '--format', 'csv', '--out', csvOut])
    expect(exported.code, exported.stderr).toBe(0)
    const text = readFileSync(csvOut, 'utf8')
    expect(text).toContain('csv-one')
    expect(text).not.toContain('csv-value-0001-abcdef')
    const refused = await hubkeys(['export', '--with-secrets'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/HUBKEYS_EXPORT_PASSPHRASE/)
    const sealed = await hubkeys(['export', '--hub', 'dmhub', '--with-secrets'], {
      env: { HUBKEYS_EXPORT_PASSPHRASE: 'cli export passphrase' }
    })
    expect(sealed.code, sealed.stderr).toBe(0)
    expect(JSON.parse(sealed.stdout)).toMatchObject({ format: 'hubkeys-export-encrypted' })
    expect(sealed.stdout).not.toContain('csv-value-0001-abcdef')
  })
  it('escapes control and bidi characters from hubs in tables and JSON, and refuses them in names', async () => {
    const hostile = 'evil\u001b[2J\u001b]0;pwned\u0007\u202etxt.exe'
    const key = hubs.fakes.cycle.hubs[0]!.keys.find((k) => k.state === 'live')!
    key.name = hostile
    const shown = await hubkeys(['keys', 'list', '--hub', 'cycle', '--live'])
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\u202etxt.exe')
    expect(unsafeIn(shown.stdout)).toEqual([])
    const asJson = await hubkeys(['keys', 'list', '--hub', 'cycle', '--live', '--json'])
    expect(unsafeIn(asJson.stdout)).toEqual([])
    expect((JSON.parse(asJson.stdout) as Array<{ name: string }>).map((k) => k.name)).toContain(
      hostile
    )
    const refused = await hubkeys(addArgs(connectionOf('cycle'), 'new\u001b[31mname'))
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(/the field "name": Remove control characters/)
    expect(unsafeIn(refused.stderr)).toEqual([])
  })
})

/** Control characters other than the newlines between lines, and bidi controls, found in `text`. */
const unsafeIn = (text: string): string[] =>
  [...text.replace(/\n/g, '')].filter((char) => {
    const code = char.codePointAt(0) as number
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e)
  })
