// Property-based tests: random channels and payloads thrown at dispatch always come back as a Result.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestCore } from '../helpers/test-core'
import { channelNames, channels } from '../../src-main/contract/channels'
import { errorCodes } from '../../src-main/contract/result'

const core = createTestCore()

const isResult = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false
  const result = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } }
  if (result.ok === true) return 'value' in result
  return (
    result.ok === false &&
    typeof result.error?.message === 'string' &&
    (errorCodes as readonly unknown[]).includes(result.error.code)
  )
}

describe('every channel answers any payload with a Result', () => {
  it('holds for random payloads on every contract channel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames), fc.anything(), async (channel, payload) => {
        const result = await core.dispatch(channel, payload, { transport: 'test' })
        expect(isResult(result)).toBe(true)
        // Whatever succeeds must satisfy the channel's own response schema.
        if (result.ok) expect(channels[channel].response.safeParse(result.value).success).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('holds for random channel names and payloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), fc.anything(), async (channel, payload) => {
        const result = await core.dispatch(channel, payload, { transport: 'test' })
        expect(isResult(result)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('holds for payloads shaped like objects with random keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channelNames),
        fc.dictionary(fc.string(), fc.jsonValue()),
        async (channel, payload) => {
          const result = await core.dispatch(channel, payload, { transport: 'test' })
          expect(isResult(result)).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })
})
