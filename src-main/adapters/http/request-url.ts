// Checks a connection's base URL (HTTPS unless loopback) and joins it with a request's path and query; pure, runs in main.
import ipaddr from 'ipaddr.js'
import { HttpFailure, type HttpRequest } from '../../core/ports/http.port'

/**
 * Loopback only: 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and the name `localhost`.
 * Other `*.localhost` names are left out because the system resolver is not obliged to map them.
 */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  if (host === 'localhost') return true
  if (!ipaddr.isValid(host)) return false
  let address = ipaddr.parse(host)
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address()
  }
  return address.range() === 'loopback'
}

/**
 * Parses a connection's base URL and refuses, before any network I/O, anything that would send a
 * credential in clear text or in the URL itself. Messages name the host at most.
 */
export const parseBaseUrl = (baseUrl: string): URL => {
  let url: URL
  try {
    url = new URL(baseUrl.trim())
  } catch {
    throw new HttpFailure('INSECURE_URL', 'The connection URL is not a valid web address.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HttpFailure('INSECURE_URL', 'The connection URL must start with https://.')
  }
  if (url.username || url.password) {
    throw new HttpFailure(
      'INSECURE_URL',
      'The connection URL must not contain a user name or password; store the credential with the connection instead.'
    )
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new HttpFailure(
      'INSECURE_URL',
      `Hubkeys talks to ${url.host} only over HTTPS (plain http:// is allowed for loopback addresses only), so use an https:// URL.`
    )
  }
  url.hash = ''
  return url
}

const joinPaths = (basePath: string, path: string): string => {
  const head = basePath.replace(/\/+$/, '')
  const tail = path.replace(/^\/+/, '')
  return tail ? `${head}/${tail}` : head || '/'
}

/**
 * The URL of one request: the base URL's path (DCT's `/dct/v3`) followed by `request.path`, then the
 * base URL's own query, any query written into the path, and `request.query` with undefined values
 * skipped. Keys such as `page[number]` are kept as written and percent-encoded by URLSearchParams.
 */
export const buildRequestUrl = (base: URL, request: Pick<HttpRequest, 'path' | 'query'>): URL => {
  const url = new URL(base.href)
  const mark = request.path.indexOf('?')
  const path = mark === -1 ? request.path : request.path.slice(0, mark)
  url.pathname = joinPaths(base.pathname, path)
  if (mark !== -1) {
    for (const [key, value] of new URLSearchParams(request.path.slice(mark + 1))) {
      url.searchParams.append(key, value)
    }
  }
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value))
  }
  return url
}
