// The renderer's Content-Security-Policy and companion headers, sent by the app:// protocol and web mode.
import { z } from 'zod'

/**
 * A CSP hash source as the build writes it: SHA-256 of a script's bytes in base64, the same string
 * its `integrity` attribute carries. Checked strictly because it goes into a response header.
 */
const scriptHashPattern = /^sha256-[A-Za-z0-9+/]{43}=$/

/**
 * DESIGN.md section 7: nothing inline, nothing remote, no plugins, no framing. Scripts are allowed
 * by hash, not by 'self': the renderer build (electron.vite.config.ts) hashes every script the page
 * loads and gives each tag a matching `integrity`; Chromium matches a hash source against an
 * external script only through that integrity metadata, so a file that is not exactly our build
 * does not run, even when it is served from our own origin.
 *
 * No 'strict-dynamic': a module's static and dynamic imports inherit the parser-inserted entry's
 * metadata, so it would not admit a lazily imported chunk (checked in Chromium 156); it would only
 * trust scripts our code creates with createElement('script'), which it never does. A lazy chunk
 * (say, a chart library) needs its hash here and its integrity in an inline import map, whose own
 * hash joins script-src; the build refuses a chunk the page would load without integrity.
 */
const directives = (scriptHashes: readonly string[]): string[] => [
  "default-src 'none'",
  scriptHashes.length === 0
    ? "script-src 'none'"
    : `script-src ${[...new Set(scriptHashes)]
        .sort()
        .map((hash) => `'${hash}'`)
        .join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
]

/** The policy that lets exactly the scripts with these hashes run (from the build's manifest). */
export const buildContentSecurityPolicy = (scriptHashes: readonly string[]): string => {
  const bad = scriptHashes.find((hash) => !scriptHashPattern.test(hash))
  if (bad !== undefined) throw new Error(`not a sha256 hash source: ${JSON.stringify(bad)}`)
  return directives(scriptHashes).join('; ')
}

/**
 * The policy's static parts with no script allowed (`script-src 'none'`): what the source
 * index.html carries until the build fills in the hashes, and what answers that are no page use.
 */
export const contentSecurityPolicy = buildContentSecurityPolicy([])

/**
 * The same policy for an HTML meta tag. Browsers ignore frame-ancestors there (and warn); the header
 * and X-Frame-Options still forbid framing.
 */
export const metaContentSecurityPolicy = (policy: string): string =>
  policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !directive.startsWith('frame-ancestors'))
    .join('; ')

/** Headers for every response that carries renderer code, under the given policy. */
export const securityHeadersFor = (policy: string): Readonly<Record<string, string>> => ({
  'Content-Security-Policy': policy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()'
})

/** The security headers with no script allowed, for answers that are not the page. */
export const securityHeaders = securityHeadersFor(contentSecurityPolicy)

/** The manifest the renderer build writes beside index.html: each script's path and hash. */
export const cspHashManifestFile = 'csp-hashes.json'

const cspHashManifestSchema = z.strictObject({
  /** Path inside the renderer folder (as in its URL, no leading slash or dot segment) to its hash source. */
  scripts: z.record(
    z.string().regex(/^\w[\w.-]*(\/\w[\w.-]*)*\.js$/),
    z.string().regex(scriptHashPattern)
  )
})

export type CspHashManifest = z.infer<typeof cspHashManifestSchema>

/** Reads the manifest's text; throws naming the problem when it is not one the build wrote. */
export const parseCspHashManifest = (text: string): CspHashManifest => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${cspHashManifestFile} is not JSON`)
  }
  const parsed = cspHashManifestSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(`${cspHashManifestFile} is malformed: ${parsed.error.message}`)
  if (Object.keys(parsed.data.scripts).length === 0)
    throw new Error(`${cspHashManifestFile} lists no scripts`)
  return parsed.data
}

/** The policy the responses carry for a build, the same one its index.html states in a meta tag. */
export const contentSecurityPolicyFor = (manifest: CspHashManifest): string =>
  buildContentSecurityPolicy(Object.values(manifest.scripts))

/** Content types for the files the renderer build emits. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json'
}
