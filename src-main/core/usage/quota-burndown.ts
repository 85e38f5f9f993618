// Quota burn-down for accounts with a request quota (Optidash): used, remaining, and the day it runs out at the recent rate; pure, runs in main.
import type { QuotaBurndown } from '../../contract/usage.contract'
import type { UsageQuota } from '../ports/usage-store.port'

const day = 86_400_000

/**
 * `recentRequests` is what the connection's keys served over the last `recentDays` days (from the
 * cache); the forecast assumes that rate continues. Nothing is forecast without a rate above zero
 * or without a known remaining quota.
 */
export const quotaBurndown = (
  quota: UsageQuota,
  fetchedAt: number,
  recentRequests: number | null,
  recentDays: number
): QuotaBurndown => {
  const remaining =
    quota.remaining ??
    (quota.total !== undefined && quota.used !== undefined ? quota.total - quota.used : undefined)
  const ratePerDay = recentRequests === null ? null : recentRequests / recentDays
  const runsOutAt =
    remaining === undefined || ratePerDay === null || ratePerDay <= 0
      ? null
      : fetchedAt + Math.max(0, remaining / ratePerDay) * day
  return {
    total: quota.total ?? null,
    used: quota.used ?? null,
    remaining: remaining ?? null,
    period: quota.period ?? null,
    ratePerDay,
    runsOutAt: runsOutAt === null ? null : Math.round(runsOutAt),
    fetchedAt,
    oddities: quota.oddities
  }
}
