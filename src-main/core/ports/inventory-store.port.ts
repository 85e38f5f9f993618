// The port for connections and the key inventory; the SQLite adapter implements it on the same database as the vault.
import type {
  ConnectionSettings,
  Environment,
  HubKey,
  HubKind,
  TlsSettings
} from '../../contract/hubs.contract'

export interface ConnectionRecord {
  id: string
  name: string
  kind: HubKind
  baseUrl: string
  settings: ConnectionSettings
  tls: TlsSettings
  environment: Environment
  colour: string
  /** Id of the vault secret holding the master credential, if one is stored. */
  credentialSecretId: string | null
  createdAt: number
  updatedAt: number
}

export type ConnectionWrite = Omit<ConnectionRecord, 'createdAt' | 'updatedAt'>

/** A key in the local inventory: the hub's view plus what only Hubkeys knows. */
export interface KeyRecord extends HubKey {
  /** Hubkeys' own id for the key (stable across syncs). */
  id: string
  connectionId: string
  /** Vault secret holding the key's value, when Hubkeys has it. */
  secretId: string | null
  notes: string | null
  tags: string[]
  usage7d: number | null
  usage30d: number | null
  syncedAt: number
}

/** Hubkeys' own fields of a key; absent fields stay as they are. */
export interface KeyAnnotationPatch {
  notes?: string | null
  tags?: string[]
  owner?: string | null
}

/**
 * Synchronous, like the vault store, so writes compose in one `transaction` with vault secrets
 * (a new key's secret and its record commit together or not at all). Throws `StoreError`.
 */
export interface InventoryStore {
  listConnections(): ConnectionRecord[]
  getConnection(id: string): ConnectionRecord | undefined
  /** Case-insensitive, like the UNIQUE constraint. */
  findConnectionByName(name: string): ConnectionRecord | undefined
  /** Throws `StoreError` CONFLICT when the name is taken. */
  insertConnection(connection: ConnectionWrite): ConnectionRecord
  updateConnection(connection: ConnectionWrite): ConnectionRecord
  /** Removes the connection and (cascade) its keys; returns false when there was none. */
  deleteConnection(id: string): boolean

  /** Inserts or updates by (connection, tenant, hubKeyId); local fields (notes, tags, owner) are kept; fresh hub data ends `missing` and `deleted` marks. */
  upsertKey(
    connectionId: string,
    key: HubKey,
    extra?: { secretId?: string | null; syncedAt?: number }
  ): KeyRecord
  getKey(id: string): KeyRecord | undefined
  findKey(connectionId: string, tenant: string, hubKeyId: string): KeyRecord | undefined
  listKeys(connectionId?: string): KeyRecord[]
  /** The connection's keys among `ids` (others are skipped), in `listKeys`' order. */
  listKeysById(connectionId: string, ids: readonly string[]): KeyRecord[]
  /** Removes the row for good (forgetting a key); the caller removes its vault secret with it. */
  deleteKey(id: string): boolean
  /**
   * A key deleted at the hub through Hubkeys: status `deleted` since `at`, the row and its value
   * kept until the user forgets it; later syncs do not bring it back as active.
   */
  markKeyDeleted(id: string, at: number): boolean
  /**
   * Sets Hubkeys' own fields of a key (only those given); nothing else of the row moves, so a
   * later sync keeps them. Returns the key, or undefined when there is no such row.
   */
  annotateKey(id: string, patch: KeyAnnotationPatch): KeyRecord | undefined

  transaction<T>(fn: () => T): T
}
