// Proves the CLI reaches the core only through dispatch: its core handle has nothing else, and no CLI source imports a core service.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { openCliCore, type CliCore } from '../../src-main/cli/cli-core'
import type { CommandContext } from '../../src-main/cli/command-context'

const cliDir = join(import.meta.dirname, '../../src-main/cli')
const sources = readdirSync(cliDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(cliDir, name), 'utf8') }))

/** Core modules the CLI may import: pure functions and type guards, no service and no state. */
const pureCoreModules = new Set([
  '../core/ports/store-error',
  // A stateless check of a backup's password, for restoring over a store too damaged to open.
  '../core/backup/backup-password'
])

/**
 * cli-core.ts is the CLI's composition root: the full core, and the pure core `ipfilter` runs on
 * (dispatch over the IP-filter handlers and the hub kinds' capabilities, no store, no vault).
 */
const compositionModules = new Set([
  '../core/app-core',
  '../core/dispatch',
  '../core/hubs/registry',
  '../core/ipfilter/ipfilter.handlers'
])

describe('the CLI reaches the core only through dispatch', () => {
  it('hands commands a core with nothing but a contract call and close (a type-level guarantee)', () => {
    expectTypeOf<keyof CliCore>().toEqualTypeOf<'call' | 'close'>()
    expectTypeOf<keyof CommandContext>().toEqualTypeOf<
      'call' | 'unlock' | 'credential' | 'secret' | 'print'
    >()
  })

  it('builds that handle at runtime with nothing else on it', async () => {
    const core = openCliCore(mkdtempSync(join(tmpdir(), 'hk-cli-boundary-')), () => undefined)
    try {
      expect(Object.keys(core).sort()).toEqual(['call', 'close'])
      expect((await core.call('vault:status', {})).state).toBe('absent')
      await expect(core.call('keys:list-live', { connectionId: 'c' })).rejects.toThrow(/locked/)
    } finally {
      await core.close()
    }
  })

  it('imports the core only in cli-core.ts, and only pure helpers elsewhere', () => {
    const coreImports = sources.flatMap(({ name, text }) =>
      [...text.matchAll(/from '(\.\.\/core\/[^']+)'/g)].map((match) => ({ name, path: match[1] }))
    )
    const services = coreImports.filter(({ name, path }) =>
      name === 'cli-core.ts'
        ? !compositionModules.has(path as string)
        : !pureCoreModules.has(path as string)
    )
    expect(services).toEqual([])
    for (const { name, text } of sources) {
      if (name === 'cli-core.ts') continue
      expect(text, name).not.toMatch(/\bdispatch\(|createAppCore|\bcore\.(?!call\b|close\b)\w+/)
    }
  })
})
