// The app:// protocol that serves the built renderer to Electron windows with the CSP; runs in Electron main.
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { protocol, type Protocol } from 'electron'
import {
  contentSecurityPolicyFor,
  contentTypes,
  cspHashManifestFile,
  parseCspHashManifest,
  securityHeaders,
  securityHeadersFor
} from '../core/security/csp'
import { appHost, appScheme } from './trusted-sender'

export type AppRequestResolution =
  | { ok: true; filePath: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string }

const refuse = (status: 400 | 403 | 404, reason: string): AppRequestResolution => ({
  ok: false,
  status,
  reason
})

/**
 * Maps an app://hubkeys URL to a file inside the renderer folder. Anything else (another host, a
 * path that climbs out after decoding, a NUL or a backslash) is refused, never guessed at.
 */
export const resolveAppRequest = (url: string, rendererDir: string): AppRequestResolution => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return refuse(400, 'not a URL')
  }
  if (parsed.protocol !== `${appScheme}:`) return refuse(403, 'wrong scheme')
  if (parsed.host !== appHost || parsed.username !== '' || parsed.password !== '') {
    return refuse(403, 'wrong host')
  }
  let pathname: string
  try {
    // The URL parser already removed literal dot segments; decoding can bring back %2e%2e and %2f.
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return refuse(400, 'bad escape')
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return refuse(400, 'bad character')
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  const segments = pathname.split('/')
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return refuse(403, 'traversal')
  const root = resolve(rendererDir)
  const filePath = resolve(root, `.${pathname}`)
  if (!filePath.startsWith(root + sep)) return refuse(403, 'outside the renderer folder')
  const contentType = contentTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream'
  return { ok: true, filePath, contentType }
}

const statusText = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' } as const

const plain = (
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = securityHeaders
): Response =>
  new Response(body, {
    status,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }
  })

/**
 * The build's security headers: the policy allows the scripts listed in the renderer folder's
 * csp-hashes.json (written by the build with their hashes), the same one index.html's meta states.
 */
const readSecurityHeaders = async (rendererDir: string) =>
  securityHeadersFor(
    contentSecurityPolicyFor(
      parseCspHashManifest(await readFile(join(rendererDir, cspHashManifestFile), 'utf8'))
    )
  )

/**
 * The `protocol.handle` callback: GET and HEAD only, every answer carries the CSP and friends. The
 * hash manifest is read once, for the first request (the window's page, at start); without it no
 * page is served (its policy would refuse every script anyway) and the reason goes to the console,
 * not into a response.
 */
export const createAppProtocolHandler = (rendererDir: string) => {
  let built: Promise<Readonly<Record<string, string>> | undefined> | undefined
  const buildHeaders = () =>
    (built ??= readSecurityHeaders(rendererDir).catch((error: unknown) => {
      console.error(
        `Hubkeys: the renderer build is incomplete: ${error instanceof Error ? error.message : String(error)}`
      )
      return undefined
    }))
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed')
    const headers = await buildHeaders()
    if (!headers) return plain(500, 'The renderer build is incomplete; rebuild Hubkeys.')
    const resolved = resolveAppRequest(request.url, rendererDir)
    if (!resolved.ok) return plain(resolved.status, statusText[resolved.status], headers)
    let body: Buffer
    try {
      body = await readFile(resolved.filePath)
    } catch {
      // Missing file or a directory: the same answer, without echoing the path.
      return plain(404, 'Not found', headers)
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': resolved.contentType,
        'Cache-Control': resolved.contentType.startsWith('text/html') ? 'no-store' : 'no-cache'
      }
    })
  }
}

/**
 * Must run before `app` is ready. `standard` gives app://hubkeys a real origin (relative URLs,
 * 'self' in the CSP), `secure` makes it a secure context; it never bypasses the CSP.
 */
export const registerAppScheme = (): void => {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true }
    }
  ])
}

/** Serves `rendererDir` on app://hubkeys; call once the app is ready. */
export const serveAppProtocol = (
  rendererDir: string,
  target: Pick<Protocol, 'handle'> = protocol
): void => {
  target.handle(appScheme, createAppProtocolHandler(rendererDir))
}
