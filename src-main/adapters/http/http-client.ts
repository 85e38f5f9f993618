// The HttpClient port on undici's fetch: per-connection TLS (own CA or explicit insecure), timeouts, safe retries, a concurrency limit and credential-free logs; runs in main.
import { X509Certificate } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import pLimit from 'p-limit'
import { Agent, request as undiciRequest } from 'undici'
import { AppError } from '../../contract/result'
import {
  HttpFailure,
  type HttpAuth,
  type HttpClient,
  type HttpClientFactory,
  type HttpConnectionConfig,
  type HttpRequest,
  type HttpResponse
} from '../../core/ports/http.port'
import { silentLogger, type Logger } from '../../core/ports/logger.port'
import { redact, redactFields, redactUrl } from '../../common/redact'
import { buildRequestUrl, parseBaseUrl } from './request-url'
import {
  decideAfterStatus,
  backoffMs,
  defaultRetryTuning,
  type RetryTuning
} from '../../common/retry-policy'
import { classifyTransportError } from './transport-errors'

/** Test seams and tuning; production passes at most a logger. */
export interface HttpClientOptions {
  logger?: Logger
  /** Waits between attempts; tests record the waits instead of sleeping. Must honour `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Source of jitter in [0, 1). */
  random?: () => number
  /** Clock for `Retry-After` dates. */
  now?: () => number
  retryTuning?: Partial<RetryTuning>
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number
}

/** The client also lets its owner release the connection's sockets when the connection goes away. */
export interface ClosableHttpClient extends HttpClient {
  close(): Promise<void>
}

export const httpDefaults = {
  timeoutMs: 15_000,
  retries: 3,
  concurrency: 4,
  maxResponseBytes: 32 * 1024 * 1024
} as const

const maxRetries = 10
const maxConcurrency = 64
const maxTimeoutMs = 10 * 60_000

const clamp = (value: number | undefined, fallback: number, min: number, max: number): number =>
  value === undefined || !Number.isFinite(value)
    ? fallback
    : Math.min(max, Math.max(min, Math.floor(value)))

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal })

const cancelled = (host: string): HttpFailure =>
  new HttpFailure('CANCELLED', `The request to ${host} was cancelled.`)

/** Header values must be one line of Latin-1 (fetch's ByteString); anything else is refused, never sent. */
const headerValueOk = (value: string): boolean => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)

interface AuthParts {
  headers: Record<string, string>
  /** Every credential string in play, so log lines can be scrubbed of them by value. */
  secrets: string[]
}

/**
 * The Authorization header for one request: the only place a connection's credential is revealed.
 * The revealed strings are copies V8 cannot wipe; they live as long as this request's headers.
 */
const authParts = (auth: HttpAuth): AuthParts => {
  switch (auth.scheme) {
    case 'bearer': {
      const token = auth.token.reveal().trim()
      const extra = Object.fromEntries(
        Object.entries(auth.extraHeaders ?? {}).map(([name, value]) => [
          name.toLowerCase(),
          value.trim()
        ])
      )
      return { headers: { ...extra, authorization: `Bearer ${token}` }, secrets: [token] }
    }
    case 'apk': {
      const token = auth.token.reveal().trim()
      return { headers: { authorization: `apk ${token}` }, secrets: [token] }
    }
    case 'basic': {
      const user = auth.user.reveal()
      const password = auth.password?.reveal() ?? ''
      const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64')
      return {
        headers: { authorization: `Basic ${encoded}` },
        secrets: [user, password, encoded]
      }
    }
    case 'raw': {
      const value = auth.value.reveal().trim()
      return { headers: { authorization: value }, secrets: [value] }
    }
    case 'none':
      return { headers: {}, secrets: [] }
  }
}

/** Removes known credential strings (and their URL-encoded forms) from a log field by value. */
const scrubKnown = (text: string, secrets: string[]): string =>
  secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text)

const parseJsonBody = (text: string, contentType: string): unknown => {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  if (!/json/i.test(contentType) && !/^[[{]/.test(trimmed)) return undefined
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return undefined
  }
}

type Attempt = Omit<HttpResponse, 'attempts'>

const describeSeconds = (ms: number): string => {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

/** RFC 9110 token characters, the only ones a header name may have. */
const headerNameOk = (name: string): boolean => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)

/**
 * The request's headers with the credential set last, so a stray request header can never replace
 * it. Anything fetch would refuse is refused here with a message that echoes no value, since
 * fetch's own error quotes the offending header value, which may be a credential.
 */
const buildHeaders = (
  extra: Record<string, string>,
  auth: AuthParts,
  host: string
): Record<string, string> => {
  const headers: Record<string, string> = { accept: 'application/json' }
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value
  Object.assign(headers, auth.headers)
  for (const [name, value] of Object.entries(headers)) {
    if (!headerNameOk(name) || !headerValueOk(value)) {
      throw new AppError(
        'BAD_REQUEST',
        `A header for ${host}, possibly the stored credential, has a line break or character HTTP cannot carry; enter it again.`
      )
    }
  }
  return headers
}

/** Encodes the JSON body once, so a value JSON cannot carry fails clearly before anything is sent. */
const encodeJson = (
  json: unknown,
  host: string
): { json: unknown; encoded: string } | undefined => {
  if (json === undefined) return undefined
  let encoded: string | undefined
  try {
    encoded = JSON.stringify(json)
  } catch {
    encoded = undefined
  }
  if (encoded === undefined) {
    throw new AppError('INTERNAL', `Hubkeys could not encode the request to ${host} as JSON.`)
  }
  return { json, encoded }
}

/**
 * True when `pem` holds at least one certificate and every certificate block parses. Node's TLS
 * silently ignores text it cannot read as a CA, which would turn a bad paste into a misleading
 * "untrusted certificate" error later.
 */
const readablePem = (pem: string): boolean => {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) return false
  try {
    for (const block of blocks) new X509Certificate(block)
    return true
  } catch {
    return false
  }
}

/**
 * The owner's logger behind the client's own scrubbing: every line is redacted here too, so a
 * logger that does not scrub (a test's, a future sink) still never receives a credential.
 */
const scrubbingLogger = (logger: Logger): Logger => ({
  log: (level, message, fields) =>
    logger.log(level, redact(message), fields ? redactFields(fields) : undefined)
})

export const createHttpClient = (
  config: HttpConnectionConfig,
  options: HttpClientOptions = {}
): ClosableHttpClient => {
  const logger = options.logger ? scrubbingLogger(options.logger) : silentLogger
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const tuning: RetryTuning = { ...defaultRetryTuning, ...options.retryTuning }
  const retries = clamp(config.retries, httpDefaults.retries, 0, maxRetries)
  const defaultTimeoutMs = clamp(config.timeoutMs, httpDefaults.timeoutMs, 1, maxTimeoutMs)
  const limit = pLimit(clamp(config.concurrency, httpDefaults.concurrency, 1, maxConcurrency))
  const caPem = config.caPem?.trim() ? config.caPem : undefined

  // One Agent per connection, so its CA or its insecure switch applies to this hub and nothing else.
  let agent: Agent | undefined
  let checked: { base: URL; host: string } | undefined
  let closed = false

  /** Validates the URL and the CA once, before the first byte goes out. */
  const prepare = (): { base: URL; host: string } => {
    if (checked) return checked
    const base = parseBaseUrl(config.baseUrl)
    const host = base.host
    if (caPem && !readablePem(caPem)) {
      throw new HttpFailure(
        'TLS',
        `The CA certificate stored for ${host} is not a readable PEM certificate; paste it again.`
      )
    }
    if (config.allowInvalidCertificate && base.protocol === 'https:') {
      logger.log('warn', 'Certificate checks are off for this connection', { host })
    }
    agent = new Agent({
      connect: {
        ...(caPem ? { ca: caPem } : {}),
        rejectUnauthorized: !config.allowInvalidCertificate
      },
      maxResponseSize: options.maxResponseBytes ?? httpDefaults.maxResponseBytes
    })
    checked = { base, host }
    return checked
  }

  const logPath = (url: URL, secrets: string[]): string => {
    const redacted = redactUrl(url.href)
    const prefix = `${url.protocol}//${url.host}`
    return scrubKnown(
      redacted.startsWith(prefix) ? redacted.slice(prefix.length) : '[redacted]',
      secrets
    )
  }

  const attemptOnce = async (
    url: URL,
    method: HttpRequest['method'],
    headers: Record<string, string>,
    body: { json: unknown; encoded: string } | undefined,
    timeoutMs: number,
    host: string,
    signal: AbortSignal | undefined
  ): Promise<Attempt> => {
    if (signal?.aborted) throw cancelled(host)
    // The timer covers the whole attempt, answer body included, not just the headers.
    const timer = new AbortController()
    let timedOut = false
    const handle = setTimeout(() => {
      timedOut = true
      timer.abort()
    }, timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal
    try {
      if (!agent) throw new TypeError('The HTTP client sent a request before preparing it.')
      // undici's request(), not its fetch: fetch builds WHATWG Request, Headers and stream objects
      // around every call, nearly a millisecond of CPU per request, and a sync makes thousands.
      // Nothing of fetch's is wanted here (retries, timeouts and redirects are this client's).
      // Redirects are not followed, so a credential never travels to a host the connection did
      // not name; a 3xx comes back as it is.
      const response = await undiciRequest(url, {
        method,
        // The body was encoded once, up front, so it cannot fail here.
        headers: body
          ? { ...headers, 'content-type': headers['content-type'] ?? 'application/json' }
          : headers,
        body: body?.encoded,
        signal: combined,
        dispatcher: agent
      })
      const text = await response.body.text()
      const responseHeaders: Record<string, string> = {}
      for (const [name, value] of Object.entries(response.headers)) {
        // Repeated headers join as fetch joins them.
        if (value !== undefined) {
          responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
        }
      }
      return {
        status: response.statusCode,
        headers: responseHeaders,
        text,
        json: parseJsonBody(text, responseHeaders['content-type'] ?? '')
      }
    } catch (error) {
      if (signal?.aborted) throw cancelled(host)
      if (timedOut) {
        throw new HttpFailure(
          'TIMEOUT',
          `${host} did not answer within ${describeSeconds(timeoutMs)}.`
        )
      }
      throw classifyTransportError(error, host)
    } finally {
      clearTimeout(handle)
    }
  }

  /** Runs `task` within the connection's concurrency limit; a waiting request still honours abort. */
  const limited = <T>(
    task: () => Promise<T>,
    host: string,
    signal: AbortSignal | undefined
  ): Promise<T> => {
    const run = limit(() => (signal?.aborted ? Promise.reject(cancelled(host)) : task()))
    if (!signal) return run
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(cancelled(host))
      signal.addEventListener('abort', onAbort, { once: true })
      void run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    })
  }

  const wait = async (ms: number, host: string, signal: AbortSignal | undefined): Promise<void> => {
    try {
      await sleep(ms, signal)
    } catch (error) {
      if (signal?.aborted) throw cancelled(host)
      throw error
    }
    if (signal?.aborted) throw cancelled(host)
  }

  const send = async (request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    if (closed) {
      throw new HttpFailure('CANCELLED', 'The connection was closed before the request was sent.')
    }
    const { base, host } = prepare()
    if (signal?.aborted) throw cancelled(host)
    const url = buildRequestUrl(base, request)
    const auth = authParts(request.auth ?? config.auth)
    const headers = buildHeaders(request.headers ?? {}, auth, host)
    const body = encodeJson(request.json, host)
    const timeoutMs = clamp(request.timeoutMs, defaultTimeoutMs, 1, maxTimeoutMs)
    // A request that must not be repeated (a create) gets exactly one attempt, whatever happens.
    const allowedRetries = request.retry ? retries : 0
    const path = logPath(url, auth.secrets)

    let waited = 0
    for (let attempt = 1; ; attempt++) {
      let outcome: { answer: HttpResponse } | { failure: HttpFailure }
      let waitMs: number | undefined
      try {
        const answer = await limited(
          () => attemptOnce(url, request.method, headers, body, timeoutMs, host, signal),
          host,
          signal
        )
        logger.log('debug', 'HTTP answer', {
          method: request.method,
          host,
          path,
          status: answer.status,
          attempt
        })
        outcome = { answer: { ...answer, attempts: attempt } }
        const decision = decideAfterStatus(
          answer.status,
          answer.headers,
          attempt,
          allowedRetries,
          now(),
          random,
          tuning
        )
        waitMs = decision.retry ? decision.waitMs : undefined
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error
        logger.log(error.kind === 'CANCELLED' ? 'debug' : 'warn', 'HTTP request failed', {
          method: request.method,
          host,
          path,
          failure: error.kind,
          // The user-facing sentence names only the host, but it is scrubbed of credentials anyway.
          reason: scrubKnown(error.message, auth.secrets),
          attempt
        })
        outcome = { failure: error }
        const transient = error.kind === 'NETWORK' || error.kind === 'TIMEOUT'
        waitMs =
          transient && attempt <= allowedRetries ? backoffMs(attempt, random, tuning) : undefined
      }
      // The waits of one call are bounded in total, so a busy hub cannot hold a user's action for minutes.
      if (waitMs === undefined || waited + waitMs > tuning.maxTotalWaitMs) {
        if ('failure' in outcome) throw outcome.failure
        return outcome.answer
      }
      waited += waitMs
      logger.log('info', 'HTTP retry', {
        method: request.method,
        host,
        path,
        attempt: attempt + 1,
        waitMs
      })
      await wait(waitMs, host, signal)
    }
  }

  return {
    request: send,
    close: async () => {
      closed = true
      await agent?.close()
    }
  }
}

/**
 * The factory the composition roots hand to core: every client writes its warnings (certificate
 * checks off, failures, retries) to the app's log, scrubbed.
 */
export const createHttpClientFactory =
  (logger: Logger): HttpClientFactory =>
  (config) =>
    createHttpClient(config, { logger })

// A factory whose clients log nothing, for tests and tools without a log; fits the port as is.
export const httpClientFactory: HttpClientFactory = createHttpClient
