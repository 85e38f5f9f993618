// When a retryable request is sent again and how long to wait first (full-jitter backoff, Retry-After); pure, runs anywhere.
// In common/ because both sides read it: the HTTP adapter decides its retries here and core's hub
// errors report the same Retry-After to the user, so neither reaches into the other's folder.

export interface RetryTuning {
  /** First backoff ceiling; each retry doubles it. */
  baseMs: number
  /** Largest backoff ceiling. */
  capMs: number
  /** A `Retry-After` longer than this stops the retries so the caller can report it. */
  maxRetryAfterMs: number
  /** Most time one call spends waiting between its attempts, all waits together. */
  maxTotalWaitMs: number
}

export const defaultRetryTuning: RetryTuning = {
  baseMs: 250,
  capMs: 10_000,
  maxRetryAfterMs: 60_000,
  maxTotalWaitMs: 90_000
}

/** Seconds from a `Retry-After` header (delta seconds or an HTTP date), if any. */
export const retryAfterSeconds = (
  headers: Record<string, string>,
  now: number = Date.now()
): number | undefined => {
  const value = headers['retry-after']
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

/** Statuses worth another try for a request that says it may be repeated. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

/**
 * Full jitter ("Exponential Backoff And Jitter", AWS architecture blog): a uniform wait between 0
 * and min(cap, base * 2^(n-1)) before retry n, so clients that failed together do not return together.
 */
export const backoffMs = (
  retryNumber: number,
  random: () => number,
  tuning: RetryTuning
): number => {
  const ceiling = Math.min(tuning.capMs, tuning.baseMs * 2 ** Math.max(0, retryNumber - 1))
  const share = Math.min(1, Math.max(0, random()))
  return Math.floor(share * ceiling)
}

export type StatusDecision =
  | { retry: false; reason: 'not-retryable' | 'exhausted' | 'retry-after-too-long' }
  | { retry: true; waitMs: number }

/**
 * After an answer with `status`: retry (and wait how long) or hand the answer back. `retryNumber`
 * is the retry this would be (1 for the second attempt); `maxRetries` is 0 for a request that must
 * never be repeated.
 */
export const decideAfterStatus = (
  status: number,
  headers: Record<string, string>,
  retryNumber: number,
  maxRetries: number,
  now: number,
  random: () => number,
  tuning: RetryTuning
): StatusDecision => {
  if (!retryableStatuses.has(status)) return { retry: false, reason: 'not-retryable' }
  if (retryNumber > maxRetries) return { retry: false, reason: 'exhausted' }
  const seconds = retryAfterSeconds(headers, now)
  if (seconds !== undefined) {
    const waitMs = seconds * 1000
    if (waitMs > tuning.maxRetryAfterMs) return { retry: false, reason: 'retry-after-too-long' }
    return { retry: true, waitMs }
  }
  return { retry: true, waitMs: backoffMs(retryNumber, random, tuning) }
}
