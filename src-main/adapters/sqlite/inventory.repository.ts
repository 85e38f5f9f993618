// SQLite implementation of the InventoryStore port: connections and the normalised key inventory.
import { randomUUID } from 'node:crypto'
import { keyStatusSchema, type HubKey, type KeyStatus } from '../../contract/hubs.contract'
import type {
  ConnectionRecord,
  ConnectionWrite,
  InventoryStore,
  KeyAnnotationPatch,
  KeyRecord
} from '../../core/ports/inventory-store.port'
import { StoreError } from '../../core/ports/store-error'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

interface ConnectionRow {
  id: string
  name: string
  kind: ConnectionRecord['kind']
  base_url: string
  settings: string
  colour: string | null
  environment: ConnectionRecord['environment']
  credential_secret_id: string | null
  created_at: number
  updated_at: number
}

interface KeyRow {
  id: string
  connection_id: string
  tenant: string
  hub_key_id: string
  name: string
  status: string
  role: string | null
  scopes: string
  ip_rules: string
  headers: string
  created_at: number | null
  expires_at: number | null
  last_used_at: number | null
  usage_7d: number | null
  usage_30d: number | null
  owner: string | null
  notes: string | null
  tags: string
  fingerprint: string | null
  secret_id: string | null
  synced_at: number
  oddities: string
}

const parseJson = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

const toConnection = (row: ConnectionRow): ConnectionRecord => {
  // `settings` holds the hub-specific fields and, under `tls`, the connection's TLS choices.
  const { tls, ...settings } = parseJson<Record<string, unknown>>(row.settings, {})
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    settings: settings as ConnectionRecord['settings'],
    tls: {
      allowInvalidCertificate: false,
      ...(tls as object | undefined)
    } as ConnectionRecord['tls'],
    environment: row.environment,
    colour: row.colour ?? '#64748b',
    credentialSecretId: row.credential_secret_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

const statuses: readonly KeyStatus[] = keyStatusSchema.options

const toKey = (row: KeyRow): KeyRecord => ({
  id: row.id,
  connectionId: row.connection_id,
  hubKeyId: row.hub_key_id,
  tenant: row.tenant,
  name: row.name,
  status: (statuses as readonly string[]).includes(row.status)
    ? (row.status as KeyStatus)
    : 'unknown',
  role: row.role,
  scopes: parseJson<string[]>(row.scopes, []),
  ipRules: parseJson<string[] | null>(row.ip_rules, null),
  headers: parseJson<KeyRecord['headers']>(row.headers, []),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  owner: row.owner,
  fingerprint: row.fingerprint,
  // Oddities are kept with the key so the UI can say what the hub sent that was strange.
  oddities: parseJson<string[]>(row.oddities, []),
  secretId: row.secret_id,
  notes: row.notes,
  tags: parseJson<string[]>(row.tags, []),
  usage7d: row.usage_7d,
  usage30d: row.usage_30d,
  syncedAt: row.synced_at
})

export interface SqliteInventoryStoreOptions {
  now?: () => number
  newId?: () => string
}

/** Needs a migrated database (`openStore`). Shares the connection, and so transactions, with the vault store. */
export const createSqliteInventoryStore = (
  db: SqliteDb,
  options: SqliteInventoryStoreOptions = {}
): InventoryStore => {
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomUUID
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }
  const connectionColumns =
    'id, name, kind, base_url, settings, colour, environment, credential_secret_id, created_at, updated_at'
  const selectConnections = db.prepare<[], ConnectionRow>(
    `SELECT ${connectionColumns} FROM connections ORDER BY name COLLATE NOCASE`
  )
  const selectConnection = db.prepare<[string], ConnectionRow>(
    `SELECT ${connectionColumns} FROM connections WHERE id = ?`
  )
  const selectConnectionByName = db.prepare<[string], ConnectionRow>(
    `SELECT ${connectionColumns} FROM connections WHERE name = ? COLLATE NOCASE`
  )
  const insertConnection = db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, settings, colour, environment, credential_secret_id, created_at, updated_at)
     VALUES (@id, @name, @kind, @base_url, @settings, @colour, @environment, @credential_secret_id, @at, @at)`
  )
  const updateConnection = db.prepare(
    `UPDATE connections SET name = @name, base_url = @base_url, settings = @settings, colour = @colour,
       environment = @environment, credential_secret_id = @credential_secret_id, updated_at = @at
     WHERE id = @id`
  )
  const deleteConnection = db.prepare<[string]>('DELETE FROM connections WHERE id = ?')

  const keyColumns = `id, connection_id, tenant, hub_key_id, name, status, role, scopes, ip_rules, headers, created_at,
    expires_at, last_used_at, usage_7d, usage_30d, owner, notes, tags, fingerprint, secret_id, synced_at,
    oddities`
  const selectKey = db.prepare<[string], KeyRow>(`SELECT ${keyColumns} FROM keys WHERE id = ?`)
  const selectKeyByHubId = db.prepare<[string, string, string], KeyRow>(
    `SELECT ${keyColumns} FROM keys WHERE connection_id = ? AND tenant = ? AND hub_key_id = ?`
  )
  const selectKeys = db.prepare<[], KeyRow>(
    `SELECT ${keyColumns} FROM keys ORDER BY name COLLATE NOCASE, id`
  )
  const selectKeysOf = db.prepare<[string], KeyRow>(
    `SELECT ${keyColumns} FROM keys WHERE connection_id = ? ORDER BY name COLLATE NOCASE, id`
  )
  const selectKeysById = db.prepare<[string, string], KeyRow>(
    `SELECT ${keyColumns} FROM keys WHERE connection_id = ? AND id IN (SELECT value FROM json_each(?))
     ORDER BY name COLLATE NOCASE, id`
  )
  const upsertKey = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, scopes, ip_rules, headers,
       created_at, expires_at, last_used_at, owner, fingerprint, secret_id, synced_at, oddities)
     VALUES (@id, @connection_id, @tenant, @hub_key_id, @name, @status, @role, @scopes, @ip_rules, @headers,
       @created_at, @expires_at, @last_used_at, @owner, @fingerprint, @secret_id, @synced_at, @oddities)
     ON CONFLICT (connection_id, tenant, hub_key_id) DO UPDATE SET
       name = excluded.name, status = excluded.status, role = excluded.role, scopes = excluded.scopes,
       ip_rules = excluded.ip_rules, headers = excluded.headers, created_at = excluded.created_at,
       expires_at = excluded.expires_at, last_used_at = excluded.last_used_at,
       owner = COALESCE(keys.owner, excluded.owner),
       fingerprint = COALESCE(excluded.fingerprint, keys.fingerprint),
       secret_id = COALESCE(excluded.secret_id, keys.secret_id),
       synced_at = excluded.synced_at, oddities = excluded.oddities,
       missing_since = NULL, deleted_at = NULL`
  )
  const deleteKey = db.prepare<[string]>('DELETE FROM keys WHERE id = ?')
  // Only the status moves: the row, its value, notes, tags and history stay until forgotten.
  const markDeleted = db.prepare<[number, string]>(
    "UPDATE keys SET status = 'deleted', deleted_at = ?, missing_since = NULL WHERE id = ?"
  )

  // Each field moves only when its flag says so; the hub's columns are never touched here.
  const annotate = db.prepare(
    `UPDATE keys SET
       notes = CASE WHEN @set_notes THEN @notes ELSE notes END,
       tags = CASE WHEN @set_tags THEN @tags ELSE tags END,
       owner = CASE WHEN @set_owner THEN @owner ELSE owner END
     WHERE id = @id`
  )
  const annotationParams = (id: string, patch: KeyAnnotationPatch) => ({
    id,
    set_notes: patch.notes === undefined ? 0 : 1,
    notes: patch.notes ?? null,
    set_tags: patch.tags === undefined ? 0 : 1,
    tags: JSON.stringify(patch.tags ?? []),
    set_owner: patch.owner === undefined ? 0 : 1,
    owner: patch.owner ?? null
  })

  const connectionParams = (c: ConnectionWrite) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    base_url: c.baseUrl,
    settings: JSON.stringify({ ...c.settings, tls: c.tls }),
    colour: c.colour,
    environment: c.environment,
    credential_secret_id: c.credentialSecretId,
    at: now()
  })

  const store: InventoryStore = {
    listConnections: () =>
      guard('read the connections', () => selectConnections.all().map(toConnection)),
    getConnection: (id) =>
      guard('read the connection', () => {
        const row = selectConnection.get(id)
        return row && toConnection(row)
      }),
    findConnectionByName: (name) =>
      guard('read the connection', () => {
        const row = selectConnectionByName.get(name)
        return row && toConnection(row)
      }),
    insertConnection: (connection) =>
      guard('save the connection', () => {
        if (selectConnectionByName.get(connection.name)) {
          throw new StoreError(
            'CONFLICT',
            `A connection named "${connection.name}" already exists.`
          )
        }
        insertConnection.run(connectionParams(connection))
        return toConnection(selectConnection.get(connection.id) as ConnectionRow)
      }),
    updateConnection: (connection) =>
      guard('save the connection', () => {
        const clash = selectConnectionByName.get(connection.name)
        if (clash && clash.id !== connection.id) {
          throw new StoreError(
            'CONFLICT',
            `A connection named "${connection.name}" already exists.`
          )
        }
        if (updateConnection.run(connectionParams(connection)).changes === 0) {
          throw new StoreError('CONFLICT', 'That connection no longer exists.')
        }
        return toConnection(selectConnection.get(connection.id) as ConnectionRow)
      }),
    deleteConnection: (id) =>
      guard('remove the connection', () => deleteConnection.run(id).changes > 0),

    upsertKey: (connectionId, key: HubKey, extra = {}) =>
      guard('save the key', () => {
        const existing = selectKeyByHubId.get(connectionId, key.tenant, key.hubKeyId)
        const id = existing?.id ?? newId()
        upsertKey.run({
          id,
          connection_id: connectionId,
          tenant: key.tenant,
          hub_key_id: key.hubKeyId,
          name: key.name,
          status: key.status,
          role: key.role,
          scopes: JSON.stringify(key.scopes),
          ip_rules: JSON.stringify(key.ipRules),
          headers: JSON.stringify(key.headers),
          created_at: key.createdAt,
          expires_at: key.expiresAt,
          last_used_at: key.lastUsedAt,
          owner: key.owner,
          fingerprint: key.fingerprint,
          secret_id: extra.secretId ?? null,
          synced_at: extra.syncedAt ?? now(),
          oddities: JSON.stringify(key.oddities)
        })
        return toKey(selectKey.get(id) as KeyRow)
      }),
    getKey: (id) =>
      guard('read the key', () => {
        const row = selectKey.get(id)
        return row && toKey(row)
      }),
    findKey: (connectionId, tenant, hubKeyId) =>
      guard('read the key', () => {
        const row = selectKeyByHubId.get(connectionId, tenant, hubKeyId)
        return row && toKey(row)
      }),
    listKeys: (connectionId) =>
      guard('read the keys', () =>
        (connectionId === undefined ? selectKeys.all() : selectKeysOf.all(connectionId)).map(toKey)
      ),
    listKeysById: (connectionId, ids) =>
      guard('read the keys', () =>
        selectKeysById.all(connectionId, JSON.stringify(ids)).map(toKey)
      ),
    deleteKey: (id) => guard('remove the key', () => deleteKey.run(id).changes > 0),
    markKeyDeleted: (id, at) =>
      guard('mark the key deleted', () => markDeleted.run(at, id).changes > 0),
    annotateKey: (id, patch) =>
      guard('save the key', () => {
        if (annotate.run(annotationParams(id, patch)).changes === 0) return undefined
        return toKey(selectKey.get(id) as KeyRow)
      }),
    transaction: <T>(fn: () => T): T =>
      guard('save the changes', () =>
        db.transaction((): T => {
          const result = fn()
          if (typeof (result as { then?: unknown } | null)?.then === 'function') {
            throw new TypeError('A store transaction callback must be synchronous.')
          }
          return result
        })()
      )
  }
  return store
}
