// Unit tests for log scrubbing: every Authorization style, key-bearing fields and URLs.
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
    expect(redact('sync of cycle-prod finished in 120 ms')).toBe('sync of cycle-prod finished in 120 ms')
    expect(redactUrl('https://api.cycle.io/v1/hubs/current/api-keys')).toBe(
      'https://api.cycle.io/v1/hubs/current/api-keys'
    )
  })

  it('drops secret-bearing fields and scrubs nested strings', () => {
    const out = redactFields({ token: key, nested: { url: `https://h.example/1.0/keys/${key}` }, n: 3 })
    expect(JSON.stringify(out)).not.toContain(key)
    expect(out.n).toBe(3)
  })
})
