// The DCT adapter's server- and self-level operations: who the connection's own key belongs to, regenerating it, and reading the server-wide key lifetime; runs in main.
import { Secret } from '../../../common/secret'
import { AppError } from '../../../contract/result'
import { fingerprintOf } from '../fingerprint'
import { malformedError } from '../hub-errors'
import { parseCreatedToken, parseGlobalKeyExpiry, parseTokenInfo } from './dct.parse'
import type { DctSession } from './dct.session'
import { featureSupport } from './dct.version'

/** The new key of the connection's own account, from api-key-regenerate. */
export interface RegeneratedKey {
  /** The new API key. The old one stopped working: store this as the connection's credential now. */
  secret: Secret
  accountId: string | null
  fingerprint: string
}

export interface GlobalKeyExpiry {
  /** Lifetime DCT gives new and reset API keys, in seconds; null = keys never expire. */
  seconds: number | null
  /** False when the server's properties did not include `api_key_expiry_time`. */
  reported: boolean
}

/** The account the connection's own key belongs to, from token-info. */
export interface OwnAccount {
  accountId: string
  username: string | null
}

export interface DctOwnAccount {
  /**
   * The account behind the connection's stored key, or null when DCT refuses that key (it was
   * regenerated, reset or deleted). Network and server errors throw: they say nothing about the key.
   */
  ownAccount(signal?: AbortSignal): Promise<OwnAccount | null>
  /** Why this server cannot regenerate the connection's key (too old), known without a call; else undefined. */
  regenerateRefusal(): string | undefined
  regenerateOwnKey(signal?: AbortSignal): Promise<RegeneratedKey>
  globalKeyExpiry(signal?: AbortSignal): Promise<GlobalKeyExpiry>
}

export const createDctOwnAccount = (session: DctSession): DctOwnAccount => {
  const { label, legacy, profile } = session
  const { send, ok, failed } = session

  const ownAccount = async (signal?: AbortSignal): Promise<OwnAccount | null> => {
    if (legacy) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, whose API clients have no token-info to ask who a key belongs to.`
      )
    }
    const response = await send(
      {
        method: 'POST',
        path: '/token-info',
        json: { token: `apk ${session.ownToken().reveal()}` },
        retry: true
      },
      signal
    )
    if (response.status === 401) return null
    if (!ok(response)) throw failed(response)
    const info = parseTokenInfo(response.json)
    if (info?.active === false) return null
    if (!info?.accountId) {
      throw malformedError(label, "token-info named no account for the connection's key")
    }
    return { accountId: info.accountId, username: info.username ?? null }
  }

  const regenerateRefusal = (): string | undefined =>
    legacy || featureSupport(profile, 'api-key-regenerate') === 'no'
      ? session.refuse('api-key-regenerate').message
      : undefined

  const regenerateOwnKey = async (signal?: AbortSignal): Promise<RegeneratedKey> => {
    if (legacy) throw session.refuse('api-key-regenerate')
    session.gate('api-key-regenerate')
    const response = await session.sendOnce(
      {
        method: 'POST',
        path: '/management/accounts/api-key-regenerate',
        json: { token: session.ownToken().reveal() },
        retry: false
      },
      "the connection's key may have been replaced anyway; if it no longer works, create a new key for this account in DCT and store it with the connection.",
      signal
    )
    if (
      (response.status === 404 || response.status === 405) &&
      featureSupport(profile, 'api-key-regenerate') === 'maybe'
    ) {
      throw session.refuse('api-key-regenerate')
    }
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created) {
      throw malformedError(
        label,
        'the regenerate answer had no API key; if the stored key no longer works, create a new one in DCT'
      )
    }
    // The old key is dead from here on: use the new one for every later call of this adapter.
    // DCT's JSON answer still holds the token as an unwipeable string; from here on it is a Secret.
    session.replaceOwnToken(Secret.fromString(created.token))
    return {
      secret: Secret.fromString(created.token),
      accountId: created.id,
      fingerprint: fingerprintOf(created.token)
    }
  }

  const globalKeyExpiry = async (signal?: AbortSignal): Promise<GlobalKeyExpiry> => {
    if (legacy) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which has no server-wide API-key expiry setting.`
      )
    }
    const response = await send(
      { method: 'GET', path: '/management/properties', retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    if (!response.json || typeof response.json !== 'object')
      throw malformedError(label, 'the properties were not an object')
    const seconds = parseGlobalKeyExpiry(response.json)
    return { seconds: seconds ?? null, reported: seconds !== undefined }
  }

  return { ownAccount, regenerateRefusal, regenerateOwnKey, globalKeyExpiry }
}
