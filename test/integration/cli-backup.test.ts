// Integration tests of the built `hubkeys` CLI's backup and restore: a round trip through a real backup file, and a wrong password that changes nothing.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'

const cli = resolve('out/main/cli.js')
const password = 'correct horse battery staple'

beforeAll(() => {
  // `npm test` builds first; a lone `vitest run` builds here so the test never runs stale code.
  if (!existsSync(cli)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
}, 180_000)

/** Every row of the tables a restore would replace (the audit log aside: refusals are recorded). */
const contentOf = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return Object.fromEntries(
      ['vault', 'unlock_throttle', 'secrets', 'connections', 'keys'].map((table) => [
        table,
        db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
      ])
    )
  } finally {
    db.close()
  }
}

const lastAuditEntry = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get()
  } finally {
    db.close()
  }
}

const hubkeys = (dir: string, args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [cli, '--data-dir', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), HUBKEYS_PASSWORD: password, ...env },
    input: '',
    encoding: 'utf8'
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const addHub = (dir: string, name: string) =>
  expect(
    hubkeys(
      dir,
      [
        'hubs',
        'add',
        '--kind',
        'optidash',
        '--name',
        name,
        '--url',
        'https://optidash.example.test'
      ],
      {
        HUBKEYS_CREDENTIAL: `credential of ${name}`
      }
    )
  ).toMatchObject({ code: 0 })

const hubNames = (dir: string): string[] =>
  (JSON.parse(hubkeys(dir, ['hubs', 'list', '--json']).stdout) as { name: string }[])
    .map((hub) => hub.name)
    .sort()

describe('hubkeys backup and restore', () => {
  it('restores the state a backup holds, keeping the replaced data aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-backup-'))
    expect(hubkeys(dir, ['init'])).toMatchObject({ code: 0 })
    addHub(dir, 'Before backup')
    const out = join(dir, 'exact.db')
    const backup = hubkeys(dir, ['backup', '--out', out])
    expect(backup).toMatchObject({ code: 0, stdout: `Backed up the data file to ${out}.\n` })
    const rotated = hubkeys(dir, ['backup', '--json'])
    expect(rotated.code).toBe(0)
    expect(JSON.parse(rotated.stdout).path).toMatch(/backups\/hubkeys-.*Z\.db$/)

    addHub(dir, 'After backup')
    expect(hubkeys(dir, ['hubs', 'remove', 'Before backup']).code).toBe(0)
    expect(hubNames(dir)).toEqual(['After backup'])

    const restored = hubkeys(dir, ['restore', out])
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(
      /^Restored .*exact\.db; the data it replaced is kept as .*hubkeys\.db\.before-restore-/
    )
    expect(hubNames(dir)).toEqual(['Before backup'])
    const aside = readdirSync(dir).filter((name) => name.includes('before-restore'))
    expect(aside).toHaveLength(1)
  })

  it('a wrong password restores nothing and changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-backup-'))
    expect(hubkeys(dir, ['init'])).toMatchObject({ code: 0 })
    const out = join(dir, 'exact.db')
    expect(hubkeys(dir, ['backup', '--out', out]).code).toBe(0)
    addHub(dir, 'Only live')
    const before = readdirSync(dir).sort()
    const live = contentOf(join(dir, 'hubkeys.db'))

    const refused = hubkeys(dir, ['restore', out], { HUBKEYS_PASSWORD: 'not the right passphrase' })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      "hubkeys: That is not the backup's master password; nothing was changed.\n"
    )
    expect(readdirSync(dir).sort()).toEqual(before)
    // Every row is as it was; the audit log gained exactly the refused restore.
    expect(contentOf(join(dir, 'hubkeys.db'))).toEqual(live)
    expect(lastAuditEntry(join(dir, 'hubkeys.db'))).toMatchObject({ action: 'restore' })
    expect(hubNames(dir)).toEqual(['Only live'])
  })

  it('restores over a damaged data file, after the same password check, keeping the damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-backup-'))
    expect(hubkeys(dir, ['init'])).toMatchObject({ code: 0 })
    addHub(dir, 'Saved')
    const out = join(dir, 'exact.db')
    expect(hubkeys(dir, ['backup', '--out', out]).code).toBe(0)
    writeFileSync(join(dir, 'hubkeys.db'), 'damaged beyond reading '.repeat(300))
    expect(hubkeys(dir, ['hubs', 'list']).code).toBe(1)

    const wrong = hubkeys(dir, ['restore', out], { HUBKEYS_PASSWORD: 'not the right passphrase' })
    expect(wrong.code).toBe(1)
    expect(readFileSync(join(dir, 'hubkeys.db'), 'utf8')).toMatch(/^damaged beyond reading/)

    const restored = hubkeys(dir, ['restore', out])
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/the damaged data file is kept as .*before-restore-/)
    expect(hubNames(dir)).toEqual(['Saved'])
    const aside = readdirSync(dir).find((name) => name.includes('before-restore')) as string
    expect(readFileSync(join(dir, aside), 'utf8')).toMatch(/^damaged beyond reading/)
  })

  it('restore needs a file and says so with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-backup-'))
    expect(hubkeys(dir, ['restore']).code).toBe(2)
  })
})
