// The CLI's `keys update` (hub fields, notes, tags, owner), `keys verify` by fingerprint and `keys delete` confirmation, run in-process over a test core through dispatch.
import { describe, expect, it } from 'vitest'
import type { CommandContext } from '../../src-main/cli/command-context'
import { UsageError } from '../../src-main/cli/command-args'
import { keysCommand } from '../../src-main/cli/keys.command'
import type { TerminalText } from '../../src-main/cli/terminal-text'
import { AppError } from '../../src-main/contract/result'
import type { HubModules } from '../../src-main/core/connections/connections.service'
import type { HubKindModule } from '../../src-main/core/hubs/hub-adapter'
import { hubModules } from '../../src-main/core/hubs/registry'
import { createMemoryHub } from '../helpers/memory-hub'
import { createTestCore } from '../helpers/test-core'

const setup = async () => {
  const hub = createMemoryHub()
  const failing = { on: false }
  const module: HubKindModule = {
    ...hub.module,
    create: (context) => {
      const adapter = hub.module.create(context)
      return {
        ...adapter,
        listKeys: () => adapter.listKeys(),
        updateKey: async (ref, patch, signal) => {
          if (failing.on) throw new AppError('HUB_ERROR', 'Memory hub answered 503.')
          return adapter.updateKey(ref, patch, signal)
        }
      }
    }
  }
  const core = createTestCore({
    hubModules: { ...hubModules, cycle: module } as unknown as HubModules
  })
  const printed: string[] = []
  const ctx: CommandContext = {
    // The CLI's own `call`: an error envelope becomes a thrown AppError.
    call: (async (channel: string, payload: unknown) => {
      const result = await core.dispatch(channel, payload, { transport: 'cli' })
      if (!result.ok) throw new AppError(result.error.code, result.error.message)
      return result.value
    }) as CommandContext['call'],
    unlock: async () => undefined,
    credential: async () => undefined,
    secret: async () => undefined,
    print: (text: TerminalText) => printed.push(String(text))
  }
  await ctx.call('vault:create', { password: 'cli keys edit passphrase' })
  await ctx.call('connections:add', {
    name: 'Cycle prod',
    kind: 'cycle',
    baseUrl: 'https://api.cycle.io',
    settings: { hubId: 'hub-1' },
    credential: 'master-credential'
  })
  const { key } = await ctx.call('keys:create', {
    connectionId: (await ctx.call('connections:list', {}))[0]!.id,
    name: 'deploy-bot'
  })
  return { ctx, printed, failing, key, core }
}

describe('hubkeys keys update', () => {
  it('changes hub fields and Hubkeys notes, tags and owner in one command', async () => {
    const { ctx, printed, key } = await setup()
    const code = await keysCommand(ctx, [
      'update',
      '--hub',
      'Cycle prod',
      '--key',
      key.hubKeyId,
      '--name',
      'deploy-bot-2',
      '--notes',
      'Nightly deploys.',
      '--tags',
      'ops,ci',
      '--owner',
      'Ana',
      '--json'
    ])
    expect(code).toBe(0)
    expect(JSON.parse(printed.at(-1)!)).toMatchObject({
      hub: 'Cycle prod',
      id: key.hubKeyId,
      name: 'deploy-bot-2',
      notes: 'Nightly deploys.',
      tags: ['ops', 'ci'],
      owner: 'Ana'
    })
    // Local fields alone call no hub, and `none` clears the tags.
    expect(
      await keysCommand(ctx, [
        'update',
        '--hub',
        'Cycle prod',
        '--key',
        key.hubKeyId,
        '--tags',
        'none'
      ])
    ).toBe(0)
    expect(printed.at(-1)).toMatch(/^Updated .* \(deploy-bot-2\)\./)
    const [detail] = await ctx.call('keys:get-many', { ids: [key.localId!] })
    expect(detail).toMatchObject({ tags: [], notes: 'Nightly deploys.', owner: 'Ana' })
  })

  it('writes no local field when the hub refuses the hub fields', async () => {
    const { ctx, failing, key } = await setup()
    failing.on = true
    await expect(
      keysCommand(ctx, [
        'update',
        '--hub',
        'Cycle prod',
        '--key',
        key.hubKeyId,
        '--name',
        'x',
        '--notes',
        'should not stay'
      ])
    ).rejects.toThrow('Memory hub answered 503.')
    const [detail] = await ctx.call('keys:get-many', { ids: [key.localId!] })
    expect(detail).toMatchObject({ name: 'deploy-bot', notes: null })
  })

  it('refuses usage mistakes before unlocking', async () => {
    const { ctx, key } = await setup()
    const at = ['update', '--hub', 'Cycle prod', '--key', key.hubKeyId]
    await expect(keysCommand(ctx, at)).rejects.toThrow(UsageError)
    await expect(keysCommand(ctx, [...at, '--status', 'deleted'])).rejects.toThrow(UsageError)
    await expect(keysCommand(ctx, [...at, '--expires', 'soon'])).rejects.toThrow(UsageError)
    await expect(keysCommand(ctx, [...at, '--tags', 'has space'])).rejects.toThrow(AppError)
  })
})

describe('hubkeys keys verify and delete', () => {
  it('verifies by the fingerprint keys list prints and deletes only with --yes', async () => {
    const { ctx, printed, key } = await setup()
    expect(key.fingerprint).toMatch(/^sha256:/)
    expect(
      await keysCommand(ctx, ['verify', '--hub', 'Cycle prod', '--key', key.fingerprint!])
    ).toBe(0)
    expect(printed.at(-1)).toMatch(/^valid: /)
    await expect(
      keysCommand(ctx, ['delete', '--hub', 'Cycle prod', '--key', key.fingerprint!])
    ).rejects.toThrow(UsageError)
    expect(
      await keysCommand(ctx, ['delete', '--hub', 'Cycle prod', '--key', key.fingerprint!, '--yes'])
    ).toBe(0)
    expect(printed.at(-1)).toMatch(/^Deleted /)
  })

  it('deletes a key on a production connection only with its name in --confirm-name', async () => {
    const { ctx, printed } = await setup()
    const live = await ctx.call('connections:add', {
      name: 'Cycle live',
      kind: 'cycle',
      environment: 'prod',
      baseUrl: 'https://api.cycle.io',
      settings: { hubId: 'hub-2' },
      credential: 'master-credential'
    })
    const { key } = await ctx.call('keys:create', { connectionId: live.id, name: 'payments' })
    const at = ['delete', '--hub', 'Cycle live', '--key', key.hubKeyId, '--yes']
    await expect(keysCommand(ctx, at)).rejects.toThrow(/add --confirm-name with the key's name/)
    await expect(keysCommand(ctx, [...at, '--confirm-name', 'payment'])).rejects.toThrow(
      /type the key's name \(payments\)/
    )
    const [still] = await ctx.call('keys:get-many', { ids: [key.localId!] })
    expect(still?.status).not.toBe('deleted')
    expect(await keysCommand(ctx, [...at, '--confirm-name', 'payments'])).toBe(0)
    expect(printed.at(-1)).toBe(`Deleted ${key.hubKeyId}.`)
  })
})
