// Unit tests of the usage chart model: typed columns drawn as they are, gaps where the hub sent no value, several series on the union of their times, stacked sums, and the tooltip's exact values.
import { describe, expect, it } from 'vitest'
import type { UsageSeries, UsageView } from '../../src-main/contract/usage.contract'
import {
  chartDataOf,
  drawable,
  exactValue
} from '../../src-renderer/src/features/usage/usage-chart-model'

const hour = 3_600_000
const f = (values: number[]) => Float64Array.from(values)

const viewOf = (
  series: UsageSeries[],
  measure: 'requests' | 'storage' = 'requests'
): UsageView => ({
  connectionId: 'c-1',
  measure,
  interval: 'hour',
  from: 0,
  to: 10 * hour,
  series,
  fetchedAt: 1,
  stale: false,
  derivedFrom: null,
  oddities: [],
  limitDays: 90,
  anomalies: []
})

const regular = (count: number) => ({ start: 0, step: hour, count })

describe('usage chart model', () => {
  it('draws a key’s columns as they are when every bucket has a value', () => {
    const requests = f([1, 2, 3])
    const bytes = f([10, 20, 30])
    const data = chartDataOf(
      viewOf([{ subject: 'k', label: 'k', at: regular(3), requests, bytes }]),
      'key'
    )
    expect(Array.from(data.x)).toEqual([0, hour, 2 * hour])
    expect(data.lines[0]!.drawn).toBe(requests)
    expect(data.lines[1]!.drawn).toBe(bytes)
  })

  it('leaves a gap (null) where the hub sent no value, and keeps it NaN in the exact column', () => {
    const bytes = f([10, Number.NaN, 30])
    expect(drawable(bytes)).toEqual([10, null, 30])
    const data = chartDataOf(
      viewOf([{ subject: 'k', label: 'k', at: regular(3), requests: f([1, 2, 3]), bytes }]),
      'key'
    )
    expect(data.lines[1]!.drawn).toEqual([10, null, 30])
    expect(data.lines[1]!.exact).toBe(bytes)
    expect(exactValue(null, 'bytes')).toBe('no value')
  })

  it('puts several series on the union of their times, with gaps where one has no bucket', () => {
    const a = { subject: 'a', label: 'a', at: f([0, hour]), requests: f([1, 2]), bytes: f([0, 0]) }
    const b = {
      subject: 'b',
      label: 'b',
      at: f([hour, 2 * hour]),
      requests: f([5, 6]),
      bytes: f([0, 0])
    }
    const data = chartDataOf(viewOf([a, b]), 'compare')
    expect(Array.from(data.x)).toEqual([0, hour, 2 * hour])
    expect(data.lines.map((line) => line.drawn)).toEqual([
      [1, 2, null],
      [null, 5, 6]
    ])
    expect(Number.isNaN(data.lines[1]!.exact[0])).toBe(true)
  })

  it('stacks each line on the ones below it, counting no value as zero', () => {
    const a = {
      subject: 'a',
      label: 'a',
      at: regular(3),
      requests: f([1, Number.NaN, 3]),
      bytes: f([0, 0, 0])
    }
    const b = {
      subject: 'b',
      label: 'b',
      at: regular(3),
      requests: f([10, 20, 30]),
      bytes: f([0, 0, 0])
    }
    const data = chartDataOf(viewOf([a, b]), 'stacked')
    expect(Array.from(data.lines[0]!.drawn as Float64Array)).toEqual([1, 0, 3])
    expect(Array.from(data.lines[1]!.drawn as Float64Array)).toEqual([11, 20, 33])
    // The tooltip shows each key's own numbers, not the running sums.
    expect(Array.from(data.lines[1]!.exact)).toEqual([10, 20, 30])
  })

  it('charts storage per fileset from the bytes column', () => {
    const data = chartDataOf(
      viewOf(
        [
          {
            subject: 'g',
            label: 'genomes',
            at: regular(2),
            requests: f([NaN, NaN]),
            bytes: f([5, 6])
          },
          {
            subject: 'c',
            label: 'climate',
            at: regular(2),
            requests: f([NaN, NaN]),
            bytes: f([7, 8])
          }
        ],
        'storage'
      ),
      'storage'
    )
    expect(data.lines.map((line) => [line.label, line.unit, Array.from(line.exact)])).toEqual([
      ['genomes', 'bytes', [5, 6]],
      ['climate', 'bytes', [7, 8]]
    ])
  })
})
