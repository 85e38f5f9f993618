// Integration tests of `hubkeys keys copy` over a real core: a fake clipboard tool on PATH gets the value on stdin (never argv), --stdout prints it, no tool refuses.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Call } from '../../src-main/cli/cli-core'
import type { CommandContext } from '../../src-main/cli/command-context'
import { UsageError } from '../../src-main/cli/command-args'
import { keysCommand } from '../../src-main/cli/keys.command'
import { AppError } from '../../src-main/contract/result'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'
import { keysCopy } from '../../src-main/cli/keys-copy.command'

const password = 'cli copy passphrase'

const setup = async () => {
  const hub = createMemoryHub()
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: hub.module } as unknown as HubModules
  })
  const calls: string[] = []
  const call = (async (channel, payload) => {
    calls.push(channel)
    const result = await core.dispatch(channel, payload, { transport: 'cli' })
    if (!result.ok) throw new AppError(result.error.code, result.error.message)
    return result.value
  }) as Call
  await call('vault:create', { password })
  const connection = await call('connections:add', {
    name: 'Cycle prod',
    kind: 'cycle',
    baseUrl: 'https://api.cycle.io',
    settings: { hubId: 'hub-1' },
    credential: 'master-credential'
  })
  const created = await call('keys:create', {
    connectionId: connection.id,
    name: 'deploy',
    showSecret: true
  })
  const printed: string[] = []
  const ctx: CommandContext = {
    call,
    unlock: async () => undefined,
    credential: async () => undefined,
    secret: async () => undefined,
    print: (text) => void printed.push(text)
  }
  return { ctx, printed, calls, secret: created.secret!, hubKeyId: created.key.hubKeyId }
}

/** A folder holding a fake `xclip` that saves its stdin and its arguments. */
const fakeXclip = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hk-clip-'))
  const script = join(dir, 'xclip')
  writeFileSync(
    script,
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncat > "${dir}/stdin"\n`,
    'utf8'
  )
  chmodSync(script, 0o755)
  return {
    env: { PATH: [dir, '/usr/bin', '/bin'].join(delimiter), DISPLAY: ':99' },
    stdin: () => readFileSync(join(dir, 'stdin'), 'utf8'),
    args: () => readFileSync(join(dir, 'args'), 'utf8'),
    used: () => existsSync(join(dir, 'stdin'))
  }
}

describe('hubkeys keys copy', () => {
  it('hands the value to the clipboard tool on stdin, never in its arguments', async () => {
    const { ctx, printed, secret, hubKeyId } = await setup()
    const tool = fakeXclip()
    const code = await keysCopy(ctx, ['--hub', 'Cycle prod', '--key', hubKeyId], tool.env)
    expect(code).toBe(0)
    expect(tool.stdin()).toBe(secret)
    expect(tool.args()).toBe('-selection\nclipboard\n-in\n')
    expect(printed.join('\n')).toMatch(/Copied \(value\) with xclip/)
    expect(printed.join('\n')).not.toContain(secret)
  })

  it('copies as a header line with --as header', async () => {
    const { ctx, secret, hubKeyId } = await setup()
    const tool = fakeXclip()
    await keysCopy(ctx, ['--hub', 'Cycle prod', '--key', hubKeyId, '--as', 'header'], tool.env)
    expect(tool.stdin()).toBe(`Authorization: Bearer ${secret}`)
  })

  it('prints the value with --stdout, on purpose, without any clipboard tool', async () => {
    const { ctx, printed, secret, hubKeyId } = await setup()
    const empty = mkdtempSync(join(tmpdir(), 'hk-noclip-'))
    const code = await keysCopy(
      ctx,
      ['--hub', 'Cycle prod', '--key', hubKeyId, '--as', 'env', '--stdout'],
      { PATH: empty }
    )
    expect(code).toBe(0)
    expect(printed).toEqual([`CYCLE_API_KEY=${secret}`])
  })

  it('refuses with one sentence when no clipboard tool can work, before reading the value', async () => {
    const { ctx, calls, hubKeyId } = await setup()
    const tool = fakeXclip()
    const before = calls.length
    // xclip is there, but without a display it cannot reach a clipboard.
    const noDisplay = { PATH: tool.env.PATH }
    await expect(
      keysCopy(ctx, ['--hub', 'Cycle prod', '--key', hubKeyId], noDisplay)
    ).rejects.toThrow(/No clipboard tool was found.*--stdout/)
    expect(calls.slice(before)).not.toContain('keys:copy')
    expect(tool.used()).toBe(false)
  })

  it('is reached through `keys copy` and checks its options', async () => {
    const { ctx } = await setup()
    await expect(keysCommand(ctx, ['copy', '--hub', 'Cycle prod'])).rejects.toThrow(UsageError)
    await expect(
      keysCommand(ctx, ['copy', '--hub', 'Cycle prod', '--key', 'x', '--as', 'yaml'])
    ).rejects.toThrow(/--as must be one of value, header, curl, env/)
  })
})
