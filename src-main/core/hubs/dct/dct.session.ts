// The DCT adapter's connection state and request helpers (auth, base path, errors, key-id checks, single reads) shared by its parts; runs in main.
import { type Secret } from '../../../common/secret'
import type { Connection, HubKey } from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import {
  HttpFailure,
  type HttpAuth,
  type HttpClientFactory,
  type HttpRequest,
  type HttpResponse
} from '../../ports/http.port'
import type { KeyRef } from '../hub-adapter'
import { hubError, malformedError, transportError } from '../hub-errors'
import { parseAccount, parseApiClient, parseErrorDetail, type DctAccount } from './dct.parse'
import {
  featureSupport,
  resolveDctProfile,
  unsupportedSentence,
  type DctFeature,
  type DctProfile
} from './dct.version'

export interface DctAdapterContext {
  connection: Connection
  credential: Secret | undefined
  http: HttpClientFactory
  now?: () => number
}

/** The stored credential without an `apk ` prefix the admin may have pasted with it. */
export const bareToken = (credential: string): string =>
  credential
    .trim()
    .replace(/^apk(\s+|$)/i, '')
    .trim()

/** DCT keys look like `<accountId>.<64 characters>` (inferred from DCT's examples, not guaranteed). */
export const looksLikeDctToken = (token: string): boolean =>
  /^\d{1,19}\.[A-Za-z0-9]{64}$/.test(bareToken(token))

const accountIdPattern = /^\d{1,19}$/

/** What every part of the DCT adapter shares: one connection, one client, one own key. */
export interface DctSession {
  readonly profile: DctProfile
  readonly label: string
  readonly tenant: string
  /** True for DCT 2.x, whose keys are API clients rather than accounts. */
  readonly legacy: boolean
  /** `/management/accounts`, or `/management/api-clients` on 2.x. */
  readonly listPath: string
  now(): number
  /** The connection's own API key (it changes after api-key-regenerate). */
  ownToken(): Secret
  /** Switches every later call to a new own key (the old one is dead after a regenerate). */
  replaceOwnToken(token: Secret): void
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>
  /** A request that must not be retried; a lost answer says what may have happened anyway. */
  sendOnce(request: HttpRequest, consequence: string, signal?: AbortSignal): Promise<HttpResponse>
  ok(response: HttpResponse): boolean
  failed(response: HttpResponse): AppError
  collectionFailed(response: HttpResponse): AppError
  refuse(feature: DctFeature): AppError
  gate(feature: DctFeature): void
  accountId(ref: KeyRef): string
  readAccount(id: string, signal?: AbortSignal): Promise<DctAccount>
  readApiClient(
    id: string,
    signal?: AbortSignal
  ): Promise<{ key: HubKey; raw: Record<string, unknown> }>
}

export const createDctSession = (context: DctAdapterContext): DctSession => {
  const { connection } = context
  const now = context.now ?? Date.now
  const profile = resolveDctProfile(connection.settings)
  const label = `DCT '${connection.name}'`
  if (!context.credential?.reveal().trim()) {
    throw new AppError(
      'BAD_REQUEST',
      `${label} has no stored API key; edit the connection and enter one.`
    )
  }
  // Mutable: after api-key-regenerate the old key is dead and every later call uses the new one.
  let ownToken = context.credential.derive(bareToken)
  const ownAuth = (): HttpAuth => ({ scheme: 'apk', token: ownToken })

  let baseUrl: URL | undefined
  try {
    baseUrl = new URL(connection.baseUrl)
  } catch {
    baseUrl = undefined
  }
  const tenant = baseUrl?.host ?? connection.name
  // A base URL that already ends with the base path (https://dct.example/dct/v3) is not prefixed twice.
  const basePathInUrl =
    !!baseUrl &&
    profile.basePath !== '' &&
    baseUrl.pathname.replace(/\/+$/, '').endsWith(profile.basePath)
  const prefix = basePathInUrl ? '' : profile.basePath
  const legacy = profile.family === 'api-clients'

  const client = context.http({
    baseUrl: connection.baseUrl,
    auth: ownAuth(),
    ...(connection.tls.caPem ? { caPem: connection.tls.caPem } : {}),
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })

  const send = async (request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    try {
      return await client.request(
        { ...request, path: `${prefix}${request.path}`, auth: request.auth ?? ownAuth() },
        signal
      )
    } catch (failure) {
      throw transportError(label, failure)
    }
  }

  const ok = (response: HttpResponse): boolean => response.status >= 200 && response.status < 300

  const failed = (response: HttpResponse): AppError =>
    hubError(label, response, parseErrorDetail(response.json))

  /** A 404 on a collection means nothing lives at this base path, not that a key is missing. */
  const collectionFailed = (response: HttpResponse): AppError =>
    response.status === 404
      ? new AppError(
          'NOT_FOUND',
          `${label} has no DCT ${legacy ? 'API-client' : 'account'} API at ${profile.basePath || '/'}; check the base path (/dct/v3 for 3.17+, /v3 for 3.0-3.16, /v2 for 2.x).`
        )
      : failed(response)

  const refuse = (feature: DctFeature): AppError =>
    new AppError('UNSUPPORTED', unsupportedSentence(label, profile, feature))

  const gate = (feature: DctFeature): void => {
    if (featureSupport(profile, feature) === 'no') throw refuse(feature)
  }

  const accountId = (ref: KeyRef): string => {
    const id = ref.hubKeyId.trim()
    if (!accountIdPattern.test(id)) {
      throw new AppError(
        'BAD_REQUEST',
        // The id is not echoed: a secret pasted into the wrong field must not reach a message.
        `${label}: that key id is not a DCT ${legacy ? 'API-client' : 'account'} id (they are numbers).`
      )
    }
    return id
  }

  /** A request whose answer went missing after it may have changed the hub: say what that means. */
  const lostAnswer = (failure: unknown, consequence: string): AppError => {
    const error = transportError(label, failure)
    if (
      !(failure instanceof HttpFailure) ||
      failure.kind === 'INSECURE_URL' ||
      failure.kind === 'TLS'
    )
      return error
    return new AppError(error.code, `${error.message.replace(/\.$/, '')}; ${consequence}`)
  }

  const sendOnce = async (
    request: HttpRequest,
    consequence: string,
    signal?: AbortSignal
  ): Promise<HttpResponse> => {
    try {
      return await client.request(
        {
          ...request,
          path: `${prefix}${request.path}`,
          auth: request.auth ?? ownAuth(),
          retry: false
        },
        signal
      )
    } catch (failure) {
      throw lostAnswer(failure, consequence)
    }
  }

  const readAccount = async (id: string, signal?: AbortSignal): Promise<DctAccount> => {
    const response = await send(
      { method: 'GET', path: `/management/accounts/${id}`, retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    const account = parseAccount(response.json, tenant, now())
    if (!account) throw malformedError(label, 'the account had no readable id')
    return account
  }

  const readApiClient = async (
    id: string,
    signal?: AbortSignal
  ): Promise<{ key: HubKey; raw: Record<string, unknown> }> => {
    const response = await send(
      { method: 'GET', path: `/management/api-clients/${id}`, retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    const key = parseApiClient(response.json, tenant)
    if (!key) throw malformedError(label, 'the API client had no readable id')
    return { key, raw: response.json as Record<string, unknown> }
  }

  return {
    profile,
    label,
    tenant,
    legacy,
    listPath: legacy ? '/management/api-clients' : '/management/accounts',
    now,
    ownToken: () => ownToken,
    // The old Secret is not disposed: a request already under way may still read it.
    replaceOwnToken: (token) => {
      ownToken = token
    },
    send,
    sendOnce,
    ok,
    failed,
    collectionFailed,
    refuse,
    gate,
    accountId,
    readAccount,
    readApiClient
  }
}
