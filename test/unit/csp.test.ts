// Unit test of the CSP builder (core/security/csp.ts): hash sources in, one exact policy out; anything else refused.
import { describe, expect, it } from 'vitest'
import {
  buildContentSecurityPolicy,
  contentSecurityPolicy,
  metaContentSecurityPolicy,
  parseCspHashManifest
} from '../../src-main/core/security/csp'

const a = `sha256-${'A'.repeat(43)}=`
const b = `sha256-${'b'.repeat(42)}+=`

describe('buildContentSecurityPolicy', () => {
  it('allows scripts by their hashes alone, sorted and once each', () => {
    expect(buildContentSecurityPolicy([b, a, b])).toBe(
      `default-src 'none'; script-src '${a}' '${b}'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
    )
  })

  it("allows no script at all without hashes (the static parts' policy)", () => {
    expect(contentSecurityPolicy).toContain("script-src 'none';")
    expect(contentSecurityPolicy).not.toMatch(/'self' 'sha|script-src 'self'/)
  })

  it.each([
    "'unsafe-inline'",
    'sha256-short=',
    `sha384-${'A'.repeat(64)}`,
    `${a}; script-src *`,
    `${a}\r\nSet-Cookie: x=1`
  ])('refuses %j as a hash source', (hash) => {
    expect(() => buildContentSecurityPolicy([hash])).toThrow('not a sha256 hash source')
  })
})

describe('metaContentSecurityPolicy', () => {
  it('drops only frame-ancestors, which a meta policy cannot carry', () => {
    expect(metaContentSecurityPolicy(buildContentSecurityPolicy([a]))).toBe(
      `default-src 'none'; script-src '${a}'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'`
    )
  })
})

describe('parseCspHashManifest', () => {
  it('reads the scripts the build listed', () => {
    const scripts = { 'assets/index-x1.js': a, 'web-bridge.js': b }
    expect(parseCspHashManifest(JSON.stringify({ scripts }))).toEqual({ scripts })
  })

  it.each([
    ['not JSON', '{', 'is not JSON'],
    ['no scripts', JSON.stringify({ scripts: {} }), 'lists no scripts'],
    ['an extra field', JSON.stringify({ scripts: { 'a.js': a }, more: 1 }), 'is malformed'],
    ['a path that climbs', JSON.stringify({ scripts: { '../a.js': a } }), 'is malformed'],
    ['a path that is not a script', JSON.stringify({ scripts: { 'a.css': a } }), 'is malformed'],
    ['a bad hash', JSON.stringify({ scripts: { 'a.js': "'self'" } }), 'is malformed']
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseCspHashManifest(text)).toThrow(message)
  })
})
