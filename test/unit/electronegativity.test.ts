// Runs Electronegativity (offline checks only) over src-main, src-preload and the built index.html and fails listing every finding.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  contentSecurityPolicyFor,
  cspHashManifestFile,
  parseCspHashManifest
} from '../../src-main/core/security/csp'

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
const rendererOut = join(root, 'out/renderer')
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
 * Left out: AvailableSecurityFixesGlobalCheck downloads Electron's release list (network).
 * CSPGlobalCheck runs: it reads a CSP written as a string literal in a header assignment or an HTML
 * meta tag, so the scan includes the built index.html, whose meta tag states the policy the app://
 * protocol and web mode send (with the build's script hashes; app-protocol.test.ts and
 * web-server.test.ts check the headers).
 */
const excluded = ['AvailableSecurityFixesGlobalCheck']

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
  // The policy's script hashes exist only in the build; `npm test` builds before vitest.
  if (!existsSync(join(rendererOut, 'index.html')))
    throw new Error(
      'out/renderer/index.html is missing: run `npx electron-vite build` first (npm test does), so the CSP check sees the built policy'
    )
  // All in one scan, so global checks see the guards (main), the preload and the page together.
  dir = mkdtempSync(join(tmpdir(), 'hubkeys-electronegativity-'))
  for (const folder of ['src-main', 'src-preload']) {
    cpSync(join(root, folder), join(dir, 'app', folder), { recursive: true })
  }
  mkdirSync(join(dir, 'app', 'renderer'))
  cpSync(join(rendererOut, 'index.html'), join(dir, 'app', 'renderer', 'index.html'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('Electronegativity', () => {
  it('finds nothing in src-main, src-preload and the built index.html, its CSP included', async () => {
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
    // The policy as it was before the build hashed scripts: 'self' is a "maybe weak" note.
    writeFileSync(
      join(input, 'renderer', 'self.html'),
      readFileSync(join(input, 'renderer', 'index.html'), 'utf8').replace(
        /script-src [^;]+;/,
        "script-src 'self';"
      )
    )
    const issues = (await scan(input)).issues
    expect(issues.map((issue) => issue.id)).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'OPEN_EXTERNAL_JS_CHECK'
      ])
    )
    expect(
      issues
        .filter((issue) => issue.id === 'CSP_GLOBAL_CHECK')
        .map((issue) => relative(input, issue.file))
    ).toEqual([join('renderer', 'self.html')])
  })

  it("passes the policy the servers send for this build through Electronegativity's CSP evaluator", () => {
    const manifest = parseCspHashManifest(
      readFileSync(join(rendererOut, cspHashManifestFile), 'utf8')
    )
    const findings = new csp.CspEvaluator(
      new csp.CspParser(contentSecurityPolicyFor(manifest)).csp,
      csp.Version.CSP3
    ).evaluate()
    // Not even the "maybe" notes: scripts are allowed by hash, not by 'self'.
    expect(findings).toEqual([])
  })
})
