// Unit tests of the "copy as" formats per hub kind: each hub's documented Authorization scheme, curl quoting and .env lines.
import { describe, expect, it } from 'vitest'
import {
  formatKeyCopy,
  shellQuote,
  type CopyTarget
} from '../../src-main/core/keys/key-copy-format'

const target = (kind: CopyTarget['kind'], baseUrl: string, settings = {}): CopyTarget => ({
  kind,
  baseUrl,
  settings
})

const cycle = target('cycle', 'https://api.cycle.io', { hubId: 'hub-7' })
const dct = target('dct', 'https://dct.example.com', { basePath: '/v3' })
const optidash = target('optidash', 'https://api.optidash.ai')
const datahub = target('datahub', 'https://cs.example.com', { exportPath: '/owl/export/products' })
const dmhub = target('dmhub', 'https://dmhub.example.com/')

describe('formatKeyCopy', () => {
  it('copies the bare value unchanged for every kind', () => {
    for (const t of [cycle, dct, optidash, datahub, dmhub])
      expect(formatKeyCopy(t, 'k-1', 'value')).toBe('k-1')
  })

  it("writes each hub's Authorization scheme (HUBS.md)", () => {
    expect(formatKeyCopy(cycle, 'abc', 'header')).toBe('Authorization: Bearer abc')
    expect(formatKeyCopy(dct, '1.xyz', 'header')).toBe('Authorization: apk 1.xyz')
    expect(formatKeyCopy(optidash, 'opt', 'header')).toBe('Authorization: Bearer opt')
    expect(formatKeyCopy(datahub, 'raw', 'header')).toBe('Authorization: raw')
    expect(formatKeyCopy(dmhub, 'dm', 'header')).toBe('Authorization: Bearer dm')
  })

  it('builds a curl command per kind with the headers and body its consumers send', () => {
    expect(formatKeyCopy(cycle, 'abc', 'curl')).toBe(
      "curl -H 'Authorization: Bearer abc' -H 'X-Hub-Id: hub-7' 'https://api.cycle.io/v1/hubs/current'"
    )
    expect(formatKeyCopy(dct, '1.xyz', 'curl')).toBe(
      "curl -H 'Authorization: apk 1.xyz' 'https://dct.example.com/v3/management/accounts?limit=1'"
    )
    expect(formatKeyCopy(optidash, 'opt', 'curl')).toBe(
      "curl -H 'Authorization: Bearer opt' 'https://api.optidash.ai/1.0/account'"
    )
    expect(formatKeyCopy(datahub, 'raw', 'curl')).toBe(
      `curl -X POST -H 'Authorization: raw' -H 'Content-Type: application/json' --data '{"filter": {}, "changes": {}, "limit": "0,1"}' 'https://cs.example.com/owl/export/products'`
    )
    expect(formatKeyCopy(dmhub, 'dm', 'curl')).toBe(
      "curl -H 'Authorization: Bearer dm' 'https://dmhub.example.com/apiBack/dataUsageDaily/myDataUsage'"
    )
  })

  it("uses DCT's default path, and no second copy when the base URL holds it already", () => {
    const plain = target('dct', 'https://dct.example.com')
    expect(formatKeyCopy(plain, 't', 'curl')).toContain(
      "'https://dct.example.com/dct/v3/management/"
    )
    const inUrl = target('dct', 'https://dct.example.com/dct/v3', { basePath: '/dct/v3' })
    expect(formatKeyCopy(inUrl, 't', 'curl')).toContain(
      "'https://dct.example.com/dct/v3/management/"
    )
  })

  it("takes Data Hub's export endpoint as a full URL too", () => {
    const full = target('datahub', 'https://cs.example.com', {
      exportPath: 'https://export.example.com/x'
    })
    expect(formatKeyCopy(full, 'raw', 'curl')).toMatch(/ 'https:\/\/export\.example\.com\/x'$/)
  })

  it('writes .env lines, quoting values a shell or dotenv would change', () => {
    expect(formatKeyCopy(cycle, 'abc-123_x', 'env')).toBe('CYCLE_API_KEY=abc-123_x')
    expect(formatKeyCopy(dct, '1.a/b+c=', 'env')).toBe('DCT_API_KEY=1.a/b+c=')
    expect(formatKeyCopy(datahub, 'a b$c', 'env')).toBe("DATAHUB_API_KEY='a b$c'")
    expect(formatKeyCopy(dmhub, `it's "$x"`, 'env')).toBe('DMHUB_API_KEY="it\'s \\"\\$x\\""')
    expect(formatKeyCopy(optidash, 'o', 'env')).toBe('OPTIDASH_API_KEY=o')
  })

  it('quotes single quotes in curl arguments so the shell reads the value literally', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`)
    expect(formatKeyCopy(optidash, "x'$(rm)", 'curl')).toContain(
      `'Authorization: Bearer x'\\''$(rm)'`
    )
  })

  it('refuses control characters in headers, commands and .env lines, without quoting the value', () => {
    for (const as of ['header', 'curl', 'env'] as const) {
      expect(() => formatKeyCopy(cycle, 'evil\r\nX-Other: 1', as)).toThrow(
        /line break or another control character/
      )
      try {
        formatKeyCopy(cycle, 'evil\nsecret-part', as)
      } catch (error) {
        expect(String(error)).not.toContain('secret-part')
      }
    }
    expect(formatKeyCopy(cycle, 'with\nbreak', 'value')).toBe('with\nbreak')
  })
})
