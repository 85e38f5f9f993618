// Checks the built renderer (out/renderer) against its CSP: every script hashed in csp-hashes.json, tagged with that integrity, and the meta policy naming exactly those hashes.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  contentSecurityPolicyFor,
  cspHashManifestFile,
  parseCspHashManifest,
  type CspHashManifest
} from '../../src-main/core/security/csp'

const rendererOut = join(import.meta.dirname, '../../out/renderer')
const sha256 = (bytes: Buffer) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`
const directives = (policy: string) =>
  policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive !== '')

let manifest: CspHashManifest
let head: ReturnType<InstanceType<Window['DOMParser']>['parseFromString']>['head']

beforeAll(() => {
  if (!existsSync(join(rendererOut, cspHashManifestFile)))
    throw new Error(
      `out/renderer/${cspHashManifestFile} is missing: run \`npx electron-vite build\` first (npm test does)`
    )
  manifest = parseCspHashManifest(readFileSync(join(rendererOut, cspHashManifestFile), 'utf8'))
  const window = new Window()
  const html = readFileSync(join(rendererOut, 'index.html'), 'utf8')
  head = new window.DOMParser().parseFromString(html, 'text/html').head
})

describe('the built renderer and its script hashes', () => {
  it('lists every script of the build with the SHA-256 of its bytes, the web bridge included', () => {
    const scripts = readdirSync(rendererOut, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .map((file) => file.split(sep).join('/'))
    expect(Object.keys(manifest.scripts).sort()).toEqual(scripts.sort())
    expect(scripts).toContain('web-bridge.js')
    for (const [file, hash] of Object.entries(manifest.scripts))
      expect(hash, file).toBe(sha256(readFileSync(join(rendererOut, file))))
  })

  it('gives every script and modulepreload in index.html its integrity, and has no inline script', () => {
    const loaders = [...head.querySelectorAll('script, link[rel="modulepreload"]')]
    expect(loaders.length).toBeGreaterThan(0)
    for (const element of loaders) {
      const url = element.getAttribute('src') ?? element.getAttribute('href')
      expect(url, `inline ${element.tagName}: ${element.textContent ?? ''}`).not.toBeNull()
      const file = relative(rendererOut, join(rendererOut, url ?? ''))
        .split(sep)
        .join('/')
      expect(element.getAttribute('integrity'), file).toBe(manifest.scripts[file])
    }
  })

  it('states in its meta tag the policy the servers send, less frame-ancestors', () => {
    const meta = [...head.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')]
    expect(meta).toHaveLength(1)
    const expected = directives(contentSecurityPolicyFor(manifest)).filter(
      (directive) => !directive.startsWith('frame-ancestors ')
    )
    expect(directives(meta[0]?.getAttribute('content') ?? '')).toEqual(expected)
    // Every script is allowed by its hash alone: no 'self', no 'unsafe-*', no 'strict-dynamic'.
    const scriptSrc = expected.find((directive) => directive.startsWith('script-src '))
    expect(scriptSrc?.split(' ').slice(1).sort()).toEqual(
      Object.values(manifest.scripts)
        .map((hash) => `'${hash}'`)
        .sort()
    )
  })
})
