// Runs Electronegativity (offline checks only) over src-main and src-preload and fails listing every finding.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src-main/core/security/csp'

interface Issue {
  id: string
  file: string
  location: { line: number; column: number }
  sample?: string
  severity: { name: string }
  confidence: { name: string }
}
interface Report {
  atomicChecks: number
  globalChecks: number
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: Issue[]
}
type Run = (options: Record<string, unknown>, forCli?: boolean) => Promise<Report>

const root = resolve(import.meta.dirname, '../..')
const engRequire = createRequire(
  createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json')
)

// Electronegativity fetches translations with `got` on start; answer "not found" so it stays offline
// and uses the English strings it ships (the machine may have no network at all).
const gotPath = engRequire.resolve('got')
const offlineGot = async () => ({ statusCode: 404, body: '' })
engRequire.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: { __esModule: true, default: offlineGot }
} as unknown as NodeJS.Module

const run = engRequire('./dist/runner.js') as Run
const csp = engRequire('@doyensec/csp-evaluator') as {
  CspParser: new (policy: string) => { csp: unknown }
  CspEvaluator: new (
    policy: unknown,
    version: number
  ) => {
    evaluate(): { severity: number; directive: string; description: string }[]
  }
  Version: { CSP3: number }
  severities: Record<string, number>
}

const electronVersion = (
  createRequire(import.meta.url)('electron/package.json') as { version: string }
).version

/**
 * Checks left out, each for a reason:
 * - AvailableSecurityFixesGlobalCheck downloads Electron's release list (network).
 * - CSPGlobalCheck only recognises a CSP written as a string literal in a header assignment or an
 *   HTML meta tag. Ours is built in core/security/csp.ts and sent by the app:// protocol handler
 *   (asserted in app-protocol.test.ts); the test below runs Electronegativity's own CSP evaluator
 *   on it instead.
 */
const excluded = ['AvailableSecurityFixesGlobalCheck', 'CSPGlobalCheck']

const scan = (input: string) =>
  run({
    input,
    customScan: [],
    excludeFromScan: excluded,
    electronVersionOverride: electronVersion,
    parserPlugins: []
  })

const describeIssue = (input: string, issue: Issue) =>
  `${issue.id} (${issue.severity.name}, ${issue.confidence.name}) ${relative(input, issue.file)}:${issue.location.line}:${issue.location.column} ${issue.sample ?? ''}`

let dir: string
beforeAll(() => {
  // Both folders in one scan, so global checks see the guards (main) and the preload together.
  dir = mkdtempSync(join(tmpdir(), 'hubkeys-electronegativity-'))
  for (const folder of ['src-main', 'src-preload']) {
    cpSync(join(root, folder), join(dir, 'app', folder), { recursive: true })
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('Electronegativity', () => {
  it('finds nothing in src-main and src-preload', async () => {
    const input = join(dir, 'app')
    const report = await scan(input)
    expect(report.atomicChecks).toBeGreaterThan(20)
    expect(report.errors.filter((error) => !error.tolerable)).toEqual([])
    expect(report.issues.map((issue) => describeIssue(input, issue))).toEqual([])
  })

  it('does report an insecure window, so a clean result means something', async () => {
    const input = join(dir, 'insecure')
    cpSync(join(dir, 'app'), input, { recursive: true })
    writeFileSync(
      join(input, 'insecure-window.ts'),
      [
        "import { BrowserWindow, shell } from 'electron'",
        'const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } })',
        'export const open = (url: string) => shell.openExternal(url)',
        ''
      ].join('\n')
    )
    const ids = (await scan(input)).issues.map((issue) => issue.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'OPEN_EXTERNAL_JS_CHECK'
      ])
    )
  })

  it("passes the renderer's CSP through Electronegativity's CSP evaluator", () => {
    const findings = new csp.CspEvaluator(
      new csp.CspParser(contentSecurityPolicy).csp,
      csp.Version.CSP3
    ).evaluate()
    const severe = findings.filter(
      (finding) => finding.severity < (csp.severities.HIGH_MAYBE ?? 40)
    )
    expect(severe).toEqual([])
    // The one "maybe" it raises is about 'self' serving JSONP, Angular or uploads: app:// serves
    // only our own build, so nothing else is allowed through.
    const maybe = findings.filter((finding) => finding.severity < (csp.severities.INFO ?? 60))
    expect(maybe.map((finding) => finding.directive)).toEqual(['script-src'])
  })
})
