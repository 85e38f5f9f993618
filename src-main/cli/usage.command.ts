// `hubkeys usage`: a key's requests or storage over time, as a summary, JSON or CSV (plain Node).
import { usageIntervalSchema, type UsagePoint } from '../contract/hubs.contract'
import { parse, timeOption, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, type TerminalText } from './terminal-text'

const usageCsv = (points: UsagePoint[]): TerminalText =>
  lines(
    line`bucket,requests,bytes`,
    ...points.map((p) => line`${new Date(p.at).toISOString()},${p.requests ?? ''},${p.bytes ?? ''}`)
  )

export const usageCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    key: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    interval: { type: 'string' },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  const interval =
    values.interval === undefined ? undefined : usageIntervalSchema.safeParse(values.interval)
  if (interval && !interval.success)
    throw new UsageError('--interval must be minute, hour, day, week or month')
  const from = timeOption('from', values.from)
  const to = timeOption('to', values.to)
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const { points } = await ctx.call('keys:usage', {
    connectionId: connection.id,
    keyId: values.key,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(interval?.success ? { interval: interval.data } : {})
  })
  if (values.csv) ctx.print(usageCsv(points))
  else if (values.json)
    ctx.print(
      json(
        points.map((p) => ({
          bucket: new Date(p.at).toISOString(),
          requests: p.requests,
          bytes: p.bytes
        }))
      )
    )
  else {
    const requests = points.reduce((sum, p) => sum + (p.requests ?? 0), 0)
    const bytes = points.reduce((sum, p) => sum + (p.bytes ?? 0), 0)
    ctx.print(
      line`${points.length} buckets, ${requests} requests, ${bytes} bytes (use --csv or --json for the series).`
    )
  }
  return 0
}
