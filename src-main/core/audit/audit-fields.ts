// What one audited call records: the action (derived where the outcome decides it) and the non-secret ids picked from its request and answer; core, pure.
import type { AuditAction } from '../../contract/audit-actions'
import type { AuditActor, AuditOutcome } from '../../contract/audit.contract'
import type { ChannelName } from '../../contract/channels'
import { preferencesPatchSchema } from '../../contract/preferences.contract'

/** One finished call of a channel whose `audit` fact is not false, as dispatch hands it over. */
export interface AuditedCall {
  channel: ChannelName
  /** The channel's `audit` fact. */
  fact: AuditAction
  transport: 'ipc' | 'ws' | 'cli' | 'test'
  /** The request after its schema; undefined when it failed it (nothing of it is picked then). */
  request: unknown
  /** The checked answer; undefined when the call failed. */
  response: unknown
  outcome: AuditOutcome
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface AuditFields {
  actor: AuditActor
  action: AuditAction
  /** The key's id, else its hub id, else the connection: what the entry is about. */
  target: string | null
  /** Everything else, canonical JSON in the store; ids, names, counts and outcomes only. */
  detail: Record<string, Json>
}

/** The preferences an entry names with their new values: every one but the window's place. */
const preferenceFields = Object.keys(preferencesPatchSchema.shape).filter(
  (name) => name !== 'window'
)

const actors: Record<AuditedCall['transport'], AuditActor> = {
  ipc: 'app',
  ws: 'web',
  cli: 'cli',
  test: 'test'
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

/** An id-like string field; anything else (or an overlong value) is not picked. */
const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined

const actionOf = (call: AuditedCall): AuditAction => {
  if (call.fact === 'unlock' && call.outcome !== 'ok') return 'unlock-failed'
  if (call.fact === 'remember' && record(call.request).enabled === false) return 'remember-off'
  return call.fact
}

/** The sync's per-connection outcome and counts (its error messages stay out: they quote hubs). */
const syncResults = (response: Record<string, unknown>): Json[] | undefined => {
  if (!Array.isArray(response.results)) return undefined
  return response.results.slice(0, 200).map((item) => {
    const result = record(item)
    return {
      connectionId: idOf(result.connectionId) ?? null,
      outcome: idOf(result.outcome) ?? null,
      added: typeof result.added === 'number' ? result.added : null,
      removed: typeof result.removed === 'number' ? result.removed : null,
      changed: typeof result.changed === 'number' ? result.changed : null
    }
  })
}

/**
 * Picks by field name, never by copying a side: requests of channels that carry a secret hold it
 * in fields no rule here reads (`password`, `credential`, `secret`), and neither do answers
 * (`keys:create` answers the value beside the key, which is read field by field).
 */
export const auditFieldsOf = (call: AuditedCall): AuditFields => {
  const request = record(call.request)
  const response = record(call.response)
  const key = call.channel === 'keys:create' ? record(response.key) : response
  const isConnectionChannel = call.channel.startsWith('connections:')
  const keyRef = idOf(request.keyId)

  const connectionId =
    idOf(request.connectionId) ??
    (isConnectionChannel ? (idOf(request.id) ?? idOf(response.id)) : undefined)
  const keyId = idOf(key.localId) ?? (keyRef?.startsWith('sha256:') ? undefined : keyRef)
  const hubKeyId = idOf(key.hubKeyId)
  const fingerprint = idOf(key.fingerprint) ?? (keyRef?.startsWith('sha256:') ? keyRef : undefined)
  const name = idOf(key.name) ?? (isConnectionChannel ? idOf(response.name) : undefined)

  const detail: Record<string, Json> = { channel: call.channel, outcome: call.outcome }
  const put = (field: string, value: Json | undefined) => {
    if (value !== undefined) detail[field] = value
  }
  put('connectionId', connectionId)
  put('keyId', keyId)
  put('hubKeyId', hubKeyId)
  put('fingerprint', fingerprint)
  put('name', name)
  if (call.channel === 'sync:start') {
    const results = syncResults(response)
    // The connections named, or (a sync of all) the ones it ran for: the connection filter reads these.
    const named = Array.isArray(request.connectionIds)
      ? request.connectionIds
      : (results ?? []).map((result) => record(result).connectionId)
    put('connectionIds', named.filter((id) => idOf(id) !== undefined) as Json[])
    put('results', results)
  }
  if (call.channel === 'keys:delete') put('removedAt', idOf(response.removedAt))
  // Which fields an edit named, never their values (notes are free text).
  if (call.channel === 'keys:update' || call.channel === 'keys:annotate')
    put(
      'fields',
      Object.keys(request).filter((field) => field !== 'connectionId' && field !== 'keyId')
    )
  if (call.channel === 'keys:verify' && typeof response.valid === 'boolean')
    put('valid', response.valid)
  if (call.channel === 'vault:lock') put('reason', 'manual')
  // How a key was copied (value, header, curl, env); the answer's text is never read.
  if (call.channel === 'keys:copy') put('as', idOf(request.as))
  // Preferences hold nothing secret by design (contract/preferences.contract.ts); the window's
  // size and place are not worth an entry's room.
  if (call.channel === 'prefs:set') {
    const changed: Record<string, Json> = {}
    for (const name of preferenceFields) {
      const value = request[name]
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
        changed[name] = value as Json
    }
    put('changed', changed)
  }
  return {
    actor: actors[call.transport],
    action: actionOf(call),
    target: keyId ?? hubKeyId ?? fingerprint ?? connectionId ?? null,
    detail
  }
}
