// Small helpers the Optidash, Data Hub and DM-Hub adapters share: one request with transport errors mapped, secret scrubbing; runs in main.
import type { HttpClient, HttpRequest, HttpResponse } from '../ports/http.port'
import type { Secret } from '../../common/secret'
import { transportError } from './hub-errors'

/** Sends one request; a request that got no answer becomes an AppError naming the hub (never the URL). */
export const send = async (
  http: HttpClient,
  hubLabel: string,
  request: HttpRequest,
  signal?: AbortSignal
): Promise<HttpResponse> => {
  try {
    return await http.request(request, signal)
  } catch (failure) {
    throw transportError(hubLabel, failure)
  }
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300

/**
 * Removes known secrets (the key being handled, the connection's credential) from a hub's message
 * before it becomes an error: hubs echo the request back ("Key <value> not found"), and a plain key
 * in prose has nothing that the generic redaction could recognise.
 */
export const withoutSecrets = (
  text: string | undefined,
  secrets: ReadonlyArray<Secret | undefined>
): string | undefined => {
  if (text === undefined) return undefined
  let out = text
  for (const held of secrets) {
    // Revealed only to be searched for; the copy is dropped with this loop.
    const secret = held?.reveal().trim()
    if (!secret || secret.length < 4) continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('[redacted]')
    }
  }
  return out
}
