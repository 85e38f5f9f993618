// Usage end to end through the contract against the simulated Optidash and DM-Hub: cache merge without duplicates, exact derivation, CSV and CLI equal to the hub's data, offline reads, totals, quota and flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-main/contract/channels'
import { usageCsv } from '../../../src-main/contract/usage-csv'
import { amountAt, usageTimes } from '../../../src-main/contract/usage.contract'
import type { CommandContext } from '../../../src-main/cli/command-context'
import { usageCommand } from '../../../src-main/cli/usage.command'
import type { AppCore } from '../../../src-main/core/app-core'
import { createOptidashFake, type OptidashFake } from '../../fakes/hubs/optidash.fake'
import { createDmhubFake, type DmhubFake } from '../../fakes/hubs/dmhub.fake'
import { createTestHttp, type TestHttp } from '../../helpers/hub-test-http'
import { createTestCore } from '../../helpers/test-core'

const minute = 60_000
const day = 86_400_000
// Fixed clocks: the hub's "now" and Hubkeys' agree, and the data is the same on every run.
const now = Date.UTC(2026, 10, 20, 12, 0)

let optidash: OptidashFake
let dmhub: DmhubFake
let http: TestHttp
let core: AppCore
let clock = now

const call = async <C extends ChannelName>(channel: C, payload: RequestOf<C>) => {
  const result = await core.dispatch(channel, payload, { transport: 'cli' })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

/** The CLI command in-process, over the same dispatch. */
const cli = async (...args: string[]): Promise<string> => {
  const printed: string[] = []
  const ctx: CommandContext = {
    call,
    unlock: async () => undefined,
    credential: async () => undefined,
    secret: async () => undefined,
    print: (text) => void printed.push(text)
  }
  expect(await usageCommand(ctx, args)).toBe(0)
  return printed.join('\n')
}

/** The hub's own answer for a key, read straight from the simulated Optidash. */
const hubBuckets = async (key: string, from: number, to: number, interval: string) => {
  const url = new URL(`${optidash.url}/1.0/keys/${encodeURIComponent(key)}`)
  url.searchParams.set('from', new Date(from).toISOString())
  url.searchParams.set('to', new Date(to).toISOString())
  url.searchParams.set('interval', interval)
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${optidash.credential}:`).toString('base64')}` }
  })
  const body = (await response.json()) as {
    results: Array<{ bucket: string; count: number; volume: number }>
  }
  return body.results
}

let connectionId = ''
let keyId = ''
let otherKeyId = ''
let keyValue = ''

beforeAll(async () => {
  optidash = await createOptidashFake({ seed: 7, keysPerTenant: 2, now: () => clock })
  dmhub = await createDmhubFake({ seed: 7 })
  http = createTestHttp()
  core = createTestCore({ http: http.factory, now: () => clock })
  await call('vault:create', { password: 'usage test passphrase' })
  const connection = await call('connections:add', {
    name: 'Optidash',
    kind: 'optidash',
    baseUrl: optidash.url,
    credential: optidash.credential
  })
  connectionId = connection.id
  const [first, second] = [...optidash.accounts[0]!.keys.values()]
  keyValue = first!.key
  keyId = (await call('keys:record', { connectionId, name: 'svc-a', secret: first!.key }))
    .localId as string
  otherKeyId = (await call('keys:record', { connectionId, name: 'svc-b', secret: second!.key }))
    .localId as string
}, 30_000)

afterAll(async () => {
  await core.close()
  await http.close()
  await Promise.all([optidash.close(), dmhub.close()])
})

const range = { from: now - 3 * 60 * minute, to: now }

describe('usage cache', () => {
  it('reads nothing before a refresh, and says so', async () => {
    const view = await call('usage:read', {
      connectionId,
      target: { kind: 'key', keyId },
      interval: 'minute',
      ...range
    })
    expect(Array.from(usageTimes(view.series[0]!))).toEqual([])
    expect(view.fetchedAt).toBeNull()
    expect(view.limitDays).toBe(90)
  })

  it('refreshes minute buckets that match the hub exactly, and a refetch adds no duplicates', async () => {
    const request = {
      connectionId,
      target: { kind: 'key' as const, keyId },
      interval: 'minute' as const,
      ...range
    }
    const first = await call('usage:refresh', request)
    const again = await call('usage:refresh', request)
    expect(again.series).toEqual(first.series)
    const hub = await hubBuckets(keyValue, range.from, range.to, 'minute')
    expect(Array.from(usageTimes(first.series[0]!))).toEqual(hub.map((b) => Date.parse(b.bucket)))
    expect(Array.from(first.series[0]!.requests)).toEqual(hub.map((b) => b.count))
    expect(Array.from(first.series[0]!.bytes)).toEqual(hub.map((b) => b.volume))
    expect(first.fetchedAt).toBe(now)
    expect(first.derivedFrom).toBeNull()
  })

  it('exports CSV, and the CLI prints the same rows, equal to the hub data', async () => {
    const view = await call('usage:read', {
      connectionId,
      target: { kind: 'key', keyId },
      interval: 'minute',
      ...range
    })
    const hub = await hubBuckets(keyValue, range.from, range.to, 'minute')
    const expected = [
      'bucket,requests,bytes',
      ...hub.map((b) => `${new Date(Date.parse(b.bucket)).toISOString()},${b.count},${b.volume}`)
    ]
    expect(usageCsv(view.series)).toBe(`${expected.join('\n')}\n`)
    const args = ['--hub', 'Optidash', '--key', keyId, '--interval', 'minute']
    const times = [
      '--from',
      new Date(range.from).toISOString(),
      '--to',
      new Date(range.to).toISOString()
    ]
    expect(await cli(...args, ...times, '--csv')).toBe(expected.join('\n'))
    const json = JSON.parse(await cli(...args, ...times, '--json')) as {
      series: Array<{ points: Array<{ bucket: string; requests: number; bytes: number }> }>
    }
    expect(json.series[0]?.points).toEqual(
      hub.map((b) => ({
        bucket: new Date(Date.parse(b.bucket)).toISOString(),
        requests: b.count,
        bytes: b.volume
      }))
    )
  })

  it('derives hours from cached minutes exactly and says so', async () => {
    const minutes = await call('usage:read', {
      connectionId,
      target: { kind: 'key', keyId },
      interval: 'minute',
      ...range
    })
    const hours = await call('usage:read', {
      connectionId,
      target: { kind: 'key', keyId },
      interval: 'hour',
      ...range
    })
    expect(hours.derivedFrom).toBe('minute')
    expect(Array.from(usageTimes(hours.series[0]!))).toEqual([
      range.from,
      range.from + 3_600_000,
      range.from + 7_200_000
    ])
    const m = minutes.series[0]!
    usageTimes(hours.series[0]!).forEach((start, i) => {
      let requests = 0
      usageTimes(m).forEach((at, j) => {
        if (at >= start && at < start + 3_600_000) requests += amountAt(m.requests, j) ?? 0
      })
      expect(hours.series[0]!.requests[i]).toBe(requests)
    })
  })

  it('refuses to ask Optidash for more than 90 days, and says why', async () => {
    await expect(
      call('usage:refresh', {
        connectionId,
        target: { kind: 'key', keyId },
        interval: 'day',
        from: now - 91 * day,
        to: now
      })
    ).rejects.toThrow(/keeps usage for 90 days/)
  })

  it('feeds the inventory 7 and 30 day totals and last use from a 30-day daily refresh', async () => {
    await call('usage:refresh', {
      connectionId,
      target: { kind: 'connection' },
      interval: 'day',
      from: now - 30 * day,
      to: now
    })
    const hub = await hubBuckets(keyValue, now - 30 * day, now, 'day')
    const sinceWeek = now - 7 * day
    const expected7 = hub
      .filter((b) => Date.parse(b.bucket) >= sinceWeek)
      .reduce((s, b) => s + b.count, 0)
    const record = core.keys.resolve(connectionId, keyId)!
    expect(record.usage30d).toBe(
      hub.filter((b) => Date.parse(b.bucket) >= now - 30 * day).reduce((s, b) => s + b.count, 0)
    )
    expect(record.usage7d).toBe(expected7)
    expect(record.lastUsedAt).not.toBeNull()
    const summary = await call('usage:summary', { connectionId, refresh: true })
    expect(summary.keys.map((k) => k.keyId).sort()).toEqual([keyId, otherKeyId].sort())
    expect(summary.quota?.total).toBe(optidash.accounts[0]!.quotaTotal)
    expect(summary.quota?.runsOutAt).toBeGreaterThan(now)
    const rate = summary.quota!.ratePerDay!
    expect(summary.quota!.runsOutAt).toBe(
      Math.round(now + (summary.quota!.remaining! / rate) * day)
    )
  })

  it('charts DM-Hub storage per configured fileset, one daily series each', async () => {
    const names = dmhub.filesets.slice(0, 2).map((f) => f.name)
    const connection = await call('connections:add', {
      name: 'DM-Hub',
      kind: 'dmhub',
      baseUrl: dmhub.url,
      credential: dmhub.credential,
      settings: { filesets: names }
    })
    const view = await call('usage:refresh', {
      connectionId: connection.id,
      target: { kind: 'filesets' },
      interval: 'day',
      from: Date.now() - 10 * day,
      to: Date.now()
    })
    expect(view.measure).toBe('storage')
    expect(view.series.map((s) => s.label)).toEqual(names)
    for (const s of view.series) {
      expect(usageTimes(s).length).toBeGreaterThan(5)
      // Storage has no request counts: every bucket says "no value" (NaN on the wire).
      expect(s.requests.every((value) => Number.isNaN(value))).toBe(true)
      expect(s.bytes.every((value) => value > 0)).toBe(true)
    }
  })

  it('serves charts from the cache with the hub stopped, and marks the cache stale a day later', async () => {
    await optidash.close()
    clock = now + 2 * day
    const view = await call('usage:read', {
      connectionId,
      target: { kind: 'keys', keyIds: [keyId, otherKeyId] },
      interval: 'day',
      from: now - 30 * day,
      to: now
    })
    expect(view.series.map((s) => s.label)).toEqual(['svc-a', 'svc-b'])
    expect(view.series.every((s) => usageTimes(s).length >= 30)).toBe(true)
    expect(view.stale).toBe(true)
    clock = now
  })
})
