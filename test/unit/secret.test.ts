// Unit tests for the Secret type: redacted in every conversion, explicit reveal, zeroed on dispose, and a type error where a string or log field is expected.
import { format, inspect } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createAppHandlers } from '../../src-main/core/app/app.handlers'
import { createDispatch, type Handlers } from '../../src-main/core/dispatch'
import { AppError } from '../../src-main/contract/result'
import { channelNames } from '../../src-main/contract/names'
import type { HttpAuth } from '../../src-main/core/ports/http.port'
import type { LogFields, Logger } from '../../src-main/core/ports/logger.port'
import { redactedSecret, Secret } from '../../src-main/common/secret'

const plaintext = 'cycle_secret_4b1d9e0c2a7f6e5d4c3b2a19'

describe('Secret never shows its value by accident', () => {
  const secret = Secret.fromString(plaintext)

  it.each([
    ['String()', () => String(secret)],
    ['toString()', () => secret.toString()],
    ['a template literal', () => `key=${secret}`],
    ['string concatenation', () => 'key=' + secret],
    ['JSON.stringify of the secret', () => JSON.stringify(secret)],
    ['JSON.stringify of an object holding it', () => JSON.stringify({ auth: { token: secret } })],
    ['util.inspect', () => inspect(secret)],
    ['util.inspect of an object holding it', () => inspect({ credential: secret }, { depth: 9 })],
    ['util.inspect showing hidden members', () => inspect(secret, { showHidden: true })],
    [
      'console.log formatting (%s, %o, %j)',
      () => format('%s %o %j', secret, { secret }, { secret })
    ],
    ['an error message', () => new Error(`refused ${secret}`).message],
    ['object spread', () => JSON.stringify({ ...secret })],
    ['structured clone (IPC)', () => JSON.stringify(structuredClone({ secret }))]
  ])('%s', (_, show) => {
    const shown = show()
    expect(shown).not.toContain(plaintext)
    expect(shown).not.toContain(plaintext.slice(0, 8))
  })

  it('prints the redaction marker where it stands', () => {
    expect(JSON.stringify({ credential: secret })).toBe(`{"credential":"${redactedSecret}"}`)
    expect(`${secret}`).toBe(redactedSecret)
    expect(inspect(secret)).toBe(redactedSecret)
    expect(Object.keys(secret)).toEqual([])
  })
})

describe('reading a Secret', () => {
  it('reveals the plaintext only when asked', () => {
    const secret = Secret.fromString(plaintext)
    expect(secret.reveal()).toBe(plaintext)
    expect(secret.use((bytes) => Buffer.from(bytes).toString('utf8'))).toBe(plaintext)
    expect(secret.byteLength).toBe(plaintext.length)
  })

  it('keeps non-ASCII text intact', () => {
    expect(Secret.fromString('pässwörd ✓').reveal()).toBe('pässwörd ✓')
  })

  it('derives a new secret and leaves the original alone', () => {
    const secret = Secret.fromString(`  apk ${plaintext} `)
    const derived = secret.derive((value) => value.trim().replace(/^apk /, ''))
    expect(derived).toBeInstanceOf(Secret)
    expect(derived.reveal()).toBe(plaintext)
    expect(secret.reveal()).toBe(`  apk ${plaintext} `)
  })

  it('treats a blank optional input as no secret, and trims the rest', () => {
    expect(Secret.fromOptional(undefined)).toBeUndefined()
    expect(Secret.fromOptional('  \n')).toBeUndefined()
    expect(Secret.fromOptional(` ${plaintext}\n`)?.reveal()).toBe(plaintext)
  })

  it('refuses bytes that are not UTF-8 instead of changing them', () => {
    expect(() => Secret.adopt(Uint8Array.from([0xff, 0xfe])).reveal()).toThrow()
  })
})

describe('disposing a Secret', () => {
  it('zeroes adopted bytes and refuses every later read', () => {
    const bytes = new TextEncoder().encode(plaintext)
    const secret = Secret.adopt(bytes)
    secret.dispose()
    expect(bytes.every((byte) => byte === 0)).toBe(true)
    expect(secret.disposed).toBe(true)
    expect(secret.byteLength).toBe(0)
    expect(() => secret.reveal()).toThrow(/disposed/)
    expect(() => secret.use(() => 1)).toThrow(/disposed/)
    expect(() => secret.derive((value) => value)).toThrow(/disposed/)
    expect(() => secret.dispose()).not.toThrow()
    expect(String(secret)).toBe(redactedSecret)
  })

  it('zeroes the bytes it encoded itself', () => {
    const secret = Secret.fromString(plaintext)
    let held: Uint8Array = new Uint8Array()
    secret.use((bytes) => {
      held = bytes
    })
    expect(held.some((byte) => byte !== 0)).toBe(true)
    secret.dispose()
    expect(held.every((byte) => byte === 0)).toBe(true)
  })

  it('zeroes the bytes of a secret that is dropped without dispose, once it is collected', async () => {
    // Forced collection: the flag must be set before a context is made that exposes gc().
    setFlagsFromString('--expose-gc')
    const collect = runInNewContext('gc') as () => void
    const bytes = new TextEncoder().encode(plaintext)
    // Made in a function that returns nothing, so no reference to the Secret survives it.
    ;(() => void Secret.adopt(bytes))()
    for (let round = 0; round < 50 && bytes.some((byte) => byte !== 0); round++) {
      collect()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(bytes.every((byte) => byte === 0)).toBe(true)
  })

  it('is disposed when a `using` block ends, even by a throw', () => {
    let outer: Secret | undefined
    expect(() => {
      using secret = Secret.fromString(plaintext)
      outer = secret
      throw new Error('boom')
    }).toThrow('boom')
    expect(outer?.disposed).toBe(true)
  })
})

describe('a Secret in a contract response', () => {
  const facts = {
    name: 'Hubkeys',
    version: '9.9.9',
    mode: 'web' as const,
    dataDir: '/tmp/x',
    platform: 'linux'
  }
  const unused = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      () => {
        throw new AppError('UNSUPPORTED', `${channel} is not used by this test.`)
      }
    ])
  ) as unknown as Handlers

  it('fails the response schema, and neither the answer nor the log holds the plaintext', async () => {
    const logged: unknown[] = []
    const logger: Logger = { log: (...args) => logged.push(args) }
    const dispatch = createDispatch(
      {
        ...unused,
        ...createAppHandlers(facts, () => 1),
        // A handler that slipped a Secret into a string field (the cast stands for a type hole).
        'app:info': () => ({ ...facts, name: Secret.fromString(plaintext) }) as never
      },
      { logger }
    )
    const result = await dispatch('app:info', {}, { transport: 'test' })
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain(plaintext)
    expect(inspect(logged, { depth: 9 })).not.toContain(plaintext)
  })
})

// Type-level checks: tsc (tsconfig.node.json) fails if any line below stops being an error.
describe('the Secret type is nominal', () => {
  it('is refused where strings, log fields, messages and responses are expected', () => {
    const secret = Secret.fromString(plaintext)
    const logger: Logger = { log: () => undefined }

    // @ts-expect-error a Secret is not a string
    const asString: string = secret
    // @ts-expect-error log fields take scalars only
    logger.log('info', 'connected', { credential: secret })
    // @ts-expect-error nor nested objects that could hold one
    const fields: LogFields = { auth: { token: secret } }
    // @ts-expect-error an error message is a string
    const error = new AppError('INTERNAL', secret)
    const info = { name: secret, version: '1', mode: 'web' as const, dataDir: '/', platform: 'x' }
    // @ts-expect-error a response field typed string refuses it
    const handler: Handlers['app:info'] = () => info
    // @ts-expect-error the HTTP port takes a Secret, never a plain string
    const auth: HttpAuth = { scheme: 'bearer', token: plaintext }
    // @ts-expect-error a look-alike object is not a Secret (the private field makes it nominal)
    const fake: Secret = { reveal: () => plaintext, dispose: () => undefined }

    expect([asString, fields, error, handler, auth, fake]).toHaveLength(6)
  })
})
