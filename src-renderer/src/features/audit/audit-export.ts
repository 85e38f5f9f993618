// Turns the audit entries on screen into CSV and JSON files for evidence (ISO times, connection names, no secrets exist to leak); renderer.
import { csvCell } from '../../../../src-main/contract/csv-text'
import type { AuditEntry } from '../../../../src-main/contract/audit.contract'
import { entryConnectionIds, entryKeyName } from './audit-labels'

export const csvColumns = [
  'seq',
  'time',
  'action',
  'outcome',
  'actor',
  'channel',
  'connection_id',
  'connection_name',
  'key_name',
  'key_id',
  'hub_key_id',
  'fingerprint',
  'detail'
] as const

const iso = (at: number) => new Date(at).toISOString()

/** "Acme prod; Lab dev": the names of the connections the entry is about, ids for removed ones. */
const connectionNames = (
  entry: AuditEntry,
  connectionName: (id: string) => string | undefined
): string | null => {
  const ids = entryConnectionIds(entry)
  return ids.length === 0 ? null : ids.map((id) => connectionName(id) ?? id).join('; ')
}

export const auditCsv = (
  entries: readonly AuditEntry[],
  connectionName: (id: string) => string | undefined
): string => {
  const lines = entries.map((entry) =>
    [
      entry.seq,
      iso(entry.at),
      entry.action,
      entry.outcome,
      entry.actor,
      entry.channel,
      entry.connectionId,
      connectionNames(entry, connectionName),
      entryKeyName(entry) ?? null,
      entry.keyId,
      entry.hubKeyId,
      entry.fingerprint,
      Object.keys(entry.detail).length === 0 ? null : JSON.stringify(entry.detail)
    ]
      .map(csvCell)
      .join(',')
  )
  // CRLF, as RFC 4180 and spreadsheet imports expect.
  return [csvColumns.join(','), ...lines].join('\r\n') + '\r\n'
}

export const auditJson = (
  entries: readonly AuditEntry[],
  connectionName: (id: string) => string | undefined,
  exportedAt: number
): string =>
  JSON.stringify(
    {
      exportedAt: iso(exportedAt),
      count: entries.length,
      entries: entries.map((entry) => ({
        ...entry,
        time: iso(entry.at),
        connectionName: connectionNames(entry, connectionName),
        keyName: entryKeyName(entry) ?? null
      }))
    },
    null,
    2
  ) + '\n'

/** `hubkeys-audit-2026-12-06.csv`: the local date the file was made. */
export const auditFileName = (at: number, extension: 'csv' | 'json'): string => {
  const date = new Date(at)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `hubkeys-audit-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.${extension}`
}
