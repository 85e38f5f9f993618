// Integration tests of the built `hubkeys` CLI: init, status, change-password, exit codes, tampered rows.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
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

const hubkeys = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) => {
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...options.env },
    input: options.input ?? '',
    encoding: 'utf8'
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const initialised = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hk-cli-'))
  const init = hubkeys(['--data-dir', dir, 'init'], { env: { HUBKEYS_PASSWORD: password } })
  expect(init).toMatchObject({ code: 0, stderr: '' })
  return dir
}

const tamper = (dir: string, sql: string, ...params: unknown[]) => {
  const db = new Database(join(dir, 'hubkeys.db'))
  db.prepare(sql).run(...params)
  db.close()
}

/** One line on stderr, no stack trace. */
const expectOneLineFailure = (result: ReturnType<typeof hubkeys>, pattern: RegExp) => {
  expect(result.code).toBe(1)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(pattern)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}

describe('hubkeys CLI', () => {
  it('initialises, reports status, checks and changes the password', () => {
    const dir = initialised()
    expect(hubkeys(['--data-dir', dir, 'status']).stdout).toMatch(/Vault: ok/)
    const checked = hubkeys(['--data-dir', dir, 'status', '--json', '--password-stdin'], {
      input: `${password}\n`
    })
    expect(checked.code).toBe(0)
    expect(JSON.parse(checked.stdout)).toMatchObject({ vault: 'present', passwordChecked: true })

    const change = hubkeys(['--data-dir', dir, 'change-password', '--password-stdin'], {
      input: `${password}\na different passphrase\n`
    })
    expect(change).toMatchObject({ code: 0 })
    expectOneLineFailure(
      hubkeys(['--data-dir', dir, 'status'], { env: { HUBKEYS_PASSWORD: password } }),
      /Wrong master password/
    )
    expect(
      hubkeys(['--data-dir', dir, 'status'], { env: { HUBKEYS_PASSWORD: 'a different passphrase' } }).code
    ).toBe(0)
  })

  it('says there is no vault yet, and refuses a second init', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-'))
    expect(hubkeys(['--data-dir', dir, 'status']).stdout).toMatch(/No vault .*hubkeys init/)
    const again = initialised()
    expectOneLineFailure(
      hubkeys(['--data-dir', again, 'init'], { env: { HUBKEYS_PASSWORD: password } }),
      /already exists/
    )
  })

  it.each([
    ['weakened KDF parameters', `UPDATE vault SET kdf_params = replace(kdf_params, '65536', '1024')`, /weaker/],
    ['KDF parameters of an unknown kind', `UPDATE vault SET kdf_params = '{"algorithm":"scrypt"}'`, /not valid/],
    ['a truncated wrapped key', `UPDATE vault SET wrapped_key = substr(wrapped_key, 1, 20)`, /integrity/],
    ['a short salt', `UPDATE vault SET salt = x'00'`, /integrity/],
    ['a changed vault id', `UPDATE vault SET vault_id = 'not-a-uuid'`, /integrity/]
  ])('fails with one clear line on %s', (_name, sql, pattern) => {
    const dir = initialised()
    tamper(dir, sql)
    expectOneLineFailure(hubkeys(['--data-dir', dir, 'status']), pattern)
  })

  it('catches a flipped byte inside the wrapped key when the password is given', () => {
    const dir = initialised()
    const db = new Database(join(dir, 'hubkeys.db'))
    const { wrapped_key: wrapped } = db.prepare('SELECT wrapped_key FROM vault').get() as {
      wrapped_key: Buffer
    }
    wrapped[30] = (wrapped[30] ?? 0) ^ 0xff
    db.prepare('UPDATE vault SET wrapped_key = ?').run(wrapped)
    db.close()
    expectOneLineFailure(
      hubkeys(['--data-dir', dir, 'status'], { env: { HUBKEYS_PASSWORD: password } }),
      /Wrong master password/
    )
  })

  it('refuses a data file that is not a database without touching it; doctor says why and recovers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-'))
    writeFileSync(join(dir, 'hubkeys.db'), 'this is not sqlite at all, just text')
    expectOneLineFailure(
      hubkeys(['--data-dir', dir, 'status']),
      /is damaged \(it is not a database\)/
    )
    expect(readdirSync(dir)).toEqual(['hubkeys.db'])

    const doctor = hubkeys(['--data-dir', dir, 'doctor', '--json'])
    expect(doctor.code).toBe(1)
    expect(JSON.parse(doctor.stdout)).toMatchObject({ health: 'damaged', code: 'CORRUPT' })
    const recovered = hubkeys(['--data-dir', dir, 'doctor', '--recover'])
    expect(recovered.code).toBe(0)
    expect(recovered.stdout).toMatch(/kept the damaged file as .*hubkeys\.db\.damaged-/)
    expect(recovered.stdout).toMatch(/secrets: 0 saved, an unknown number lost/)
    expect(hubkeys(['--data-dir', dir, 'doctor'])).toMatchObject({ code: 0 })
    expect(readdirSync(dir).some((name) => name.startsWith('hubkeys.db.damaged-'))).toBe(true)
  })

  it('exits 2 on usage errors, and never takes a password from a flag', () => {
    expect(hubkeys(['frobnicate']).code).toBe(2)
    expect(hubkeys([]).code).toBe(2)
    const flag = hubkeys(['init', '--password', 'hunter2hunter2'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/never taken from flag/)
  })

  it('exits 1 with one line when no password is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-cli-'))
    expectOneLineFailure(hubkeys(['--data-dir', dir, 'init']), /HUBKEYS_PASSWORD/)
    expectOneLineFailure(
      hubkeys(['--data-dir', dir, 'init'], { env: { HUBKEYS_PASSWORD: 'short' } }),
      /at least 12 characters/
    )
  })
})
