// Tolerant readers for Optidash's JSON answers (envelope, create/rename, account, usage buckets); pure, runs in main.
import { z } from 'zod'
import type { UsagePoint } from '../../../contract/hubs.contract'

/** A reader's answer: the value plus what looked odd, or why the body could not be used. */
export type Parsed<T> = { ok: true; value: T; oddities: string[] } | { ok: false; what: string }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every answer carries `success`, `code` and a request `id`; failures add `message`. */
const envelopeKeys = new Set(['success', 'code', 'id', 'message'])

/** The hub's `message` on a failure, if it sent one (any status, any body). */
export const failureMessage = (json: unknown): string | undefined => {
  if (!isRecord(json)) return undefined
  const message = json.message ?? json.error
  return typeof message === 'string' && message.trim() !== '' ? message : undefined
}

/** The request id Optidash puts on every answer, for support tickets. */
export const requestIdOf = (json: unknown): string | undefined => {
  if (!isRecord(json)) return undefined
  return typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id) : undefined
}

const envelopeOddities = (json: Record<string, unknown>, known: ReadonlySet<string>): string[] => {
  const odd: string[] = []
  if (json.success !== true) odd.push('`success` was not true on a 2xx answer')
  if (json.code === undefined) odd.push('`code` was missing')
  if (json.id === undefined) odd.push('the request `id` was missing')
  const extra = Object.keys(json).filter((key) => !envelopeKeys.has(key) && !known.has(key))
  if (extra.length > 0) odd.push(`unexpected fields: ${extra.slice(0, 5).join(', ')}`)
  return odd
}

/** `success: false` on a 2xx answer is a refusal, whatever the status says. */
export const isRefusal = (json: unknown): boolean => isRecord(json) && json.success === false

const keyAnswerSchema = z.object({
  key: z.string().min(1),
  name: z.string().optional().catch(undefined)
})

/**
 * `POST /1.0/keys` and `PUT /1.0/keys/:key` answer `{success, name, key}`. The key value is what
 * matters; a missing or unreadable name falls back to the name that was asked for.
 */
export const parseKeyAnswer = (
  json: unknown,
  requestedName: string
): Parsed<{ name: string; key: string }> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  const parsed = keyAnswerSchema.safeParse(json)
  if (!parsed.success) return { ok: false, what: 'the key value is missing' }
  const oddities = envelopeOddities(json, new Set(['name', 'key']))
  if (parsed.data.name === undefined) oddities.push('the key name was missing')
  else if (parsed.data.name !== requestedName)
    oddities.push('the hub stored a different name than asked')
  return {
    ok: true,
    value: { name: parsed.data.name ?? requestedName, key: parsed.data.key },
    oddities
  }
}

const count = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
])

const accountSchema = z.object({
  company: z.string().optional().catch(undefined),
  subscription: z
    .object({
      name: z.string().optional().catch(undefined),
      period: z.string().optional().catch(undefined)
    })
    .partial()
    .optional()
    .catch(undefined),
  quota: z
    .object({
      total: count.optional().catch(undefined),
      used: count.optional().catch(undefined),
      remaining: count.optional().catch(undefined)
    })
    .optional()
    .catch(undefined)
})

export interface OptidashAccount {
  company: string | undefined
  plan: string | undefined
  period: string | undefined
  total: number | undefined
  used: number | undefined
  remaining: number | undefined
}

/** `GET /1.0/account`: every field may be missing; only a non-object body is unusable. */
export const parseAccount = (json: unknown): Parsed<OptidashAccount> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  const data = accountSchema.parse(json)
  const oddities = envelopeOddities(json, new Set(['company', 'subscription', 'quota']))
  if (data.company === undefined) oddities.push('the company name was missing')
  if (data.quota === undefined) oddities.push('the quota was missing or unreadable')
  return {
    ok: true,
    value: {
      company: data.company,
      plan: data.subscription?.name,
      period: data.subscription?.period,
      total: data.quota?.total,
      used: data.quota?.used,
      remaining: data.quota?.remaining
    },
    oddities
  }
}

/** Epoch ms of a bucket: ISO-8601 text, epoch milliseconds, or epoch seconds (small numbers). */
const bucketTime = (value: unknown): number | undefined => {
  if (typeof value === 'string') {
    const at = Date.parse(value)
    return Number.isNaN(at) ? undefined : at
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value < 1e11 ? value * 1000 : value
  }
  return undefined
}

const amount = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value)
  return null
}

/** Counts what was odd across many buckets, so 131,487 of them make one line each, not 131,487. */
export interface BucketTally {
  skipped: number
  missingCount: number
  missingVolume: number
  outOfOrder: number
}

/**
 * Walks `results` one bucket at a time and yields points, so a caller can chart or store them
 * without a second copy. Deliberately a plain loop with no schema per item: a 90-day minute series
 * is 131,487 buckets. Buckets without a readable time are skipped and tallied.
 */
export function* usageBuckets(
  results: readonly unknown[],
  tally: BucketTally
): Generator<UsagePoint> {
  let last = -Infinity
  for (let i = 0; i < results.length; i += 1) {
    const bucket = results[i]
    if (!isRecord(bucket)) {
      tally.skipped += 1
      continue
    }
    const at = bucketTime(bucket.bucket)
    if (at === undefined) {
      tally.skipped += 1
      continue
    }
    const requests = amount(bucket.count)
    const bytes = amount(bucket.volume)
    if (requests === null) tally.missingCount += 1
    if (bytes === null) tally.missingVolume += 1
    if (at < last) tally.outOfOrder += 1
    last = at
    yield { at, requests, bytes }
  }
}

/** `GET /1.0/keys/:key`: `{success, results: [{bucket, volume, count}]}`, points in time order. */
export const parseUsage = (json: unknown): Parsed<UsagePoint[]> => {
  if (!isRecord(json)) return { ok: false, what: 'the body is not a JSON object' }
  if (!Array.isArray(json.results))
    return { ok: false, what: 'the usage `results` list is missing' }
  const tally: BucketTally = { skipped: 0, missingCount: 0, missingVolume: 0, outOfOrder: 0 }
  const points: UsagePoint[] = new Array<UsagePoint>()
  for (const point of usageBuckets(json.results, tally)) points.push(point)
  if (tally.outOfOrder > 0) points.sort((a, b) => a.at - b.at)
  const oddities = envelopeOddities(json, new Set(['results']))
  if (tally.skipped > 0)
    oddities.push(`${tally.skipped} buckets had no readable time and were skipped`)
  if (tally.missingCount > 0) oddities.push(`${tally.missingCount} buckets had no request count`)
  if (tally.missingVolume > 0) oddities.push(`${tally.missingVolume} buckets had no volume`)
  if (tally.outOfOrder > 0) oddities.push('buckets were out of time order and were sorted')
  return { ok: true, value: points, oddities }
}
