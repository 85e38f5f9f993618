// The BSC DM-Hub adapter: keys recorded in Hubkeys (made in the profile page), verified and storage charted with the read-only usage API; runs in main.
import type {
  Capabilities,
  Connection,
  UsageInterval,
  UsagePoint
} from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import type { HttpAuth, HttpClient, HttpRequest, HttpResponse } from '../../ports/http.port'
import type { Secret } from '../../../common/secret'
import type {
  ConnectionTestResult,
  HubAdapter,
  HubKindModule,
  KeyRef,
  UsageQuery,
  VerifyResult
} from '../hub-adapter'
import { isSuccess, send, withoutSecrets } from '../hub-call'
import { hubError, malformedError } from '../hub-errors'
import { localRecordMethods, type LocalKeyPolicy } from '../local-keys'
import { parseHistoric, parseMyUsage, parseTimeseries, refusalMessage } from './dmhub.parse'

const label = 'DM-Hub'
const day = 86_400_000

/**
 * DM-Hub has no management API (HUBS.md): keys are created, revoked and deleted in the web profile,
 * and the admin pastes them into Hubkeys. Hubkeys keeps the record (name, status, expiry), verifies
 * a key with `GET myDataUsage` made with the key itself, and charts storage per fileset. "Delete"
 * forgets the record; the key keeps working until it is deleted or revoked in the profile page.
 */
export const dmhubCapabilities: Capabilities = {
  list: 'local',
  create: 'local',
  update: { name: true, ips: false, headers: false, role: false, status: true, expiry: true },
  updateTarget: 'local',
  delete: 'local',
  verify: true,
  usage: 'storage',
  // The admin makes the new key in the hub's console; Hubkeys stores, verifies and guides.
  rotation: 'guided',
  secretReturned: 'never',
  paging: 'none',
  roles: false,
  expiry: 'per-key'
}

const policy: LocalKeyPolicy = { label, madeWhere: 'in your DM-Hub profile page' }

/** The usage API lives under `/apiBack/dataUsageDaily`; accept a base URL that already includes it. */
const apiPrefix = (baseUrl: string): string => {
  let path = ''
  try {
    path = new URL(baseUrl).pathname.replace(/\/+$/, '')
  } catch {
    return '/apiBack/dataUsageDaily'
  }
  if (path.endsWith('/apiBack/dataUsageDaily')) return ''
  if (path.endsWith('/apiBack')) return '/dataUsageDaily'
  return '/apiBack/dataUsageDaily'
}

const checkConnection = (_connection: Connection, _credential: Secret | undefined): void => {
  // Nothing kind-specific is required: the admin key is optional, and fileset names are free text.
}

const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10)

/** Start of the bucket holding `at`: storage is daily, so minute and hour fall back to days. */
const bucketStart = (at: number, interval: UsageInterval): number => {
  const midnight = at - (((at % day) + day) % day)
  if (interval === 'week') return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * day
  if (interval === 'month') {
    const d = new Date(midnight)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  }
  return midnight
}

/**
 * Daily storage totals -> usage points. Storage is a level, not a count, so a week or month shows
 * its last day's value; `requests` is null (DM-Hub reports storage only).
 */
export const storagePoints = (
  days: ReadonlyMap<number, number>,
  from: number,
  to: number,
  interval: UsageInterval
): UsagePoint[] => {
  const buckets = new Map<number, { at: number; bytes: number }>()
  for (const at of [...days.keys()].sort((a, b) => a - b)) {
    if (at < from || at > to) continue
    buckets.set(bucketStart(at, interval), { at, bytes: days.get(at) ?? 0 })
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, last]) => ({ at: start, requests: null, bytes: last.bytes }))
}

const createAdapter: HubKindModule['create'] = ({
  connection,
  credential,
  http,
  now = Date.now
}) => {
  const admin = credential?.reveal().trim() ? credential.derive((key) => key.trim()) : undefined
  const client: HttpClient = http({
    baseUrl: connection.baseUrl,
    auth: admin ? { scheme: 'bearer', token: admin } : { scheme: 'none' },
    caPem: connection.tls.caPem,
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })
  const prefix = apiPrefix(connection.baseUrl)
  const configured = connection.settings.filesets ?? []

  const get = (
    path: string,
    auth: HttpAuth | undefined,
    query?: HttpRequest['query'],
    signal?: AbortSignal
  ): Promise<HttpResponse> =>
    send(
      client,
      label,
      {
        method: 'GET',
        path: `${prefix}${path}`,
        retry: true,
        ...(auth ? { auth } : {}),
        ...(query ? { query } : {})
      },
      signal
    )

  const refusal = (response: HttpResponse, secret?: Secret) =>
    withoutSecrets(refusalMessage(response.json), [admin, secret])

  const ok = (response: HttpResponse, secret?: Secret): HttpResponse => {
    if (!isSuccess(response.status)) throw hubError(label, response, refusal(response, secret))
    return response
  }

  const keyAuth = (secret: Secret): HttpAuth => ({ scheme: 'bearer', token: secret })

  const historicPath = (fileset: string) =>
    `/users/filesets/historic/${encodeURIComponent(fileset)}`

  /** Daily storage per fileset, with what the parsers found odd. */
  interface FilesetDays {
    filesets: Array<{ name: string; days: Map<number, number> }>
    oddities: string[]
  }

  /** With the admin key: one time-series call for every fileset the admin may see. */
  const adminUsage = async (from: number, to: number, signal?: AbortSignal) => {
    const response = ok(
      await get(
        '/timeseries/filesets',
        undefined,
        { startDate: isoDay(from), endDate: isoDay(to) },
        signal
      )
    )
    const parsed = parseTimeseries(response.json)
    if (!parsed.ok) throw malformedError(label, parsed.what)
    const wanted = new Set(configured)
    return {
      filesets: parsed.value.filter((fileset) => wanted.size === 0 || wanted.has(fileset.name)),
      oddities: parsed.oddities
    } satisfies FilesetDays
  }

  /** Without it: the key's own history in each fileset it uses (or the configured ones). */
  const keyUsage = async (secret: Secret, signal?: AbortSignal): Promise<FilesetDays> => {
    let filesets = configured
    const oddities: string[] = []
    if (filesets.length === 0) {
      const mine = parseMyUsage(
        ok(await get('/myDataUsage', keyAuth(secret), undefined, signal), secret).json
      )
      if (!mine.ok) throw malformedError(label, mine.what)
      oddities.push(...mine.oddities)
      filesets = mine.value.filesets.map((fileset) => fileset.name)
    }
    const out: FilesetDays['filesets'] = []
    for (const name of filesets) {
      const response = ok(await get(historicPath(name), keyAuth(secret), undefined, signal), secret)
      const parsed = parseHistoric(response.json)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      oddities.push(...parsed.oddities.map((odd) => `${name}: ${odd}`))
      out.push({ name, days: parsed.value })
    }
    return { filesets: out, oddities }
  }

  const rangeOf = (query: UsageQuery) => {
    const to = query.to ?? now()
    const from = query.from ?? to - 90 * day
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
      throw new AppError('BAD_REQUEST', 'The usage start must be a date before its end.')
    }
    return { from, to }
  }

  const adapter: HubAdapter = {
    kind: 'dmhub',
    capabilities: dmhubCapabilities,

    /**
     * With the admin key: `myDataUsage` as that user. Without one: the same call unauthenticated,
     * where a 401 or 403 proves the API is there and guarded.
     */
    async testConnection(signal): Promise<ConnectionTestResult> {
      const response = await get('/myDataUsage', undefined, undefined, signal)
      if (admin) {
        const parsed = parseMyUsage(ok(response).json)
        if (!parsed.ok) throw malformedError(label, parsed.what)
        const who = parsed.value.username
        const result: ConnectionTestResult = {
          detail: `Reached DM-Hub${who ? ` as ${who}` : ''}; the admin key was accepted.`
        }
        if (who) result.tenant = who
        return result
      }
      if (response.status === 401 || response.status === 403) {
        return {
          detail:
            "Reached DM-Hub; it asks for a key, as it should. Without an admin key, storage usage is read with each key's own value."
        }
      }
      ok(response)
      return { detail: 'Reached DM-Hub, but it answered without a key: check its access settings.' }
    },

    ...localRecordMethods(policy, label, now),

    async verifyKey(ref: KeyRef, signal): Promise<VerifyResult> {
      using secret = ref.secret?.()
      if (!secret) {
        throw new AppError(
          'BAD_REQUEST',
          'Hubkeys holds no value for this key, so it cannot verify it.'
        )
      }
      const response = await get('/myDataUsage', keyAuth(secret), undefined, signal)
      if (response.status === 401 || response.status === 403) {
        const why = refusal(response, secret)
        return {
          valid: false,
          detail: `DM-Hub refused this key (${response.status}${why ? `: ${why.replace(/\.$/, '')}` : ''}); it may be revoked, expired or deleted in the profile page.`
        }
      }
      const parsed = parseMyUsage(ok(response, secret).json)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      const { username, filesets } = parsed.value
      return {
        valid: true,
        detail: `DM-Hub accepted this key${username ? ` as ${username}` : ''} (${filesets.length} fileset${filesets.length === 1 ? '' : 's'}).`
      }
    },

    /**
     * Storage over time, in bytes: with the connection's admin key from the time series of every
     * fileset (or the configured ones); without it, from the key's own history per fileset. Storage
     * belongs to filesets, not keys, so with the admin key every key of the connection shows the
     * same chart; with a key's own value, the storage its user holds.
     */
    async usage(ref, query: UsageQuery, signal) {
      const { from, to } = rangeOf(query)
      let found: FilesetDays
      if (admin) found = await adminUsage(from, to, signal)
      else {
        using secret = ref.secret?.()
        if (!secret) {
          throw new AppError(
            'BAD_REQUEST',
            "DM-Hub storage needs an admin key on the connection or this key's value in Hubkeys."
          )
        }
        found = await keyUsage(secret, signal)
      }
      const days = new Map<number, number>()
      for (const fileset of found.filesets)
        for (const [at, bytes] of fileset.days) days.set(at, (days.get(at) ?? 0) + bytes)
      return {
        points: storagePoints(days, bucketStart(from, 'day'), to, query.interval ?? 'day'),
        oddities: found.oddities
      }
    },

    /** Storage per fileset needs the admin key: only the time series names every fileset. */
    async filesetUsage(query: UsageQuery, signal) {
      const { from, to } = rangeOf(query)
      if (!admin) {
        throw new AppError(
          'BAD_REQUEST',
          'Storage per fileset needs an admin key on the DM-Hub connection (owners and admins only).'
        )
      }
      const found = await adminUsage(from, to, signal)
      return {
        filesets: found.filesets.map((fileset) => ({
          name: fileset.name,
          points: storagePoints(fileset.days, bucketStart(from, 'day'), to, query.interval ?? 'day')
        })),
        oddities: found.oddities
      }
    }
  }
  return adapter
}

export const dmhubHub: HubKindModule = {
  kind: 'dmhub',
  capabilities: dmhubCapabilities,
  checkConnection,
  create: createAdapter
}
