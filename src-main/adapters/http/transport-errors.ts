// Turns what undici throws when no answer arrives into an HttpFailure with one sentence naming only the host; runs in main.
import { HttpFailure } from '../../core/ports/http.port'

/** Node's and OpenSSL's codes for a certificate the client would not trust. */
const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH'
])
const expiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'])
const nameCodes = new Set(['ERR_TLS_CERT_ALTNAME_INVALID'])
const notFoundCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EAI_FAIL'])
const refusedCodes = new Set(['ECONNREFUSED'])
const lostCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED'
])
const unreachableCodes = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL'
])
const slowCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT'
])
const tooLargeCodes = new Set(['UND_ERR_RES_EXCEEDED_MAX_SIZE'])

const fixTls =
  'add the CA certificate (PEM) that signed it to this connection, or turn on the explicit allow-invalid-certificate switch if you trust this network'

/** Fetch refuses some ports outright (the "bad ports" list); undici says so only in a message. */
const isBadPort = (error: unknown): boolean => {
  for (let value = error, depth = 0; value && typeof value === 'object' && depth < 8; depth++) {
    if ((value as { message?: unknown }).message === 'bad port') return true
    value = (value as { cause?: unknown }).cause
  }
  return false
}

/** Every `code` found on the error, its `cause` chain and AggregateError members (happy eyeballs). */
export const errorCodes = (error: unknown): string[] => {
  const codes: string[] = []
  const seen = new Set<unknown>()
  const walk = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 8) return
    seen.add(value)
    const code = (value as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    walk((value as { cause?: unknown }).cause, depth + 1)
    const members = (value as { errors?: unknown }).errors
    if (Array.isArray(members)) for (const member of members) walk(member, depth + 1)
  }
  walk(error, 0)
  return codes
}

const hasAny = (codes: string[], set: Set<string>): boolean => codes.some((code) => set.has(code))

/**
 * An HttpFailure for an error thrown while sending a request or reading its answer. The error's own
 * message is never copied: undici and Node put URLs and header values into theirs.
 */
export const classifyTransportError = (error: unknown, host: string): HttpFailure => {
  if (error instanceof HttpFailure) return error
  const codes = errorCodes(error)
  if (hasAny(codes, expiredCodes)) {
    return new HttpFailure(
      'TLS',
      `The certificate of ${host} has expired or is not yet valid; renew it on the server, or ${fixTls}.`
    )
  }
  if (hasAny(codes, nameCodes)) {
    return new HttpFailure(
      'TLS',
      `The certificate of ${host} is issued for a different host name; use the name the certificate lists, or ${fixTls}.`
    )
  }
  if (hasAny(codes, certificateCodes)) {
    return new HttpFailure(
      'TLS',
      `The certificate of ${host} is self-signed or from an authority Hubkeys does not trust; ${fixTls}.`
    )
  }
  if (codes.some((code) => code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    return new HttpFailure(
      'TLS',
      `A secure connection to ${host} could not be set up; check that the URL's port serves HTTPS.`
    )
  }
  if (hasAny(codes, slowCodes)) {
    return new HttpFailure('TIMEOUT', `${host} did not answer in time.`)
  }
  if (hasAny(codes, refusedCodes)) {
    return new HttpFailure(
      'NETWORK',
      `${host} refused the connection; check the URL and port, and that the hub is running.`
    )
  }
  if (hasAny(codes, notFoundCodes)) {
    return new HttpFailure(
      'NETWORK',
      `The host name ${host} could not be found; check the URL and your network.`
    )
  }
  if (hasAny(codes, unreachableCodes)) {
    return new HttpFailure('NETWORK', `${host} cannot be reached from this network.`)
  }
  if (hasAny(codes, tooLargeCodes)) {
    return new HttpFailure('NETWORK', `${host} sent an answer larger than Hubkeys accepts.`)
  }
  if (isBadPort(error)) {
    return new HttpFailure(
      'NETWORK',
      `The port of ${host} is one that web clients refuse to use for safety; serve the hub on another port.`
    )
  }
  if (hasAny(codes, lostCodes)) {
    return new HttpFailure('NETWORK', `The connection to ${host} was lost before it answered.`)
  }
  return new HttpFailure('NETWORK', `${host} could not be reached.`)
}
