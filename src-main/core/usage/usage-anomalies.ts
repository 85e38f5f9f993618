// Anomaly flags on cached usage: a spike against the key's own baseline, use of a retired or missing key, use of an old key in a rotation's grace window; pure, runs in main.
import type { KeyStatus, UsagePoint } from '../../contract/hubs.contract'
import type { UsageAnomaly } from '../../contract/usage.contract'

/** Statuses that mean "nobody should be using this key any more". */
const retiredStatuses: ReadonlySet<KeyStatus> = new Set([
  'inactive',
  'deleting',
  'deleted',
  'expired',
  'missing'
])

/** At least this many earlier days make a baseline; fewer and no spike is claimed. */
const minBaselineDays = 7
const baselineDays = 28

/**
 * A spike: the newest day's requests above mean + 4 standard deviations of the key's own previous
 * days (up to 28), and at least twice that mean and 10 requests, so a quiet key's single burst
 * of three calls is not one. `daily` holds one point per UTC day, in time order.
 */
export const spikeOf = (keyId: string, daily: readonly UsagePoint[]): UsageAnomaly | undefined => {
  const last = daily.at(-1)
  if (!last || last.requests === null) return undefined
  const baseline = daily
    .slice(-1 - baselineDays, -1)
    .map((point) => point.requests)
    .filter((value): value is number => value !== null)
  if (baseline.length < minBaselineDays) return undefined
  const mean = baseline.reduce((sum, value) => sum + value, 0) / baseline.length
  const sd = Math.sqrt(
    baseline.reduce((sum, value) => sum + (value - mean) ** 2, 0) / baseline.length
  )
  const value = last.requests
  if (value < 10 || value < 2 * mean || value <= mean + 4 * sd) return undefined
  return {
    kind: 'spike',
    keyId,
    at: last.at,
    requests: value,
    detail: `${value} requests on this day, against a usual ${Math.round(mean)} a day (last ${baseline.length} days).`
  }
}

/** Requests in buckets starting at or after `since`; the newest such bucket. */
const usedSince = (points: readonly UsagePoint[], since: number) => {
  let requests = 0
  let lastAt: number | undefined
  for (const point of points) {
    if (point.at < since || !point.requests) continue
    requests += point.requests
    lastAt = point.at
  }
  return lastAt === undefined ? undefined : { requests, lastAt }
}

/** Usage on a key marked retired (inactive, expired, deleted) or missing at the hub since `since`. */
export const retiredUseOf = (
  keyId: string,
  status: KeyStatus,
  points: readonly UsagePoint[],
  since: number
): UsageAnomaly | undefined => {
  if (!retiredStatuses.has(status)) return undefined
  const used = usedSince(points, since)
  if (!used) return undefined
  const what = status === 'missing' ? 'missing at its hub' : `marked ${status}`
  return {
    kind: 'retired-use',
    keyId,
    at: used.lastAt,
    requests: used.requests,
    detail: `This key is ${what} but served ${used.requests} requests since ${new Date(since).toISOString()}.`
  }
}

/**
 * For rotation: usage still arriving on the old key during a rotation's grace window [from, to),
 * i.e. consumers that have not switched to the new key yet. The rotation feature calls this with
 * the old key's cached points (UsageService.pointsOf) and shows the flag while the window lasts.
 */
export const graceWindowUseOf = (
  keyId: string,
  points: readonly UsagePoint[],
  window: { from: number; to: number }
): UsageAnomaly | undefined => {
  const used = usedSince(
    points.filter((point) => point.at < window.to),
    window.from
  )
  if (!used) return undefined
  return {
    kind: 'grace-use',
    keyId,
    at: used.lastAt,
    requests: used.requests,
    detail: `The old key still served ${used.requests} requests during the rotation's grace window; some consumers have not switched yet.`
  }
}
