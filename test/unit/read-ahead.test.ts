// Tests of readAhead: items in order, the next one asked for before the current is handed out, errors passed on, the source closed when the consumer stops.
import { describe, expect, it } from 'vitest'
import { readAhead } from '../../src-main/core/sync/read-ahead'

/** A source that records when each item is asked for and whether it was closed early. */
const recordingSource = (items: number[], failAt?: number) => {
  const events: string[] = []
  let closed = false
  async function* source(): AsyncGenerator<number> {
    try {
      for (const [index, item] of items.entries()) {
        events.push(`ask ${item}`)
        await Promise.resolve()
        if (index === failAt) throw new Error(`item ${item} failed`)
        yield item
      }
    } finally {
      closed = true
    }
  }
  return { source: source(), events, closed: () => closed }
}

describe('readAhead', () => {
  it('hands out every item in order, having asked for the next one first', async () => {
    const { source, events } = recordingSource([1, 2, 3])
    const seen: number[] = []
    for await (const item of readAhead(source)) {
      events.push(`use ${item}`)
      seen.push(item)
    }
    expect(seen).toEqual([1, 2, 3])
    expect(events).toEqual(['ask 1', 'ask 2', 'use 1', 'ask 3', 'use 2', 'use 3'])
  })

  it("passes on the source's failure after the items before it", async () => {
    const { source } = recordingSource([1, 2, 3], 1)
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const item of readAhead(source)) seen.push(item)
      })()
    ).rejects.toThrow('item 2 failed')
    expect(seen).toEqual([1])
  })

  it('closes the source when the consumer stops early, leaving no rejection unhandled', async () => {
    const { source, closed } = recordingSource([1, 2, 3], 1)
    for await (const item of readAhead(source)) {
      expect(item).toBe(1)
      break
    }
    // The item asked for ahead fails; closing waits for it to settle first.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(closed()).toBe(true)
  })
})
