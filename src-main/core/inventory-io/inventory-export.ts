// Writes the cached inventory as JSON or CSV: metadata only, or with the keys' values sealed in an encrypted envelope when explicitly asked; core, runs in main, web mode and the CLI.
import { csvText } from '../../contract/csv-text'
import type { KeyDetail } from '../../contract/inventory.contract'
import type { ExportFile, ExportRequest } from '../../contract/inventory-io.contract'
import { AppError } from '../../contract/result'
import type { InventoryQueryService } from '../inventory/inventory-query.service'
import type { InventoryStore } from '../ports/inventory-store.port'
import type { Kdf } from '../ports/kdf.port'
import type { VaultService } from '../vault/vault.service'
import { sealExport } from './export-envelope'
import { fileStamp } from '../../contract/file-stamp'

export interface InventoryExportOptions {
  query: Pick<InventoryQueryService, 'all' | 'getMany'>
  store: Pick<InventoryStore, 'getKey'>
  vault: Pick<VaultService, 'readSecret'>
  kdf: Kdf
  now?: () => number
}

const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString())

/** What a key looks like in an export: Hubkeys' view, never its secret id or sealed bytes. */
const exported = (key: KeyDetail) => ({
  id: key.id,
  connection: key.connectionName,
  kind: key.kind,
  environment: key.environment,
  tenant: key.tenant,
  hubKeyId: key.hubKeyId,
  name: key.name,
  status: key.status,
  role: key.role,
  scopes: key.scopes,
  ipRules: key.ipRules,
  headers: key.headers,
  createdAt: iso(key.createdAt),
  expiresAt: iso(key.expiresAt),
  lastUsedAt: iso(key.lastUsedAt),
  owner: key.owner,
  tags: key.tags,
  notes: key.notes,
  fingerprint: key.fingerprint,
  hasValue: key.hasSecret,
  missingSince: iso(key.missingSince),
  deletedAt: iso(key.deletedAt),
  syncedAt: iso(key.syncedAt)
})

const csvColumns = [
  'connection',
  'kind',
  'environment',
  'tenant',
  'hub_key_id',
  'name',
  'status',
  'role',
  'created',
  'expires',
  'last_used',
  'owner',
  'tags',
  'ip_rules',
  'fingerprint'
] as const

const csvRow = (key: ReturnType<typeof exported>, value?: string | null) => [
  key.connection,
  key.kind,
  key.environment,
  key.tenant,
  key.hubKeyId,
  key.name,
  key.status,
  key.role,
  key.createdAt,
  key.expiresAt,
  key.lastUsedAt,
  key.owner,
  key.tags.join(' '),
  key.ipRules === null ? null : key.ipRules.join('; '),
  key.fingerprint,
  ...(value === undefined ? [] : [value])
]

export const createInventoryExport = (options: InventoryExportOptions) => {
  const clock = options.now ?? Date.now

  /** Every cached key of the chosen connections, in connection then name order, with details. */
  const details = (connectionIds?: readonly string[]): KeyDetail[] => {
    const ids: string[] = []
    for (const row of options.query.all({
      search: '',
      filter: connectionIds ? { connectionIds: [...connectionIds] } : {},
      sort: { field: 'connection', direction: 'asc' }
    }))
      ids.push(row.id)
    const keys: KeyDetail[] = []
    for (let start = 0; start < ids.length; start += 500)
      keys.push(...options.query.getMany(ids.slice(start, start + 500)))
    return keys
  }

  /** The value of one key, read from the vault on purpose for a sealed export. Never log it. */
  const valueOf = (id: string): string | null => {
    const secretId = options.store.getKey(id)?.secretId ?? null
    if (secretId === null) return null
    using secret = options.vault.readSecret(secretId)
    return secret.reveal()
  }

  return async (request: ExportRequest & { withSecrets: boolean }): Promise<ExportFile> => {
    if (request.connectionIds && request.connectionIds.length === 0)
      throw new AppError('BAD_REQUEST', 'Pick at least one connection to export.')
    const at = clock()
    const keys = details(request.connectionIds).map((key) => ({
      key: exported(key),
      value: request.withSecrets ? valueOf(key.id) : undefined
    }))
    const base = `hubkeys-inventory-${fileStamp(at)}`
    const contentType = request.format === 'json' ? 'application/json' : 'text/csv'
    const plaintext =
      request.format === 'json'
        ? `${JSON.stringify(
            {
              format: 'hubkeys-inventory',
              version: 1,
              exportedAt: new Date(at).toISOString(),
              withValues: request.withSecrets,
              keys: keys.map(({ key, value }) => (value === undefined ? key : { ...key, value }))
            },
            null,
            2
          )}\n`
        : csvText([
            [...csvColumns, ...(request.withSecrets ? ['value'] : [])],
            ...keys.map(({ key, value }) => csvRow(key, value))
          ])
    if (!request.withSecrets) {
      return {
        fileName: `${base}.${request.format}`,
        mediaType: contentType,
        text: plaintext,
        keys: keys.length,
        encrypted: false
      }
    }
    // The schema requires it with withSecrets; checked again because this text holds every value.
    if (!request.passphrase)
      throw new AppError('BAD_REQUEST', 'Exporting the values needs a passphrase.')
    return {
      fileName: `${base}.${request.format}.hubkeys-encrypted.json`,
      mediaType: 'application/json',
      text: await sealExport(options.kdf, request.passphrase, contentType, plaintext),
      keys: keys.length,
      encrypted: true
    }
  }
}
