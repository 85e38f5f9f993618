// Integration tests of the built `hubkeys ipfilter check|lint`: exit codes, messages and JSON, with no vault.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const cli = resolve('out/main/cli.js')
const dataDir = mkdtempSync(join(tmpdir(), 'hk-cli-ipfilter-'))

beforeAll(() => {
  // `npm test` builds first; a lone `vitest run` builds here so the test never runs stale code.
  if (!existsSync(cli)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
}, 180_000)

const ipfilter = (...args: string[]) => {
  const result = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'ipfilter', ...args], {
    // No HUBKEYS_PASSWORD: these commands must never need the vault.
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
    input: '',
    encoding: 'utf8'
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const rules = '10.0.0.0/8,2001:db8::/32'

describe('hubkeys ipfilter check', () => {
  it('exits 0 for an allowed address and names the rule', () => {
    expect(ipfilter('check', '--rules', rules, '--ip', '10.1.2.3')).toEqual({
      code: 0,
      stdout: '10.1.2.3 is allowed by rule 1 (10.0.0.0/8).\n',
      stderr: ''
    })
    expect(ipfilter('check', '--rules', rules, '--ip', '2001:db8::5').stdout).toMatch(
      /by rule 2 \(2001:db8::\/32\)/
    )
    expect(ipfilter('check', '--rules', rules, '--ip', '::ffff:10.1.2.3').code).toBe(0)
  })

  it('exits 3 for a denied address', () => {
    expect(ipfilter('check', '--rules', rules, '--ip', '11.0.0.1')).toEqual({
      code: 3,
      stdout: '11.0.0.1 is denied: it matches none of the 2 rules.\n',
      stderr: ''
    })
    expect(ipfilter('check', '--rules', '', '--kind', 'cycle', '--ip', '10.1.2.3').code).toBe(3)
    expect(ipfilter('check', '--rules', '', '--kind', 'datahub', '--ip', '10.1.2.3').code).toBe(0)
  })

  it('exits 1 with the reason on one stderr line for an invalid rule or address', () => {
    const bad = ipfilter('check', '--rules', '10.0.0.0/8,010.1.1.1', '--ip', '10.1.2.3')
    expect(bad.code).toBe(1)
    expect(bad.stdout).toBe('')
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(
      /^hubkeys: Rule 2: "010\.1\.1\.1" is not an IPv4 address: "010" has a leading zero/
    )
    const host = ipfilter('check', '--rules', '10.0.0.5/8', '--ip', '10.1.2.3')
    expect(host).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/did you mean 10\.0\.0\.0\/8/)
    })
    expect(ipfilter('check', '--rules', rules, '--ip', '10.0.0.256')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /The address: "10\.0\.0\.256" is not an IPv4 address: 256 is over 255/
      )
    })
  })

  it('prints the result as JSON with --json, keeping the exit code', () => {
    const allowed = ipfilter('check', '--rules', rules, '--ip', '10.1.2.3', '--json')
    expect(allowed.code).toBe(0)
    expect(JSON.parse(allowed.stdout)).toMatchObject({
      verdict: 'allowed',
      rule: { index: 0, cidr: '10.0.0.0/8' }
    })
    const invalid = ipfilter('check', '--rules', '1.2.3.4/33', '--ip', '1.2.3.4', '--json')
    expect(invalid.code).toBe(1)
    expect(JSON.parse(invalid.stdout)).toMatchObject({
      verdict: 'invalid',
      problems: [{ index: 0, input: '1.2.3.4/33' }]
    })
  })

  it('exits 2 for usage errors', () => {
    expect(ipfilter('check', '--ip', '10.1.2.3').code).toBe(2)
    expect(ipfilter('check', '--rules', rules).code).toBe(2)
    expect(ipfilter('check', '--rules', rules, '--ip', '1.1.1.1', '--kind', 'nope')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--kind must be one of cycle, dct, optidash, datahub, dmhub/)
    })
    expect(ipfilter('frobnicate').code).toBe(2)
  })
})

describe('hubkeys ipfilter lint', () => {
  it('exits 0 with no findings', () => {
    expect(ipfilter('lint', '--rules', rules)).toEqual({
      code: 0,
      stdout: 'no findings in 2 rules\n',
      stderr: ''
    })
  })

  it('exits 0 for warnings only, listing them', () => {
    const result = ipfilter(
      'lint',
      '--rules',
      '10.0.0.0/8,10.1.0.0/16,10.0.0.0 255.0.0.0,0.0.0.0/0'
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^SEVERITY\s+FINDING\s+RULES\s+MESSAGE/)
    expect(result.stdout).toMatch(
      /warning\s+duplicate\s+3,1\s+"10\.0\.0\.0 255\.0\.0\.0" \(rule 3\) is the same range/
    )
    expect(result.stdout).toMatch(
      /warning\s+contained\s+2,1,4\s+10\.1\.0\.0\/16 \(rule 2\) lies inside/
    )
    expect(result.stdout).toMatch(
      /warning\s+allow-all\s+4\s+0\.0\.0\.0\/0 \(rule 4\) allows every IPv4 address/
    )
    expect(result.stdout).toMatch(/0 errors, 4 warnings\n$/)
  })

  it('exits 1 when a finding is an error, and words findings by --kind', () => {
    const result = ipfilter(
      'lint',
      '--rules',
      '10.0.0.0/8,2001:db8::/32,10.0.0.0/255.0.255.0',
      '--kind',
      'datahub'
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/error\s+invalid\s+3\s+255\.0\.255\.0 is not a netmask/)
    expect(result.stdout).toMatch(
      /error\s+unsupported\s+2\s+2001:db8::\/32 \(rule 2\) is IPv6; SAWS Owl Data Hub takes only IPv4/
    )
    expect(ipfilter('lint', '--rules', '', '--kind', 'cycle').stdout).toMatch(
      /Cycle reads as allowing no address/
    )
    expect(ipfilter('lint', '--rules', '', '--kind', 'datahub').stdout).toMatch(
      /reads as no filter/
    )
  })

  it('prints entries and findings as JSON with --json', () => {
    const result = ipfilter('lint', '--rules', '10.1.0.0/16,10.0.0.0/8', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      entries: [
        { input: '10.1.0.0/16', cidr: '10.1.0.0/16' },
        { input: '10.0.0.0/8', cidr: '10.0.0.0/8' }
      ],
      findings: [
        {
          kind: 'contained',
          severity: 'warning',
          rules: [0, 1],
          message: '10.1.0.0/16 (rule 1) lies inside 10.0.0.0/8 (rule 2), which already allows it.'
        }
      ]
    })
  })
})

describe('hubkeys ipfilter and the data file', () => {
  it('neither opens nor creates it, so it runs anywhere and beside a running app', () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'hk-cli-ipfilter-pure-')), 'no-such-folder')
    const result = spawnSync(
      process.execPath,
      [cli, '--data-dir', fresh, 'ipfilter', 'check', '--rules', rules, '--ip', '10.1.2.3'],
      { env: { PATH: process.env.PATH ?? '', HOME: tmpdir() }, input: '', encoding: 'utf8' }
    )
    expect(result.status).toBe(0)
    expect(existsSync(fresh)).toBe(false)
    expect(readdirSync(dataDir)).toEqual([])
  })
})
