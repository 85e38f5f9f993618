// Unit and property tests for log scrubbing: every Authorization style, key-bearing fields, arrays and URLs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redact, redactFields, redactUrl } from '../../src-main/common/redact'

const key = 'k3y_9f8e7d6c5b4a39281706f5e4d3c2b1a0'
const dctToken = `1.${'a1'.repeat(32)}`

describe('redact', () => {
  it.each([
    `Authorization: Bearer ${key}`,
    `authorization: apk ${dctToken}`,
    `Authorization: Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    `Authorization: ${key}`,
    `{"authorization":"${key}"}`,
    `Proxy-Authorization: Bearer ${key}`,
    `sent Bearer ${key} to hub`,
    `X-Api-Key: ${key}`,
    `api_key=${key}&x=1`,
    `{"secret":"${key}"}`,
    `password=${key}`,
    `GET https://api.optidash.ai/1.0/keys/${key}?from=2026-01-01 failed`,
    `POST https://user:${key}@example.com/x`,
    `wss://127.0.0.1:5000/api?token=${key}`
  ])('removes the credential from %s', (line) => {
    const out = redact(line)
    expect(out).not.toContain(key)
    expect(out).not.toContain(dctToken)
    expect(out).not.toContain(Buffer.from(`${key}:`).toString('base64'))
    expect(out).toContain('[redacted]')
  })

  it('keeps ordinary text and hosts readable', () => {
    expect(redact('sync of cycle-prod finished in 120 ms')).toBe(
      'sync of cycle-prod finished in 120 ms'
    )
    expect(redactUrl('https://api.cycle.io/v1/hubs/current/api-keys')).toBe(
      'https://api.cycle.io/v1/hubs/current/api-keys'
    )
  })

  it('drops secret-bearing fields and scrubs nested strings', () => {
    const out = redactFields({
      token: key,
      nested: { url: `https://h.example/1.0/keys/${key}` },
      n: 3
    })
    expect(JSON.stringify(out)).not.toContain(key)
    expect(out.n).toBe(3)
  })
})

const phrase = 'open sesame 42 now'

describe('redact: what an intruder would look for in a log', () => {
  it.each([
    [`password="${phrase}"`, 'password="[redacted]"'],
    // At the start of a line it reads as a header, so the whole value goes.
    [`token: '${phrase}'`, 'token: [redacted]'],
    [`login failed, token: '${phrase}' (expired)`, "login failed, token: '[redacted]' (expired)"],
    [`{"passphrase":"${phrase}","n":1}`, '{"passphrase":"[redacted]","n":1}'],
    [`Cookie: sid=${key}; theme=dark`, 'Cookie: [redacted]'],
    [
      `Set-Cookie: sid=${key}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT`,
      'Set-Cookie: [redacted]'
    ],
    [`X-Auth-Token: ${phrase}`, 'X-Auth-Token: [redacted]'],
    [`Api-Key: ${phrase}`, 'Api-Key: [redacted]'],
    [`X-Session-Id: ${phrase}`, 'X-Session-Id: [redacted]'],
    [`  X-Hub-Key: ${phrase}`, '  X-Hub-Key: [redacted]'],
    [`Proxy-Authorization: Basic ${key}`, 'Proxy-Authorization: [redacted]'],
    [`request headers {"cookie":"sid=${key}; a=b"}`, 'request headers {"cookie":"[redacted]"}'],
    [`{"tokens":["${key}","${dctToken}"]}`, '{"tokens":[redacted]}'],
    [
      `postgres://admin:${phrase.replace(/ /g, '')}@db.local:5432/hub`,
      'postgres://[redacted]@db.local:5432/hub'
    ],
    [`ftp://user:${key}@files.example/x`, 'ftp://[redacted]@files.example/x'],
    [`https://user:pass@hub.example/v1`, 'https://[redacted]@hub.example/v1'],
    [
      `GET https://hub.example/v1/keys?api_key=${key}&page=2`,
      'GET https://hub.example/v1/keys?[redacted]'
    ],
    [`http://127.0.0.1:5123/#token=${key}`, 'http://127.0.0.1:5123/#[redacted]'],
    [`redis://:${key}@cache:6379`, 'redis://[redacted]@cache:6379']
  ])('scrubs %s', (line, expected) => {
    expect(redact(line)).toBe(expected)
  })

  it('keeps header lines whose names carry nothing secret', () => {
    expect(redact('Content-Type: application/json\nAccept: */*')).toBe(
      'Content-Type: application/json\nAccept: */*'
    )
  })

  it('scrubs strings inside arrays, nested arrays and header pairs of a log record', () => {
    const out = redactFields({
      urls: [`https://h.example/1.0/keys/${key}`, ['nested', `Bearer ${key}`]],
      headers: [
        ['X-Api-Key', phrase],
        ['Accept', 'application/json']
      ],
      rawHeaders: ['Host', 'h.example', 'Cookie', phrase],
      list: [{ password: phrase }, 3, null],
      bytes: Buffer.from(phrase)
    })
    const text = JSON.stringify(out)
    expect(text).not.toContain(key)
    expect(text).not.toContain(phrase)
    expect(out.headers).toEqual([
      ['X-Api-Key', '[redacted]'],
      ['Accept', 'application/json']
    ])
    expect(out.rawHeaders).toEqual(['Host', 'h.example', 'Cookie', '[redacted]'])
    expect(out.list).toEqual([{ password: '[redacted]' }, 3, null])
  })

  it('drops fields named like auth-style headers and survives cycles', () => {
    const record: Record<string, unknown> = {
      'set-cookie': phrase,
      sessionId: phrase,
      'x-auth-token': phrase,
      proxyAuthorization: phrase,
      count: 2
    }
    record.self = record
    const out = redactFields(record)
    expect(JSON.stringify({ ...out, self: undefined })).not.toContain(phrase)
    expect(out.count).toBe(2)
  })
})

/** Secrets that cannot collide with the text around them: a marker and letters, digits, spaces. */
const secretArb = fc
  .stringMatching(/^[A-Za-z0-9]{4,24}( [A-Za-z0-9]{1,12}){0,3}$/)
  .map((body) => `Zq${body}`)
const bareSecretArb = fc.stringMatching(/^[A-Za-z0-9._~-]{6,40}$/).map((body) => `Zq${body}`)

describe('redact: properties', () => {
  it('never lets a quoted secret through, whatever its spaces', () => {
    const templates = [
      (s: string) => `password="${s}"`,
      (s: string) => `token: '${s}'`,
      (s: string) => `{"client_secret":"${s}"}`,
      (s: string) => `Authorization: Digest ${s}`,
      (s: string) => `Cookie: a=${s}`,
      (s: string) => `X-Auth-Token: ${s}`,
      (s: string) => `log: {"headers":{"proxy-authorization":"${s}"}}`
    ]
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...templates), (secret, template) => {
        expect(redact(`before ${template(secret)} after`)).not.toContain(secret)
        expect(redact(template(secret))).not.toContain(secret)
      })
    )
  })

  it('never lets URL credentials through, whatever the scheme', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'https',
          'http',
          'postgres',
          'mysql',
          'ftp',
          'redis',
          'amqp',
          'wss',
          'x-custom+tls'
        ),
        bareSecretArb,
        bareSecretArb,
        (scheme, user, pass) => {
          const out = redact(`connect ${scheme}://${user}:${pass}@host.example:99/x?token=${pass}`)
          expect(out).not.toContain(pass)
          expect(out).not.toContain(user)
          expect(out).toContain('host.example')
        }
      )
    )
  })

  it('never lets an array-held secret through redactFields', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.constantFrom('X-Api-Key', 'Authorization', 'Cookie', 'api_key', 'X-Session', 'password'),
        (secret, name) => {
          const text = JSON.stringify(
            redactFields({ a: [[name, secret]], b: [name, secret], c: [{ [name]: secret }] })
          )
          expect(text).not.toContain(secret)
        }
      )
    )
  })
})

describe('redact: cost', () => {
  it('stays linear on long runs without separators', () => {
    const started = performance.now()
    redact(`${'a'.repeat(200_000)} ${'b1'.repeat(100_000)}`)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
