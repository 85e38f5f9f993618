// `hubkeys export` and `hubkeys import`: the inventory to a file (values only sealed with a passphrase) and recorded keys from CSV, through the contract (plain Node).
import { readFileSync, statSync } from 'node:fs'
import { maxImportBytes } from '../contract/inventory-io.contract'
import { parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { writeFileAtomically } from './atomic-file'
import { json, line, lines, table } from './terminal-text'

/** Exit code of `import` when some rows were refused and the rest recorded (or ready). */
export const someRowsFailedExitCode = 3

export const exportCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    format: { type: 'string', default: 'json' },
    out: { type: 'string' },
    hub: { type: 'string' },
    'with-secrets': { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  const format = values.format
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format is json or csv')
  // Never from a flag: it would land in shell history and in `ps` output.
  const passphrase = process.env.HUBKEYS_EXPORT_PASSPHRASE || undefined
  if (values['with-secrets'] && !passphrase)
    throw new UsageError(
      '--with-secrets needs HUBKEYS_EXPORT_PASSPHRASE: the file is encrypted with it'
    )
  await ctx.unlock()
  const connectionIds = values.hub ? [(await connectionNamed(ctx, values.hub)).id] : undefined
  const file = await ctx.call('inventory:export', {
    format,
    withSecrets: values['with-secrets'],
    ...(connectionIds ? { connectionIds } : {}),
    ...(values['with-secrets'] ? { passphrase } : {})
  })
  if (values.out) {
    writeFileAtomically(values.out, file.text)
    ctx.print(
      line`Wrote ${file.keys} keys to ${values.out}${file.encrypted ? ' (encrypted with the passphrase)' : ''}.`
    )
  } else {
    // The file's own text on purpose: JSON or CSV for a pipe; escaping it would change the data.
    process.stdout.write(file.text)
  }
  return 0
}

export const importCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    csv: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (!values.csv) throw new UsageError('--csv FILE is required')
  if (statSync(values.csv).size > maxImportBytes)
    throw new UsageError('import at most 5 MB of CSV at a time')
  const csv = readFileSync(values.csv, 'utf8')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const result = await ctx.call('inventory:import', {
    connectionId: connection.id,
    csv,
    dryRun: values['dry-run']
  })
  if (values.json) ctx.print(json(result))
  else {
    ctx.print(
      lines(
        ...result.notes.map((note) => line`${note}`),
        table([
          ['LINE', 'NAME', 'OUTCOME', 'DETAIL'],
          ...result.rows.map((row) => [String(row.line), row.name, row.outcome, row.detail])
        ]),
        result.dryRun
          ? line`Dry run: ${result.ready} ready, ${result.failed} refused; nothing was recorded.`
          : line`Recorded ${result.imported}, refused ${result.failed}.`
      )
    )
  }
  return result.failed > 0 ? someRowsFailedExitCode : 0
}
