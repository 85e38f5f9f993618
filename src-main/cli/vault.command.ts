// `hubkeys init|status|change-password`: the vault over the contract, passwords from the environment or stdin (plain Node).
import { parseArgs } from 'node:util'
import type { CliCore } from './cli-core'
import { UsageError } from './command-args'
import { readPasswords } from './password-input'
import { json, line, type TerminalText } from './terminal-text'

export interface VaultCommandContext {
  dataDir: string
  open(): CliCore
  print(text: TerminalText): void
}

const vaultOptions = (rest: string[]) => {
  try {
    return parseArgs({
      args: rest,
      options: {
        'password-stdin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false }
      }
    }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

const withCore = async <T>(ctx: VaultCommandContext, work: (core: CliCore) => Promise<T>) => {
  const core = ctx.open()
  try {
    return await work(core)
  } finally {
    await core.close()
  }
}

const init = async (ctx: VaultCommandContext, fromStdin: boolean): Promise<number> => {
  // readPasswords returns `count` entries or throws.
  const [password] = (await readPasswords({ fromStdin, count: 1, env: ['HUBKEYS_PASSWORD'] })) as [
    string
  ]
  await withCore(ctx, (core) => core.call('vault:create', { password }))
  ctx.print(line`Created the vault in ${ctx.dataDir}.`)
  return 0
}

const status = async (
  ctx: VaultCommandContext,
  fromStdin: boolean,
  asJson: boolean
): Promise<number> => {
  const [password] = await readPasswords({
    fromStdin,
    count: 1,
    env: ['HUBKEYS_PASSWORD'],
    optional: true
  })
  const { inspection, state } = await withCore(ctx, async (core) => {
    // The stored row's structure first: a damaged row is reported before any password is tried.
    const inspection = await core.call('vault:inspect', {})
    const state = password
      ? await core.call('vault:unlock', { password })
      : await core.call('vault:status', {})
    return { inspection, state }
  })
  const report = {
    dataDir: ctx.dataDir,
    vault: state.state === 'absent' ? 'absent' : 'present',
    createdAt: inspection.createdAt === null ? null : new Date(inspection.createdAt).toISOString(),
    passwordChecked: Boolean(password && state.state === 'unlocked'),
    failedUnlocks: state.failures,
    ...(state.retryAfterSeconds ? { retryAfterSeconds: state.retryAfterSeconds } : {})
  }
  if (asJson) ctx.print(json(report))
  else if (!inspection.present)
    ctx.print(line`No vault in ${ctx.dataDir} yet; run \`hubkeys init\`.`)
  else {
    ctx.print(line`Vault: ok (created ${report.createdAt})`)
    ctx.print(line`Data folder: ${ctx.dataDir}`)
    ctx.print(
      line`Master password: ${report.passwordChecked ? 'checked, it unlocks the vault' : 'not checked'}`
    )
    if (state.failures > 0) ctx.print(line`Failed unlocks in a row: ${state.failures}`)
  }
  return 0
}

const changePassword = async (ctx: VaultCommandContext, fromStdin: boolean): Promise<number> => {
  const [current, next] = (await readPasswords({
    fromStdin,
    count: 2,
    env: ['HUBKEYS_PASSWORD', 'HUBKEYS_NEW_PASSWORD']
  })) as [string, string]
  await withCore(ctx, async (core) => {
    await core.call('vault:unlock', { password: current })
    await core.call('vault:change-password', { current, next })
  })
  ctx.print(line`Changed the master password.`)
  return 0
}

/** Runs a vault command, or answers undefined when `command` is not one. */
export const vaultCommand = async (
  ctx: VaultCommandContext,
  command: string,
  rest: string[]
): Promise<number | undefined> => {
  if (command !== 'init' && command !== 'status' && command !== 'change-password') return undefined
  const values = vaultOptions(rest)
  const fromStdin = values['password-stdin'] ?? false
  if (command === 'init') return init(ctx, fromStdin)
  if (command === 'status') return status(ctx, fromStdin, values.json ?? false)
  return changePassword(ctx, fromStdin)
}
