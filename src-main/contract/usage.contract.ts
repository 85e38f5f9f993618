// Schemas of the usage channels (cached series, refresh, connection summary, anomaly flags); shared by main, preload and renderer.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { usageIntervalSchema } from './hubs.contract'

const connectionId = z.string().min(1).max(100)
const keyRef = z.string().trim().min(1).max(200)
const at = z.number().int().min(0).max(8_640_000_000_000_000)

/**
 * What a chart shows: one key; several keys of a connection side by side; every key of the
 * connection (stacked); or the connection's DM-Hub filesets (storage, one series each).
 */
export const usageTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyId: keyRef }).strict(),
  z.object({ kind: z.literal('keys'), keyIds: z.array(keyRef).min(1).max(20) }).strict(),
  z.object({ kind: z.literal('connection') }).strict(),
  z.object({ kind: z.literal('filesets') }).strict()
])
export type UsageTarget = z.output<typeof usageTargetSchema>

export const usageRequestSchema = z
  .object({
    connectionId,
    target: usageTargetSchema,
    interval: usageIntervalSchema,
    /** Defaults: the hub's whole range (Optidash: the last 90 days) up to now. */
    from: at.optional(),
    to: at.optional()
  })
  .strict()
export type UsageRequest = z.input<typeof usageRequestSchema>

/**
 * One line of a chart, columnar (a 90-day minute series is 131,487 buckets, and three arrays
 * cross the contract and reach uPlot far faster than 131,487 objects). `null`: the hub sent no
 * value for that bucket.
 */
/**
 * Checked with one plain loop: a schema per element costs about as much as drawing the chart
 * (three arrays of 131,487 values), and these answers come from Hubkeys' own cache.
 */
const numberColumn = z.custom<number[]>(
  (value) => {
    if (!Array.isArray(value)) return false
    for (const item of value as unknown[])
      if (typeof item !== 'number' || !Number.isFinite(item)) return false
    return true
  },
  { message: 'Expected an array of finite numbers.' }
)
const amountColumn = z.custom<(number | null)[]>(
  (value) => {
    if (!Array.isArray(value)) return false
    for (const item of value as unknown[])
      if (item !== null && (typeof item !== 'number' || !Number.isFinite(item))) return false
    return true
  },
  { message: 'Expected an array of finite numbers or nulls.' }
)

/**
 * Bucket starts, as a list or, when they are evenly spaced (minute, hour, day and week series
 * without gaps), as the first, the step and the count: 131,487 thirteen-digit times are 1.8 MB of
 * the 3.2 MB a 90-day minute series would take. Read them with `usageTimes`.
 */
const regularTimesSchema = z
  .object({
    start: z.number(),
    step: z.number().positive(),
    count: z.number().int().nonnegative()
  })
  .strict()
export type UsageTimes = number[] | z.output<typeof regularTimesSchema>

export const usageSeriesSchema = z
  .object({
    /** Hubkeys' key id, or the fileset's name. */
    subject: z.string(),
    label: z.string(),
    at: z.union([numberColumn, regularTimesSchema]),
    requests: amountColumn,
    bytes: amountColumn
  })
  .strict()
export type UsageSeries = z.output<typeof usageSeriesSchema>

const expanded = new WeakMap<object, number[]>()

/** A series' bucket starts as a list (expanded once per series when sent compactly). */
export const usageTimes = (series: Pick<UsageSeries, 'at'>): number[] => {
  const at = series.at
  if (Array.isArray(at)) return at
  let list = expanded.get(at)
  if (!list) {
    list = new Array<number>(at.count)
    for (let i = 0; i < at.count; i += 1) list[i] = at.start + i * at.step
    expanded.set(at, list)
  }
  return list
}

/** The compact form when the starts are evenly spaced, else the list itself. */
export const compactTimes = (at: number[]): UsageTimes => {
  if (at.length < 3) return at
  const start = at[0] as number
  const step = (at[1] as number) - start
  if (step <= 0) return at
  for (let i = 2; i < at.length; i += 1) if ((at[i] as number) !== start + i * step) return at
  return { start, step, count: at.length }
}

export const usageAnomalySchema = z
  .object({
    kind: z.enum(['spike', 'retired-use', 'grace-use']),
    keyId: z.string(),
    /** Bucket start of the flagged usage. */
    at: z.number(),
    requests: z.number(),
    /** One sentence for the admin. */
    detail: z.string()
  })
  .strict()
export type UsageAnomaly = z.output<typeof usageAnomalySchema>

export const usageViewSchema = z
  .object({
    connectionId: z.string(),
    measure: z.enum(['requests', 'storage']),
    interval: usageIntervalSchema,
    from: z.number(),
    to: z.number(),
    series: z.array(usageSeriesSchema),
    /** Oldest fetch time among the shown series; `null` when nothing is cached yet. */
    fetchedAt: z.number().nullable(),
    stale: z.boolean(),
    /** The finer cached interval these buckets were summed from, when not fetched as asked. */
    derivedFrom: usageIntervalSchema.nullable(),
    /** What the hub's answers had odd (kept with the data, never dropped). */
    oddities: z.array(z.string()),
    /** How far back the hub keeps usage, in days. */
    limitDays: z.number(),
    anomalies: z.array(usageAnomalySchema)
  })
  .strict()
export type UsageView = z.output<typeof usageViewSchema>

export const quotaBurndownSchema = z
  .object({
    total: z.number().nullable(),
    used: z.number().nullable(),
    remaining: z.number().nullable(),
    period: z.string().nullable(),
    /** Requests per day over the last 7 days of the connection's cached usage. */
    ratePerDay: z.number().nullable(),
    /** When the remaining quota runs out at that rate; `null`: no rate or nothing remaining known. */
    runsOutAt: z.number().nullable(),
    fetchedAt: z.number(),
    oddities: z.array(z.string())
  })
  .strict()
export type QuotaBurndown = z.output<typeof quotaBurndownSchema>

export const usageKeyTotalsSchema = z
  .object({
    keyId: z.string(),
    label: z.string(),
    requests7d: z.number().nullable(),
    requests30d: z.number().nullable(),
    bytes30d: z.number().nullable(),
    lastUsedAt: z.number().nullable()
  })
  .strict()

export const usageSummarySchema = z
  .object({
    connectionId: z.string(),
    measure: z.enum(['requests', 'storage', 'none']),
    keys: z.array(usageKeyTotalsSchema),
    quota: quotaBurndownSchema.nullable(),
    fetchedAt: z.number().nullable(),
    limitDays: z.number()
  })
  .strict()
export type UsageSummary = z.output<typeof usageSummarySchema>

export const usageChannels = {
  /** Cached usage only (works offline and with every hub stopped), with its age and oddities. */
  'usage:read': channel(usageRequestSchema, usageViewSchema, { ...needsUnlock, audit: false }),
  /** Fetches the range from the hub, merges it into the cache (no duplicates), answers as read. */
  'usage:refresh': channel(usageRequestSchema, usageViewSchema, { ...needsUnlock, audit: false }),
  /** Per-key 7/30-day totals and last use, plus the quota burn-down; `refresh` also reads the quota. */
  'usage:summary': channel(
    z.object({ connectionId, refresh: z.boolean().optional() }).strict(),
    usageSummarySchema,
    { ...needsUnlock, audit: false }
  ),
  /** Anomaly flags of every key with cached usage, for the key table's badge. */
  'usage:flags': channel(
    z.object({}).strict(),
    z.object({ anomalies: z.array(usageAnomalySchema) }).strict(),
    { ...needsUnlock, audit: false }
  )
} as const
