// `hubkeys usage`: usage from Hubkeys' cache (or refreshed from the hub), as a summary, JSON or CSV that match the chart's export, and `usage summary` for totals and the quota (plain Node).
import { usageIntervalSchema } from '../contract/hubs.contract'
import { amountAt, usageTimes, type UsageTarget, type UsageView } from '../contract/usage.contract'
import { usageCsvLines } from '../contract/usage-csv'
import { iso, parse, timeOption, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, table, type TerminalText } from './terminal-text'

const minutesAgo = (at: number, now: number) => Math.max(0, Math.round((now - at) / 60_000))

const ageText = (view: UsageView, now: number): TerminalText => {
  if (view.fetchedAt === null)
    return line`Nothing cached for this range yet; add --refresh to fetch it from the hub.`
  const derived = view.derivedFrom
    ? ` (${view.interval} buckets summed from cached ${view.derivedFrom} buckets)`
    : ''
  return line`Cached ${minutesAgo(view.fetchedAt, now)} min ago${view.stale ? ', stale' : ''}${derived}.`
}

/** The same rows as the chart's CSV export: one writer (contract/usage-csv.ts) for both. */
const csvOf = (view: UsageView): TerminalText =>
  lines(...usageCsvLines(view.series).map((row) => line`${row}`))

const jsonOf = (view: UsageView) => ({
  interval: view.interval,
  from: iso(view.from),
  to: iso(view.to),
  fetchedAt: iso(view.fetchedAt),
  stale: view.stale,
  derivedFrom: view.derivedFrom,
  oddities: view.oddities,
  anomalies: view.anomalies,
  series: view.series.map((s) => ({
    subject: s.subject,
    label: s.label,
    points: Array.from(usageTimes(s), (at, i) => ({
      bucket: new Date(at).toISOString(),
      requests: amountAt(s.requests, i),
      bytes: amountAt(s.bytes, i)
    }))
  }))
})

const summaryCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    refresh: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const summary = await ctx.call('usage:summary', {
    connectionId: connection.id,
    refresh: values.refresh
  })
  if (values.json) {
    ctx.print(json(summary))
    return 0
  }
  const rows = summary.keys.map((key) => [
    key.label,
    key.requests7d === null ? '-' : String(key.requests7d),
    key.requests30d === null ? '-' : String(key.requests30d),
    iso(key.lastUsedAt) ?? '-'
  ])
  const out: TerminalText[] = []
  if (rows.length > 0) out.push(table([['KEY', '7 DAYS', '30 DAYS', 'LAST USED'], ...rows]))
  const quota = summary.quota
  if (quota) {
    out.push(
      line`Quota: ${quota.used ?? '?'} of ${quota.total ?? '?'} used, ${quota.remaining ?? '?'} remaining${quota.period ? ` this ${quota.period}` : ''}.`
    )
    out.push(
      quota.runsOutAt === null
        ? line`No forecast: no recent usage is cached.`
        : line`At ${Math.round(quota.ratePerDay ?? 0)} requests a day it runs out on ${iso(quota.runsOutAt)?.slice(0, 10)}.`
    )
  }
  if (out.length === 0) out.push(line`No usage cached for ${connection.name}.`)
  ctx.print(lines(...out))
  return 0
}

export const usageCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  if (args[0] === 'summary') return summaryCommand(ctx, args.slice(1))
  const { values, positionals } = parse(args, {
    hub: { type: 'string' },
    key: { type: 'string', multiple: true },
    filesets: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    interval: { type: 'string' },
    refresh: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (positionals.length > 0) throw new UsageError(`unknown usage command "${positionals[0]}"`)
  if (values.json && values.csv) throw new UsageError('choose one of --json and --csv')
  const interval = usageIntervalSchema.safeParse(values.interval ?? 'day')
  if (!interval.success) throw new UsageError('--interval must be minute, hour, day, week or month')
  const from = timeOption('from', values.from)
  const to = timeOption('to', values.to)
  const keys = values.key ?? []
  const target: UsageTarget = values.filesets
    ? { kind: 'filesets' }
    : keys.length === 1
      ? { kind: 'key', keyId: keys[0] as string }
      : keys.length > 1
        ? { kind: 'keys', keyIds: keys }
        : { kind: 'connection' }
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const view = await ctx.call(values.refresh ? 'usage:refresh' : 'usage:read', {
    connectionId: connection.id,
    target,
    interval: interval.data,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {})
  })
  if (values.csv) ctx.print(csvOf(view))
  else if (values.json) ctx.print(json(jsonOf(view)))
  else {
    let buckets = 0
    let requests = 0
    let bytes = 0
    for (const s of view.series) {
      buckets += usageTimes(s).length
      // NaN marks a bucket the hub sent no value for.
      for (const value of s.requests) if (!Number.isNaN(value)) requests += value
      for (const value of s.bytes) if (!Number.isNaN(value)) bytes += value
    }
    const what =
      view.measure === 'storage'
        ? line`${buckets} buckets of storage`
        : line`${buckets} buckets, ${requests} requests, ${bytes} bytes`
    const out = [line`${what} (use --csv or --json for the series).`, ageText(view, Date.now())]
    for (const odd of view.oddities) out.push(line`Note: ${odd}`)
    for (const flag of view.anomalies) out.push(line`Flag (${flag.kind}): ${flag.detail}`)
    ctx.print(lines(...out))
  }
  return 0
}
