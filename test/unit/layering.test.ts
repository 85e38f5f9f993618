// Proves the ESLint layering rules (DESIGN.md section 1) reject wrong imports and accept right ones.
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: process.cwd() })

const restricted = async (filePath: string, code: string): Promise<boolean> => {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports')
}

describe('layering rules', () => {
  it.each([
    ['src-main/contract/x.ts', "import { readFileSync } from 'node:fs'"],
    ['src-main/contract/x.ts', "import { app } from 'electron'"],
    ['src-main/contract/x.ts', "import { createDispatch } from '../core/dispatch'"],
    ['src-main/contract/x.ts', "import ky from 'ky'"],
    ['src-main/core/x.ts', "import { app } from 'electron'"],
    ['src-main/core/x.ts', "import { randomBytes } from 'node:crypto'"],
    ['src-main/core/x.ts', "import { readFileSync } from 'fs'"],
    ['src-main/core/x.ts', "import Database from 'better-sqlite3'"],
    ['src-main/core/x.ts', "import ky from 'ky'"],
    ['src-main/core/vault/x.ts', "import { openDatabase } from '../../adapters/sqlite/open-db'"],
    ['src-main/adapters/x/y.ts', "import { app } from 'electron'"],
    ['src-main/web/x.ts', "import { BrowserWindow } from 'electron'"],
    ['src-main/cli/x.ts', "import { secureWebPreferences } from '../electron/secure-web-preferences'"],
    ['src-preload/x.ts', "import { readFileSync } from 'fs'"],
    ['src-preload/x.ts', "import { createDispatch } from '../src-main/core/dispatch'"],
    ['src-preload/web-bridge.ts', "import { ipcRenderer } from 'electron'"],
    ['src-renderer/src/x.ts', "import { ipcRenderer } from 'electron'"],
    ['src-renderer/src/x.ts', "import { readFile } from 'node:fs/promises'"],
    ['src-renderer/src/x.ts', "import path from 'path'"],
    ['src-renderer/src/x.ts', "import { createDispatch } from '../../src-main/core/dispatch'"]
  ])('%s must not %s', async (filePath, code) => {
    expect(await restricted(filePath, `${code}\n`)).toBe(true)
  })

  it.each([
    ['src-main/contract/x.ts', "import { z } from 'zod'"],
    ['src-main/core/x.ts', "import { channels } from '../contract/channels'"],
    ['src-main/adapters/x/y.ts', "import Database from 'better-sqlite3'"],
    ['src-main/electron/x.ts', "import { app } from 'electron'"],
    ['src-preload/x.ts', "import { contextBridge } from 'electron'"],
    ['src-preload/x.ts', "import { isChannelName } from '../src-main/contract/names'"],
    ['src-renderer/src/x.ts', "import { create } from 'zustand'"],
    ['src-renderer/src/x.ts', "import type { AppInfo } from '../../src-main/contract/channels'"]
  ])('%s may %s', async (filePath, code) => {
    expect(await restricted(filePath, `${code}\n`)).toBe(false)
  })
})
