// Proves the ESLint layering rules refuse and allow exactly what each row of the layering table (DESIGN.md section 1) says.
import { readdirSync } from 'node:fs'
import { posix } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'
import { layeringRows, maxDepth, type LayeringRow } from '../layering/layering.table.mjs'

const eslint = new ESLint({ cwd: process.cwd() })

const restrictedLines = async (filePath: string, specifiers: string[]): Promise<Set<number>> => {
  const code = specifiers.map((specifier) => `import '${specifier}'\n`).join('')
  const [result] = await eslint.lintText(code, { filePath })
  return new Set(
    (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line)
  )
}

const restricted = async (filePath: string, code: string): Promise<boolean> => {
  const [result] = await eslint.lintText(`${code}\n`, { filePath })
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports')
}

/** Something a file can import: a package, or a repository path reached by a relative import. */
type Target = { kind: 'package'; name: string } | { kind: 'path'; path: string }

const isFileRow = (row: LayeringRow): boolean => /\.[a-z]+$/.test(row.folder)
const isPathEntry = (entry: string): boolean => entry.startsWith('src-') || entry === 'package.json'
const within = (path: string, folder: string): boolean =>
  path === folder || path.startsWith(`${folder}/`)

// Every folder and path the table names, some folders inside them, and packages of every sort.
const targets: Target[] = [
  ...['node:fs', 'fs', 'path', 'electron', 'undici', 'better-sqlite3', 'zod', 'ipaddr.js'].map(
    (name): Target => ({ kind: 'package', name })
  ),
  ...[
    ...new Set([
      ...layeringRows.filter((row) => !isFileRow(row)).map((row) => row.folder),
      ...layeringRows.flatMap((row) => row.mayImport.filter(isPathEntry)),
      'src-main/core/vault',
      'src-main/adapters/sqlite',
      'src-main/contract/channels.ts'
    ])
  ].map((path): Target => ({ kind: 'path', path }))
]

const label = (target: Target): string => (target.kind === 'package' ? target.name : target.path)

/** What the table says: may a file of `row` import `target`? */
const allows = (row: LayeringRow, target: Target): boolean => {
  if (target.kind === 'package') {
    const builtin = target.name.startsWith('node:') || ['fs', 'path'].includes(target.name)
    if (builtin) return row.mayImport.includes('node')
    if (target.name === 'electron') return row.mayImport.includes('electron')
    return row.mayImport.includes(target.name) || row.mayImport.includes('npm')
  }
  const { path } = target
  if (!isFileRow(row) && within(path, row.folder)) return true
  return row.mayImport.filter(isPathEntry).some((entry) => within(path, entry))
}

const specifierFrom = (file: string, target: Target): string => {
  if (target.kind === 'package') return target.name
  const isFile = /\.[a-z]+$/.test(target.path)
  const relative = posix.relative(posix.dirname(file), target.path)
  const specifier = isFile ? relative.replace(/\.ts$/, '') : `${relative}/x`
  return specifier.startsWith('.') ? specifier : `./${specifier}`
}

// A file at depth 0, 1 and 3 below each folder row (the depth changes the relative paths); the
// file row at its own path. No sample may fall inside a later, more specific row.
const samples = layeringRows.flatMap((row) =>
  isFileRow(row)
    ? [{ row, file: row.folder }]
    : [0, 1, 3].map((depth) => ({
        row,
        file: `${row.folder}/${'sample/'.repeat(depth)}x.${row.folder === 'src-renderer' ? 'tsx' : 'ts'}`
      }))
)

describe('the layering table', () => {
  it.each(samples)('$file imports exactly what its row allows', async ({ row, file }) => {
    const specifiers = targets.map((target) => specifierFrom(file, target))
    const refusedLines = await restrictedLines(file, specifiers)
    const refused = targets.filter((_, i) => refusedLines.has(i + 1)).map(label)
    const expected = targets.filter((target) => !allows(row, target)).map(label)
    expect(refused).toEqual(expected)
    // Each row is proven both ways: something it refuses fails, something it allows passes.
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.length).toBeLessThan(targets.length)
  })

  it('has a row for every folder of src-main and for src-preload and src-renderer', () => {
    const folders = [
      ...readdirSync('src-main', { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `src-main/${entry.name}`),
      'src-preload',
      'src-renderer'
    ]
    const rowFolders = layeringRows.map((row) => row.folder)
    expect(folders.filter((folder) => !rowFolders.includes(folder))).toEqual([])
  })

  it(`covers every source file: none lies more than ${maxDepth} folders below its row`, () => {
    const files = ['src-main', 'src-preload', 'src-renderer'].flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .map((path) => posix.join(root, path.split('\\').join('/')))
        .filter((path) => /\.tsx?$/.test(path))
    )
    const tooDeep = files.filter((file) => {
      const row = layeringRows
        .filter((candidate) => within(file, candidate.folder))
        .sort((a, b) => b.folder.length - a.folder.length)[0]
      if (!row) return true
      return (
        posix.relative(row.folder, posix.dirname(file)).split('/').filter(Boolean).length > maxDepth
      )
    })
    expect(files.length).toBeGreaterThan(100)
    expect(tooDeep).toEqual([])
  })
})

// Spot checks of the design, written out by hand, so a wrong row in the table is caught too.
describe('layering rules', () => {
  it.each([
    ['src-main/contract/x.ts', "import { readFileSync } from 'node:fs'"],
    ['src-main/contract/x.ts', "import { app } from 'electron'"],
    ['src-main/contract/x.ts', "import { createDispatch } from '../core/dispatch'"],
    ['src-main/contract/x.ts', "import { redact } from '../common/redact'"],
    ['src-main/contract/x.ts', "import { fetch } from 'undici'"],
    ['src-main/common/x.ts', "import { z } from 'zod'"],
    ['src-main/common/x.ts', "import { AppError } from '../contract/result'"],
    ['src-main/common/x.ts', "import { URL } from 'node:url'"],
    ['src-main/core/x.ts', "import { app } from 'electron'"],
    ['src-main/core/x.ts', "import { randomBytes } from 'node:crypto'"],
    ['src-main/core/x.ts', "import { readFileSync } from 'fs'"],
    ['src-main/core/x.ts', "import Database from 'better-sqlite3'"],
    ['src-main/core/x.ts', "import { fetch } from 'undici'"],
    ['src-main/core/vault/x.ts', "import { openDatabase } from '../../adapters/sqlite/open-db'"],
    ['src-main/core/ports/x.ts', "import { createVaultService } from '../vault/vault.service'"],
    ['src-main/adapters/x/y.ts', "import { app } from 'electron'"],
    ['src-main/adapters/http/y.ts', "import { hubError } from '../../core/hubs/hub-errors'"],
    ['src-main/adapters/x/y.ts', "import { contentTypes } from '../../core/security/csp'"],
    ['src-main/web/x.ts', "import { BrowserWindow } from 'electron'"],
    ['src-main/electron/x.ts', "import { main } from '../cli/main'"],
    ['src-main/electron/x.ts', "import { serve } from '../web/serve'"],
    [
      'src-main/cli/x.ts',
      "import { secureWebPreferences } from '../electron/secure-web-preferences'"
    ],
    ['src-main/launcher/x.ts', "import { createAppCore } from '../core/app-core'"],
    [
      'src-main/launcher/x.ts',
      "import { openSqliteStores } from '../adapters/sqlite/sqlite-stores'"
    ],
    ['src-preload/x.ts', "import { readFileSync } from 'fs'"],
    ['src-preload/x.ts', "import { createDispatch } from '../src-main/core/dispatch'"],
    ['src-preload/web-bridge.ts', "import { ipcRenderer } from 'electron'"],
    ['src-renderer/src/x.ts', "import { ipcRenderer } from 'electron'"],
    ['src-renderer/src/x.ts', "import { readFile } from 'node:fs/promises'"],
    ['src-renderer/src/x.ts', "import path from 'path'"],
    ['src-renderer/src/x.ts', "import { createDispatch } from '../../src-main/core/dispatch'"],
    ['src-renderer/src/x.ts', "import { redact } from '../../src-main/common/redact'"]
  ])('%s must not %s', async (filePath, code) => {
    expect(await restricted(filePath, code)).toBe(true)
  })

  it.each([
    ['src-main/contract/x.ts', "import { z } from 'zod'"],
    ['src-main/core/x.ts', "import { channels } from '../contract/channels'"],
    ['src-main/core/hubs/x.ts', "import { redact } from '../../common/redact'"],
    ['src-main/core/ports/x.ts', "import type { HubKey } from '../../contract/hubs.contract'"],
    ['src-main/adapters/x/y.ts', "import Database from 'better-sqlite3'"],
    ['src-main/adapters/http/y.ts', "import type { HttpClient } from '../../core/ports/http.port'"],
    ['src-main/adapters/http/y.ts', "import { redactUrl } from '../../common/redact'"],
    ['src-main/electron/x.ts', "import { app } from 'electron'"],
    ['src-main/launcher/x.ts', "import { spawn } from 'node:child_process'"],
    ['src-main/launcher/x.ts', "import { defaultDataDir } from '../adapters/paths/data-dir'"],
    ['src-preload/x.ts', "import { contextBridge } from 'electron'"],
    ['src-preload/x.ts', "import { isChannelName } from '../src-main/contract/names'"],
    ['src-renderer/src/x.ts', "import { create } from 'zustand'"],
    ['src-renderer/src/x.ts', "import type { AppInfo } from '../../src-main/contract/channels'"]
  ])('%s may %s', async (filePath, code) => {
    expect(await restricted(filePath, code)).toBe(false)
  })
})
