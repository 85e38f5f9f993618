// The HTTP port hub adapters call; the undici adapter in src-main/adapters/http implements it.
import type { Secret } from '../../common/secret'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRequest {
  method: HttpMethod
  /** Path relative to the connection's base URL (may include the DCT base path), e.g. `/v1/hubs/current/api-keys`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  /** Extra headers; the client adds the connection's auth headers itself. */
  headers?: Record<string, string>
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown
  /**
   * May this request be sent again after a 429, a 5xx or a lost connection? GET, PUT, DELETE and
   * safe POSTs (searches, token-info) say yes; a create must say no, or a retry could make two keys.
   */
  retry: boolean
  /**
   * Overrides the connection's credential for this call (verifying a key uses the key itself).
   * Borrowed: the client reveals it only where it sets the header, and never disposes it.
   */
  auth?: HttpAuth
  timeoutMs?: number
}

/**
 * The five auth styles of HUBS.md. Credentials are Secrets, revealed by the HTTP adapter only where
 * the Authorization header is built. Basic's user is one too: Optidash sends its master key there.
 */
export type HttpAuth =
  | { scheme: 'bearer'; token: Secret; extraHeaders?: Record<string, string> }
  | { scheme: 'apk'; token: Secret }
  | { scheme: 'basic'; user: Secret; password?: Secret }
  | { scheme: 'raw'; value: Secret }
  | { scheme: 'none' }

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  /** Parsed JSON when the body was JSON; otherwise undefined (see `text`). */
  json: unknown
  text: string
  /** How many attempts were made (1 = no retry). */
  attempts: number
}

export type HttpFailureKind = 'TIMEOUT' | 'NETWORK' | 'TLS' | 'INSECURE_URL' | 'CANCELLED'

/**
 * Thrown when no HTTP response arrived. Hub answers of any status are returned, not thrown, so each
 * adapter can read its hub's error shape. The message names the host, never a path or credential.
 */
export class HttpFailure extends Error {
  readonly kind: HttpFailureKind
  constructor(kind: HttpFailureKind, message: string) {
    super(message)
    this.name = 'HttpFailure'
    this.kind = kind
  }
}

export interface HttpClient {
  request(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>
}

/** What a connection gives the HTTP adapter. */
export interface HttpConnectionConfig {
  baseUrl: string
  auth: HttpAuth
  /** PEM of a private CA to trust for this connection. */
  caPem?: string
  /** Skip certificate checks for this connection (explicit, warned). */
  allowInvalidCertificate?: boolean
  /** Most requests in flight at once to this connection. */
  concurrency?: number
  timeoutMs?: number
  /** Retries after the first attempt, for retryable requests. */
  retries?: number
}

export type HttpClientFactory = (config: HttpConnectionConfig) => HttpClient
