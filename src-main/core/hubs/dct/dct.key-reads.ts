// The DCT adapter's reads: paging through accounts (or 2.x API clients), one key or account, and the search for a lost create; runs in main.
import type { HubKey } from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import type { KeyPage, KeyRef } from '../hub-adapter'
import { malformedError } from '../hub-errors'
import { parseAccount, parseApiClient, parsePage, type DctAccount } from './dct.parse'
import type { DctSession } from './dct.session'

/** Tag Hubkeys puts on accounts it creates, so a create whose answer was lost can be found again. */
export const idempotencyTagKey = 'hubkeys-idempotency'

/** DCT's documented default page size; the maximum is 1000. */
const pageSize = 100
/** A server that keeps handing out cursors past this many pages is looping. */
const maxPages = 100_000

export interface DctKeyReads {
  listKeys(signal?: AbortSignal): AsyncIterable<KeyPage>
  getKey(ref: KeyRef, signal?: AbortSignal): Promise<HubKey>
  getAccount(ref: KeyRef, signal?: AbortSignal): Promise<DctAccount>
  findByIdempotencyToken(token: string, signal?: AbortSignal): Promise<HubKey | null>
}

export const createDctKeyReads = (session: DctSession): DctKeyReads => {
  const { label, tenant, legacy, listPath, profile, now } = session

  async function* listKeys(signal?: AbortSignal): AsyncIterable<KeyPage> {
    let cursor: string | undefined
    const seen = new Set<string>()
    for (let page = 0; page < maxPages; page++) {
      // The cursor carries the order; the spec says to send it "along with limit".
      const query =
        cursor === undefined ? { limit: pageSize, sort: 'id' } : { limit: pageSize, cursor }
      const response = await session.send(
        { method: 'GET', path: listPath, query, retry: true },
        signal
      )
      if (!session.ok(response)) throw session.collectionFailed(response)
      const parsed = parsePage(response.json, (item) =>
        legacy ? parseApiClient(item, tenant) : (parseAccount(item, tenant, now())?.key ?? null)
      )
      if (!parsed)
        throw malformedError(
          label,
          `the ${legacy ? 'API-client' : 'account'} list was not {items, response_metadata}`
        )
      yield {
        keys: parsed.items,
        tenant,
        ...(parsed.oddities.length ? { oddities: parsed.oddities } : {})
      }
      // A cursor that cannot be followed leaves the list's end unknown: the listing is partial.
      if (parsed.cursorUnreadable)
        throw malformedError(label, 'the next-page cursor could not be read')
      if (!parsed.nextCursor) return
      if (seen.has(parsed.nextCursor)) throw malformedError(label, 'the next-page cursor repeated')
      seen.add(parsed.nextCursor)
      cursor = parsed.nextCursor
    }
    throw malformedError(label, `the list did not end after ${maxPages} pages`)
  }

  const getAccount = async (ref: KeyRef, signal?: AbortSignal): Promise<DctAccount> => {
    if (legacy)
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which has API clients, not accounts.`
      )
    return session.readAccount(session.accountId(ref), signal)
  }

  const getKey = async (ref: KeyRef, signal?: AbortSignal): Promise<HubKey> =>
    legacy
      ? (await session.readApiClient(session.accountId(ref), signal)).key
      : (await session.readAccount(session.accountId(ref), signal)).key

  const findByIdempotencyToken = async (
    token: string,
    signal?: AbortSignal
  ): Promise<HubKey | null> => {
    const clean = token.trim()
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(clean)) {
      throw new AppError(
        'BAD_REQUEST',
        'An idempotency token may hold only letters, digits, - and _.'
      )
    }
    if (legacy) {
      for await (const page of listKeys(signal)) {
        const found = page.keys.find((key) => key.name.endsWith(clean))
        if (found) return found
      }
      return null
    }
    const response = await session.send(
      {
        method: 'POST',
        path: '/management/accounts/search',
        query: { limit: 2 },
        json: {
          filter_expression: `tags CONTAINS {key EQ '${idempotencyTagKey}' AND value EQ '${clean}'}`
        },
        retry: true
      },
      signal
    )
    if (!session.ok(response)) throw session.collectionFailed(response)
    const page = parsePage(response.json, (item) => parseAccount(item, tenant, now())?.key ?? null)
    if (!page) throw malformedError(label, 'the search answer was not {items, response_metadata}')
    return page.items[0] ?? null
  }

  return { listKeys, getKey, getAccount, findByIdempotencyToken }
}
