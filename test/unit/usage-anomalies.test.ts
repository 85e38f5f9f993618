// Usage anomaly flags and the quota burn-down: a spike against the key's own baseline, use of a retired or missing key, use during a rotation's grace window, and the forecast day.
import { describe, expect, it } from 'vitest'
import type { UsagePoint } from '../../src-main/contract/hubs.contract'
import { graceWindowUseOf, retiredUseOf, spikeOf } from '../../src-main/core/usage/usage-anomalies'
import { quotaBurndown } from '../../src-main/core/usage/quota-burndown'

const day = 86_400_000
const start = Date.UTC(2026, 10, 1)
const daily = (values: number[]): UsagePoint[] =>
  values.map((requests, i) => ({ at: start + i * day, requests, bytes: null }))

describe('spikes', () => {
  const steady = [100, 104, 97, 101, 99, 103, 98, 102, 100, 96]
  it('flags a day far above the key’s own baseline', () => {
    const flag = spikeOf('k-1', daily([...steady, 900]))
    expect(flag).toMatchObject({ kind: 'spike', keyId: 'k-1', requests: 900, at: start + 10 * day })
    expect(flag?.detail).toMatch(/900 requests on this day, against a usual 100 a day/)
  })
  it('does not flag ordinary variation, a quiet key, or a key with under a week of history', () => {
    expect(spikeOf('k-1', daily([...steady, 110]))).toBeUndefined()
    expect(spikeOf('k-1', daily([0, 0, 0, 0, 0, 0, 0, 0, 3]))).toBeUndefined()
    expect(spikeOf('k-1', daily([100, 100, 100, 900]))).toBeUndefined()
  })
})

describe('use of keys that should be idle', () => {
  it('flags requests on a missing or inactive key, never on an active one', () => {
    const points = daily([0, 0, 5, 0])
    expect(retiredUseOf('k-1', 'missing', points, start)).toMatchObject({
      kind: 'retired-use',
      requests: 5,
      at: start + 2 * day
    })
    expect(retiredUseOf('k-1', 'inactive', points, start)?.detail).toMatch(/marked inactive/)
    expect(retiredUseOf('k-1', 'active', points, start)).toBeUndefined()
    expect(retiredUseOf('k-1', 'missing', points, start + 3 * day)).toBeUndefined()
  })
  it('flags the old key’s use inside a rotation’s grace window only', () => {
    const points = daily([4, 0, 2, 7])
    expect(
      graceWindowUseOf('old', points, { from: start + day, to: start + 3 * day })
    ).toMatchObject({ kind: 'grace-use', requests: 2 })
    expect(
      graceWindowUseOf('old', points, { from: start + day, to: start + 2 * day })
    ).toBeUndefined()
  })
})

describe('quota burn-down', () => {
  it('forecasts the day the remaining quota runs out at the recent rate', () => {
    const quota = { total: 10_000, used: 4_000, remaining: 6_000, period: 'month', oddities: [] }
    expect(quotaBurndown(quota, start, 7_000, 7)).toMatchObject({
      ratePerDay: 1000,
      runsOutAt: start + 6 * day,
      remaining: 6_000
    })
  })
  it('makes no forecast without a recent rate, and works out a missing remaining', () => {
    const quota = { total: 100, used: 40, remaining: undefined, period: undefined, oddities: ['x'] }
    expect(quotaBurndown(quota, start, null, 7)).toMatchObject({
      remaining: 60,
      runsOutAt: null,
      oddities: ['x']
    })
    expect(quotaBurndown(quota, start, 0, 7).runsOutAt).toBeNull()
  })
})
