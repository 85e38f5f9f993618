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
 * One line of a chart, columnar, as Float64Arrays: a 90-day minute series is 131,487 buckets, and
 * building plain arrays of that many numbers (in main, and again by JSON.parse in the window)
 * cost more than uPlot's whole draw. Typed arrays are copied as memory by Electron's IPC, sent as
 * binary by the web bridge (contract/binary-frame.ts) and drawn by uPlot as they are.
 * In an amount column NaN stands for "the hub sent no value" (hubs' own values are finite); read
 * one value with `amountAt`.
 */
const amountColumn = z.custom<Float64Array>((value) => value instanceof Float64Array, {
  message: 'Expected a Float64Array column.'
})

/** The amount at `index`, or `null` where the hub sent no value. */
export const amountAt = (column: ArrayLike<number>, index: number): number | null => {
  const value = column[index]
  return value === undefined || Number.isNaN(value) ? null : value
}

/** An amount column from numbers and nulls (null becomes NaN). */
export const amountColumnOf = (values: ArrayLike<number | null>): Float64Array => {
  const out = new Float64Array(values.length)
  for (let i = 0; i < out.length; i += 1) out[i] = values[i] ?? Number.NaN
  return out
}

/**
 * Bucket starts, as a column or, when they are evenly spaced (minute, hour, day and week series
 * without gaps), as the first, the step and the count. Read them with `usageTimes`.
 */
const regularTimesSchema = z
  .object({
    start: z.number(),
    step: z.number().positive(),
    count: z.number().int().nonnegative()
  })
  .strict()
export type UsageTimes = Float64Array | z.output<typeof regularTimesSchema>

export const usageSeriesSchema = z
  .object({
    /** Hubkeys' key id, or the fileset's name. */
    subject: z.string(),
    label: z.string(),
    at: z.union([amountColumn, regularTimesSchema]),
    requests: amountColumn,
    bytes: amountColumn
  })
  .strict()
export type UsageSeries = z.output<typeof usageSeriesSchema>

const expanded = new WeakMap<object, Float64Array>()

/** A series' bucket starts as a column (expanded once per series when sent compactly). */
export const usageTimes = (series: Pick<UsageSeries, 'at'>): Float64Array => {
  const at = series.at
  if (at instanceof Float64Array) return at
  let list = expanded.get(at)
  if (!list) {
    list = new Float64Array(at.count)
    for (let i = 0; i < at.count; i += 1) list[i] = at.start + i * at.step
    expanded.set(at, list)
  }
  return list
}

/** The compact form when the starts are evenly spaced, else the column itself. */
export const compactTimes = (at: Float64Array): UsageTimes => {
  if (at.length < 3) return at
  const start = at[0] as number
  const step = (at[1] as number) - start
  if (!(step > 0)) return at
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
