// Property-based tests: random channels and payloads thrown at dispatch always come back as a Result.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestCore } from '../helpers/test-core'
import type { z } from 'zod'
import { channelNames, channels } from '../../src-main/contract/channels'
import { errorCodes } from '../../src-main/contract/result'

const core = createTestCore()

const isResult = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false
  const result = value as {
    ok?: unknown
    value?: unknown
    error?: { code?: unknown; message?: unknown }
  }
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
      fc.asyncProperty(
        fc.constantFrom(...channelNames),
        fc.anything(),
        async (channel, payload) => {
          const result = await core.dispatch(channel, payload, { transport: 'test' })
          expect(isResult(result)).toBe(true)
          // Whatever succeeds must satisfy the channel's own response schema.
          if (result.ok)
            expect(channels[channel].response.safeParse(result.value).success).toBe(true)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('holds for random channel names and payloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.anything()),
        fc.anything(),
        async (channel, payload) => {
          const result = await core.dispatch(channel, payload, { transport: 'test' })
          expect(isResult(result)).toBe(true)
        }
      ),
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

const defOf = (schema: z.ZodType) => (schema as unknown as { def: Record<string, unknown> }).def

/** Optional, nullable, default and pipe wrappers removed. */
const unwrapped = (schema: z.ZodType): z.ZodType => {
  const def = defOf(schema)
  if (def.innerType) return unwrapped(def.innerType as z.ZodType)
  if (def.type === 'pipe') return unwrapped(def.in as z.ZodType)
  return schema
}

/** Names of the text fields reachable in a schema (through objects, unions, arrays, wrappers). */
const textFields = (schema: z.ZodType, seen = new Set<unknown>()): string[] => {
  const bare = unwrapped(schema)
  if (seen.has(bare)) return []
  seen.add(bare)
  const def = defOf(bare)
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([name, field]) => [
        ...(defOf(unwrapped(field)).type === 'string' ? [name] : []),
        ...textFields(field, seen)
      ])
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => textFields(option, seen))
    case 'array':
      return textFields(def.element as z.ZodType, seen)
    default:
      return []
  }
}

describe('every channel states its facts on its own spec', () => {
  it('has a spec for each name and no spec without a name', () => {
    expect(Object.keys(channels).sort()).toEqual([...channelNames].sort())
  })

  it('finds secret-named text fields wherever they sit (so the check below can fail)', () => {
    expect(textFields(channels['vault:unlock'].request)).toContain('password')
    expect(textFields(channels['connections:test'].request)).toContain('credential')
    expect(textFields(channels['keys:create'].response)).toContain('secret')
    expect(textFields(channels['keys:query'].response)).not.toContain('hasSecret')
  })

  it.each(channelNames)('%s marks the sides whose fields look like secrets', (name) => {
    const { request, response, facts } = channels[name]
    // A text field named like a secret carries one (flags such as `hasSecret` are not text).
    const looksSecret = (schema: z.ZodType) =>
      textFields(schema).some((field) => /password|credential|secret/i.test(field))
    const sides = { request: looksSecret(request), response: looksSecret(response) }
    if (sides.request) expect(['request', 'both']).toContain(facts.carriesSecret)
    if (sides.response) expect(['response', 'both']).toContain(facts.carriesSecret)
  })
})
