// The CLI's `keys record` (a Data Hub key with its value, status, owner and headers) and `keys update --header`, run in-process over a test core through dispatch.
import { describe, expect, it } from 'vitest'
import type { CommandContext } from '../../src-main/cli/command-context'
import { UsageError } from '../../src-main/cli/command-args'
import { keysCommand } from '../../src-main/cli/keys.command'
import type { TerminalText } from '../../src-main/cli/terminal-text'
import { AppError } from '../../src-main/contract/result'
import { createTestCore } from '../helpers/test-core'

const value = 'datahub-recorded-value-0001'

const setup = async (withValue = true) => {
  const core = createTestCore()
  const printed: string[] = []
  const ctx: CommandContext = {
    call: (async (channel: string, payload: unknown) => {
      const result = await core.dispatch(channel, payload, { transport: 'cli' })
      if (!result.ok) throw new AppError(result.error.code, result.error.message)
      return result.value
    }) as CommandContext['call'],
    unlock: async () => undefined,
    credential: async () => undefined,
    secret: async () => (withValue ? value : undefined),
    print: (text: TerminalText) => printed.push(String(text))
  }
  await ctx.call('vault:create', { password: 'cli keys record passphrase' })
  const connection = await ctx.call('connections:add', {
    name: 'Owl',
    kind: 'datahub',
    baseUrl: 'https://example.contentserv.com',
    settings: { exportPath: '/api/export' }
  })
  return { ctx, printed, core, connectionId: connection.id }
}

describe('hubkeys keys record and --header', () => {
  it('records a key with its value, status, owner and headers, and edits the headers', async () => {
    const { ctx, printed, connectionId } = await setup()
    const code = await keysCommand(ctx, [
      'record',
      '--hub',
      'Owl',
      '--name',
      'partner-feed',
      '--status',
      'inactive',
      '--owner',
      'partner team',
      '--header',
      'X-Total=${collection.meta.count}',
      '--header',
      '!X-Debug=1',
      '--json'
    ])
    expect(code).toBe(0)
    const recorded = JSON.parse(printed.at(-1)!) as { localId: string; fingerprint: string }
    expect(recorded.fingerprint).toMatch(/^sha256:/)
    expect(printed.join('\n')).not.toContain(value)
    const [detail] = await ctx.call('keys:get-many', { ids: [recorded.localId] })
    expect(detail).toMatchObject({
      name: 'partner-feed',
      status: 'inactive',
      owner: 'partner team',
      hasSecret: true,
      headers: [
        { name: 'X-Total', value: '${collection.meta.count}', enabled: true },
        { name: 'X-Debug', value: '1', enabled: false }
      ]
    })

    await keysCommand(ctx, [
      'update',
      '--hub',
      'Owl',
      '--key',
      recorded.localId,
      '--header',
      'none'
    ])
    const [cleared] = await ctx.call('keys:get-many', { ids: [recorded.localId] })
    expect(cleared!.headers).toEqual([])
    expect(connectionId).toBeTruthy()
  })

  it('refuses a header without a name, an unknown placeholder, and a record without a value', async () => {
    const { ctx } = await setup()
    await expect(
      keysCommand(ctx, ['record', '--hub', 'Owl', '--name', 'x', '--header', '=oops'])
    ).rejects.toThrow(UsageError)
    await expect(
      keysCommand(ctx, ['record', '--hub', 'Owl', '--name', 'x', '--header', 'X-A=${nope}'])
    ).rejects.toThrow(/placeholder/)
    const { ctx: bare } = await setup(false)
    await expect(keysCommand(bare, ['record', '--hub', 'Owl', '--name', 'x'])).rejects.toThrow(
      /value is needed/
    )
  })
})
