// The DCT adapter's live checks: verifying a key's secret (token-info, or a 2.x read) and testing the connection; runs in main.
import { AppError } from '../../../contract/result'
import type { HttpAuth } from '../../ports/http.port'
import type { ConnectionTestResult, KeyRef, VerifyResult } from '../hub-adapter'
import { malformedError } from '../hub-errors'
import { parseErrorCode, parseErrorDetail, parsePage, parseTokenInfo } from './dct.parse'
import { bareToken, type DctSession } from './dct.session'

export interface DctKeyChecks {
  verifyKey(ref: KeyRef, signal?: AbortSignal): Promise<VerifyResult>
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>
}

export const createDctKeyChecks = (session: DctSession): DctKeyChecks => {
  const { label, tenant, legacy, listPath, profile } = session
  const { send, ok, failed } = session

  const verifyKey = async (ref: KeyRef, signal?: AbortSignal): Promise<VerifyResult> => {
    const id = session.accountId(ref)
    using secret = ref.secret?.()
    if (!secret?.reveal().trim()) {
      throw new AppError(
        'BAD_REQUEST',
        `${label}: Hubkeys has no stored secret for this key, so it cannot check it.`
      )
    }
    // The key authenticates its own check, so a 401 can only mean this key is refused.
    using token = secret.derive(bareToken)
    const keyAuth: HttpAuth = { scheme: 'apk', token }
    if (legacy) {
      // 2.x has no token-info; a documented read made with the key shows whether it authenticates.
      const response = await send(
        {
          method: 'GET',
          path: '/management/api-clients',
          query: { limit: 1 },
          retry: true,
          auth: keyAuth
        },
        signal
      )
      if (response.status === 401) {
        const why = parseErrorDetail(response.json)
        return {
          valid: false,
          detail: `DCT refused the key${why ? `: ${why.replace(/\.$/, '')}` : ''}.`
        }
      }
      if (response.status === 403)
        return { valid: true, detail: 'The key authenticates, though it may not list API clients.' }
      if (!ok(response)) throw failed(response)
      return { valid: true, detail: 'The key authenticates with DCT.' }
    }
    const response = await send(
      {
        method: 'POST',
        path: '/token-info',
        // The spec's example writes the scheme before the token ("Bearer eyJ..."); DCT keys use "apk".
        json: { token: `apk ${token.reveal()}` },
        retry: true,
        auth: keyAuth
      },
      signal
    )
    if (response.status === 401) {
      const why = parseErrorDetail(response.json) ?? parseErrorCode(response.json)
      return {
        valid: false,
        detail: `DCT refused the key${why ? `: ${why.replace(/\.$/, '')}` : ''}.`
      }
    }
    if (!ok(response)) throw failed(response)
    const info = parseTokenInfo(response.json)
    if (info?.active === false)
      return { valid: false, detail: 'DCT says the key is no longer active.' }
    if (info?.accountId && info.accountId !== id) {
      return {
        valid: false,
        detail: `The stored secret belongs to DCT account ${info.accountId}, not account ${id}.`
      }
    }
    const days = info?.expiresInSeconds != null ? Math.floor(info.expiresInSeconds / 86_400) : null
    const expiry =
      days === null
        ? ''
        : days < 1
          ? '; it expires within a day'
          : `; it expires in ${days} day${days === 1 ? '' : 's'}`
    return {
      valid: true,
      detail: `The key is active for ${info?.username ? `'${info.username}'` : `account ${id}`}${expiry}.`
    }
  }

  const testConnection = async (signal?: AbortSignal): Promise<ConnectionTestResult> => {
    const response = await send(
      { method: 'GET', path: listPath, query: { limit: 1 }, retry: true },
      signal
    )
    if (!ok(response)) throw session.collectionFailed(response)
    const page = parsePage(response.json, (item) => item)
    if (!page) throw malformedError(label, 'the list was not {items, response_metadata}')
    const noun = legacy ? 'API client' : 'account'
    const count =
      page.total === null ? '' : ` with ${page.total} ${noun}${page.total === 1 ? '' : 's'}`
    let who = ''
    if (!legacy) {
      // Best effort: naming the connection's own account helps, but a refusal here is not a failure.
      const info = await send(
        {
          method: 'POST',
          path: '/token-info',
          json: { token: `apk ${session.ownToken().reveal()}` },
          retry: true
        },
        signal
      ).catch(() => undefined)
      const parsed = info && ok(info) ? parseTokenInfo(info.json) : null
      if (parsed?.username) who = ` as '${parsed.username}'`
    }
    return {
      detail: `Reached DCT ${profile.label} at ${tenant}${profile.basePath}${count}${who}.`,
      tenant
    }
  }

  return { verifyKey, testConnection }
}
