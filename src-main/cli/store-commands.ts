// The `hubkeys doctor`, `backup` and `restore` commands: examine or recover the data file, copy it, put a copy back; plain Node.
import { join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { defaultFileName } from '../adapters/sqlite/open-db'
import { diagnoseFile } from '../adapters/sqlite/store-doctor'
import { recoverStore, recoveryReportLines } from '../adapters/sqlite/store-recovery'
import { createArgon2Kdf } from '../adapters/crypto/argon2.kdf'
import { readBackupVault, restoreFileOffline } from '../adapters/sqlite/backup.repository'
import { checkBackupPassword } from '../core/backup/backup-password'
import { isStoreError } from '../core/ports/store-error'
import type { CliCore } from './cli-core'
import { UsageError } from './command-args'

export interface StoreCommandContext {
  dataDir: string
  args: string[]
  print(line: string): void
  /** Builds the core on the store; `doctor` never calls it, so it works on a file that cannot be opened. */
  openCore(): CliCore
  /** The master password from HUBKEYS_PASSWORD or --password-stdin. */
  password(): Promise<string>
}

export const storeCommandsUsage = `  doctor [--json]   check the data file: exit 0 healthy, 1 damaged or not Hubkeys'
  doctor --recover  copy every readable row of a damaged file into a new one, keep the damaged one
  backup [--out FILE] [--json]   copy the data file now (to the backup folder, or to FILE)
  restore FILE      put a backup back (its master password: HUBKEYS_PASSWORD or --password-stdin);
                    the current data is kept aside`

const parse = <O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) => {
  try {
    return parseArgs({
      args,
      options: { ...options, 'password-stdin': { type: 'boolean' } },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
    )
  }
}

const doctor = async (ctx: StoreCommandContext): Promise<number> => {
  const { values } = parse(ctx.args, {
    json: { type: 'boolean', default: false },
    recover: { type: 'boolean', default: false }
  })
  const path = join(resolve(ctx.dataDir), defaultFileName)
  const diagnosis = diagnoseFile(path)
  const fine = diagnosis.health === 'healthy' || diagnosis.health === 'missing'
  if (values.recover && diagnosis.health === 'damaged') {
    const report = recoverStore({ dataDir: ctx.dataDir })
    if (values.json) ctx.print(JSON.stringify(report))
    else for (const line of recoveryReportLines(report)) ctx.print(line)
    return 0
  }
  if (values.json) {
    ctx.print(
      JSON.stringify({
        path,
        health: diagnosis.health,
        code: diagnosis.error?.code ?? null,
        schema: diagnosis.schema ?? null,
        message: diagnosis.message
      })
    )
  } else {
    ctx.print(diagnosis.message)
    if (values.recover && fine) ctx.print('There is nothing to recover.')
  }
  return fine ? 0 : 1
}

const backup = async (ctx: StoreCommandContext): Promise<number> => {
  const { values } = parse(ctx.args, {
    out: { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  const { call, close } = ctx.openCore()
  try {
    await call('vault:unlock', { password: await ctx.password() })
    const made = await call(
      'backup:create',
      values.out === undefined ? {} : { out: resolve(values.out) }
    )
    ctx.print(values.json ? JSON.stringify(made) : `Backed up the data file to ${made.path}.`)
    return 0
  } finally {
    await close()
  }
}

/**
 * Restore without the core, when the live store cannot be opened because it is damaged: the same
 * password check against the backup, then a file operation that keeps the damaged file aside.
 */
const restoreOverDamaged = async (ctx: StoreCommandContext, file: string) => {
  const row = readBackupVault(file)
  await checkBackupPassword(createArgon2Kdf(), row, file, await ctx.password())
  const livePath = join(resolve(ctx.dataDir), defaultFileName)
  return { restoredFrom: file, ...restoreFileOffline({ livePath, file, at: Date.now() }) }
}

const restore = async (ctx: StoreCommandContext): Promise<number> => {
  const { values, positionals } = parse(ctx.args, { json: { type: 'boolean', default: false } })
  const [given, ...extra] = positionals
  if (!given || extra.length > 0) throw new UsageError('restore needs exactly one backup FILE')
  const file = resolve(given)
  let opened: ReturnType<StoreCommandContext['openCore']>
  try {
    opened = ctx.openCore()
  } catch (error) {
    if (!isStoreError(error) || error.code !== 'CORRUPT') throw error
    const restored = await restoreOverDamaged(ctx, file)
    ctx.print(
      values.json
        ? JSON.stringify(restored)
        : `Restored ${restored.restoredFrom}; the damaged data file is kept as ${restored.keptAside}.`
    )
    return 0
  }
  const { call, close } = opened
  try {
    const restored = await call('backup:restore', {
      file,
      password: await ctx.password()
    })
    ctx.print(
      values.json
        ? JSON.stringify(restored)
        : `Restored ${restored.restoredFrom}; the data it replaced is kept as ${restored.keptAside}.`
    )
    return 0
  } finally {
    await close()
  }
}

export const storeCommands: Record<string, (ctx: StoreCommandContext) => Promise<number>> = {
  doctor,
  backup,
  restore
}
