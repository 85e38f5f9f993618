// @vitest-environment happy-dom
// Checks that src-renderer/index.html carries the app's Content-Security-Policy, scripts not yet hashed, in a meta tag ahead of anything it loads.
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src-main/core/security/csp'
import html from '../../src-renderer/index.html?raw'

const head = new DOMParser().parseFromString(html, 'text/html').head
const meta = head.querySelector('meta[http-equiv="Content-Security-Policy"]')

const directives = (policy: string) =>
  policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive !== '')

describe('index.html Content-Security-Policy meta tag', () => {
  it('states the policy with no script allowed yet, less only what a meta policy cannot carry', () => {
    // The build writes the script hashes in (test/unit/renderer-csp-build.test.ts checks the built
    // page); until then, 'none': a page built without them runs nothing rather than anything.
    // Browsers ignore frame-ancestors in a meta policy (and warn); framing is refused by the header.
    const expected = directives(contentSecurityPolicy).filter(
      (directive) => !directive.startsWith('frame-ancestors ')
    )
    expect(directives(meta?.getAttribute('content') ?? '')).toEqual(expected)
    expect(expected).toContain("script-src 'none'")
  })

  it('comes before every script, style sheet and icon, so it governs them all', () => {
    const elements = [...head.children]
    const at = elements.indexOf(meta as Element)
    expect(at).toBeGreaterThanOrEqual(0)
    const loaders = elements.filter((element) =>
      ['SCRIPT', 'LINK', 'STYLE'].includes(element.tagName)
    )
    expect(loaders.length).toBeGreaterThan(0)
    for (const element of loaders) expect(elements.indexOf(element)).toBeGreaterThan(at)
  })
})
