// The Owl Data Hub adapter: keys recorded in Hubkeys (no management API) and verified live with the consumer export call; runs in main.
import { checkDatahubHeaders, checkDatahubIpFilters } from '../../../contract/datahub-rules'
import type { Capabilities, Connection, HubKey } from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import type { HttpAuth, HttpClient, HttpResponse } from '../../ports/http.port'
import type { Secret } from '../../../common/secret'
import type {
  ConnectionTestResult,
  HubAdapter,
  HubKindModule,
  KeyRef,
  VerifyResult
} from '../hub-adapter'
import { isSuccess, send, withoutSecrets } from '../hub-call'
import { hubError, malformedError } from '../hub-errors'
import { localRecordMethods, type LocalKeyPolicy } from '../local-keys'
import { parseExportAnswer, refusalMessage } from './datahub.parse'
import { generateDatahubToken } from './datahub.token'

const label = 'Data Hub'

/**
 * Owl has no public management API (HUBS.md): keys are made and edited in the Owl web app. Hubkeys
 * records each key (value pasted, or generated for a generic token with `generateDatahubToken`),
 * keeps its properties and history (`updateTarget: 'local'`; the UI shows `owlChanges` so the admin
 * mirrors the edit in Owl), and verifies it live with the consumer export call. "Delete" forgets
 * the record; the key keeps working until it is removed or set inactive in Owl.
 */
export const datahubCapabilities: Capabilities = {
  list: 'local',
  create: 'local',
  update: { name: true, ips: true, headers: true, role: false, status: true, expiry: true },
  updateTarget: 'local',
  delete: 'local',
  verify: true,
  usage: 'none',
  // The admin makes the new key in the hub's console; Hubkeys stores, verifies and guides.
  rotation: 'guided',
  secretReturned: 'never',
  paging: 'none',
  roles: false,
  expiry: 'per-key',
  // HUBS.md: IPv4 ranges with a netmask; no filters means any address (checkDatahubIpFilters).
  ipList: { emptyList: 'allows-all', families: [4] },
  // HUBS.md: the admin chooses a generic token's value; Owl makes the other two.
  accessTypes: [
    { id: 'api-key', valueChosen: false },
    { id: 'contentserv-token', valueChosen: false },
    { id: 'generic-token', valueChosen: true }
  ],
  // HUBS.md: names are unique (Optidash: create and rename; Owl: the key's name).
  uniqueNames: true
}

/** The documented verification body: no filter, no changes, offset 0, one record. */
export const datahubProbeBody = { filter: {}, changes: {}, limit: '0,1' } as const

const policy: LocalKeyPolicy = {
  label,
  madeWhere: 'in the Owl web app',
  accessTypes: datahubCapabilities.accessTypes!.map((offer) => offer.id),
  ips(rules) {
    const checked = checkDatahubIpFilters(rules)
    if (!checked.ok) {
      const first = checked.errors[0]!
      throw new AppError('BAD_REQUEST', `IP filter ${first.index + 1}: ${first.error}`)
    }
    return checked.rules
  },
  headers(rules) {
    const checked = checkDatahubHeaders(rules)
    if (!checked.ok) {
      const first = checked.errors[0]!
      throw new AppError('BAD_REQUEST', `Response header ${first.index + 1}: ${first.error}`)
    }
    return checked.headers
  }
}

/**
 * Where the export endpoint is: `settings.exportPath` as a full URL, or as a path under the base URL;
 * without it, the base URL itself is the endpoint.
 */
export const exportTarget = (connection: Connection): { baseUrl: string; path: string } => {
  const exportPath = connection.settings.exportPath?.trim()
  if (exportPath && /^https?:\/\//i.test(exportPath)) return { baseUrl: exportPath, path: '' }
  return { baseUrl: connection.baseUrl, path: exportPath ?? '' }
}

const checkConnection = (connection: Connection, _credential: Secret | undefined): void => {
  const exportPath = connection.settings.exportPath?.trim()
  if (exportPath) {
    if (/^https?:\/\//i.test(exportPath)) {
      if (!URL.canParse(exportPath)) {
        throw new AppError('BAD_REQUEST', 'The export endpoint is not a valid URL.')
      }
    } else if (!exportPath.startsWith('/') || /\s/.test(exportPath)) {
      throw new AppError(
        'BAD_REQUEST',
        'Write the export endpoint as a path starting with / (like /owl/export/products) or as a full URL.'
      )
    }
    return
  }
  let path = '/'
  try {
    path = new URL(connection.baseUrl).pathname
  } catch {
    // The connection service reports a bad base URL itself; here only the missing endpoint matters.
  }
  if (path.replace(/\/+$/, '') === '') {
    throw new AppError(
      'BAD_REQUEST',
      'Give the Data Hub export endpoint (the URL consumers POST to): Hubkeys verifies keys with it.'
    )
  }
}

const createAdapter: HubKindModule['create'] = ({
  connection,
  credential,
  http,
  now = Date.now
}) => {
  checkConnection(connection, credential)
  const target = exportTarget(connection)
  const client: HttpClient = http({
    baseUrl: target.baseUrl,
    // Each call names its key; the connection itself holds none (an optional test key at most).
    auth: { scheme: 'none' },
    caPem: connection.tls.caPem,
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })
  const testKey = credential?.reveal().trim() ? credential : undefined

  /** The consumer call of HUBS.md: `POST <export>` with `Authorization: <raw key>`. */
  const probe = (auth: HttpAuth, signal?: AbortSignal): Promise<HttpResponse> =>
    send(
      client,
      label,
      { method: 'POST', path: target.path, json: datahubProbeBody, retry: true, auth },
      signal
    )

  const refusal = (response: HttpResponse, secret: Secret | undefined): string | undefined =>
    withoutSecrets(refusalMessage(response.json), [secret])

  const isKeyRefusal = (status: number) => status === 401 || status === 403

  /** Differences between what Hubkeys records and what the export did, worth a sentence. */
  const driftNote = (current: HubKey | undefined, response: HttpResponse): string => {
    if (!current) return ''
    const notes: string[] = []
    if (current.status === 'inactive') notes.push('Hubkeys records it as inactive')
    if (current.status === 'expired') notes.push('Hubkeys records it as expired')
    const missing = current.headers
      .filter((rule) => rule.enabled && response.headers[rule.name.toLowerCase()] === undefined)
      .map((rule) => rule.name)
    if (missing.length > 0)
      notes.push(`the answer lacked the recorded header ${missing.join(', ')}`)
    return notes.length > 0 ? ` Note: ${notes.join('; ')}; check the key in Owl.` : ''
  }

  const adapter: HubAdapter = {
    kind: 'datahub',
    capabilities: datahubCapabilities,

    /**
     * With a test key stored as the connection's credential, runs the consumer call with it.
     * Without one, runs it with no key: a 401 or 403 proves the endpoint is there and guarded.
     */
    async testConnection(signal): Promise<ConnectionTestResult> {
      const response = await probe(
        testKey ? { scheme: 'raw', value: testKey } : { scheme: 'none' },
        signal
      )
      if (testKey) {
        if (!isSuccess(response.status)) throw hubError(label, response, refusal(response, testKey))
        const parsed = parseExportAnswer(response.json)
        if (!parsed.ok) throw malformedError(label, parsed.what)
        const name = parsed.value.name ? ` "${parsed.value.name}"` : ''
        return { detail: `Reached the Data Hub export${name}; the stored test key was accepted.` }
      }
      if (isKeyRefusal(response.status)) {
        return { detail: 'Reached the Data Hub export endpoint; it asks for a key, as it should.' }
      }
      if (isSuccess(response.status)) {
        return {
          detail:
            'Reached the Data Hub export endpoint, but it answered without a key: check its access settings in Owl.'
        }
      }
      throw hubError(label, response, refusal(response, undefined))
    },

    ...localRecordMethods(policy, label, now),

    generateSecret(accessType) {
      const offer = datahubCapabilities.accessTypes!.find((type) => type.id === accessType)
      if (!offer?.valueChosen) {
        throw new AppError(
          'BAD_REQUEST',
          'Owl makes the value of this access type; paste the value Owl shows.'
        )
      }
      return generateDatahubToken()
    },

    async verifyKey(ref: KeyRef, signal): Promise<VerifyResult> {
      using secret = ref.secret?.()
      if (!secret) {
        throw new AppError(
          'BAD_REQUEST',
          'Hubkeys holds no value for this key, so it cannot verify it.'
        )
      }
      const response = await probe({ scheme: 'raw', value: secret }, signal)
      if (isKeyRefusal(response.status)) {
        const why = refusal(response, secret)
        return {
          valid: false,
          detail: `The Data Hub refused this key (${response.status}${why ? `: ${why.replace(/\.$/, '')}` : ''}).`
        }
      }
      if (!isSuccess(response.status)) throw hubError(label, response, refusal(response, secret))
      const parsed = parseExportAnswer(response.json)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      const name = parsed.value.name ? ` "${parsed.value.name}"` : ''
      return {
        valid: true,
        detail: `The Data Hub export${name} accepted this key.${driftNote(ref.current, response)}`
      }
    }
  }
  return adapter
}

export const datahubHub: HubKindModule = {
  kind: 'datahub',
  capabilities: datahubCapabilities,
  checkConnection,
  create: createAdapter
}
