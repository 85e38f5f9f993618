// The one interface every hub kind implements (Cycle, DCT, Optidash, Data Hub, DM-Hub); runs in main.
import type {
  AccessType,
  Capabilities,
  Connection,
  HeaderRule,
  HubKey,
  HubKind,
  KeyStatus,
  UsageInterval,
  UsagePoint
} from '../../contract/hubs.contract'
import type { HttpClientFactory } from '../ports/http.port'
import type { UsageQuota } from '../ports/usage-store.port'
import type { Secret } from '../../common/secret'

/** One page of keys as the hub returned it. */
export interface KeyPage {
  keys: HubKey[]
  /** Tenant (Cycle hub, DCT server, ...) these keys belong to; '' when the hub has no tenants. */
  tenant: string
  /** What was odd about the page itself (not its keys) while its paging was still followed. */
  oddities?: string[]
  /**
   * Names the hub gives the role ids its keys carry (id -> name), when the listing read the hub's
   * whole role list; sync stores them beside the ids so the cache shows names offline.
   */
  roleNames?: ReadonlyMap<string, string>
}

export interface CreateKeyInput {
  name: string
  /** Cycle role id; DCT ignores it. */
  role?: string
  /** CIDR or plain addresses; `null` = no restriction. */
  ips?: string[] | null
  headers?: HeaderRule[]
  status?: Extract<KeyStatus, 'active' | 'inactive'>
  expiresAt?: number | null
  /**
   * For hubs that never return a secret (Data Hub, DM-Hub): the value the admin pasted or
   * generated. Borrowed: the adapter must not dispose it.
   */
  secret?: Secret
  /** What the key grants, where the kind declares `capabilities.accessTypes` (Data Hub). */
  accessType?: AccessType
  /** Unique token Hubkeys puts into the key name so a crash between create and store is recoverable. */
  idempotencyToken?: string
}

export interface CreatedKey {
  key: HubKey
  /** The secret, when the hub returns it (once). Store it first; the caller owns it. */
  secret: Secret | null
}

export type KeyPatch = Partial<{
  name: string
  role: string
  ips: string[] | null
  headers: HeaderRule[]
  status: Extract<KeyStatus, 'active' | 'inactive'>
  expiresAt: number | null
}>

/** How an adapter reaches an existing key: its hub id, plus its secret when the hub addresses keys by value. */
export interface KeyRef {
  hubKeyId: string
  /**
   * Reads the key's secret from the vault on demand (Optidash paths, verification). Each call
   * returns a new Secret that the caller owns and disposes after its last use.
   */
  secret?: () => Secret
  /**
   * The record Hubkeys holds for the key. Kinds whose edits land in Hubkeys' own records
   * (`capabilities.updateTarget === 'local'`: Data Hub, DM-Hub) need it to return the edited key.
   */
  current?: HubKey
}

export interface VerifyResult {
  valid: boolean
  /** One sentence for the admin: why it is (in)valid. */
  detail: string
}

export interface ConnectionTestResult {
  /** One sentence: what was reached and as whom, e.g. "Reached hub 'acme' with 34 API keys." */
  detail: string
  tenant?: string
}

export interface UsageQuery {
  from?: number
  to?: number
  interval?: UsageInterval
}

/** Usage buckets as the hub sent them, with what its parser found odd (shown beside the data). */
export interface UsageReport {
  points: UsagePoint[]
  oddities: string[]
}

/** Storage per fileset (DM-Hub), daily levels in bytes, with the parser's oddities. */
export interface FilesetUsageReport {
  filesets: Array<{ name: string; points: UsagePoint[] }>
  oddities: string[]
}

/** A role a key may be given, with what it grants (contract `hubRoleSchema`). */
export interface Role {
  id: string
  name: string
  /** Every capability (Cycle's `capabilities.all`). */
  allCapabilities: boolean
  /** The capabilities granted one by one. */
  capabilities: string[]
}

/**
 * A connected adapter. Methods throw AppError with contract codes and one actionable sentence
 * (e.g. which Cycle capability the key lacks); never a credential, secret or key-bearing URL.
 * Methods a kind's capabilities say it lacks throw `UNSUPPORTED`.
 */
export interface HubAdapter {
  readonly kind: HubKind
  readonly capabilities: Capabilities
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>
  /** Yields the hub's keys page by page (capabilities.list === 'hub'). */
  listKeys(signal?: AbortSignal): AsyncIterable<KeyPage>
  /** Reads one key fresh from the hub. */
  getKey?(ref: KeyRef, signal?: AbortSignal): Promise<HubKey>
  createKey(input: CreateKeyInput, signal?: AbortSignal): Promise<CreatedKey>
  updateKey(ref: KeyRef, patch: KeyPatch, signal?: AbortSignal): Promise<HubKey>
  deleteKey(ref: KeyRef, signal?: AbortSignal): Promise<void>
  /** Checks a key's secret live against the hub. */
  verifyKey(ref: KeyRef, signal?: AbortSignal): Promise<VerifyResult>
  usage?(ref: KeyRef, query: UsageQuery, signal?: AbortSignal): Promise<UsageReport>
  /** Storage per fileset of the connection (kinds with `usage: 'storage'`). */
  filesetUsage?(query: UsageQuery, signal?: AbortSignal): Promise<FilesetUsageReport>
  /** The account's request quota (kinds that report one). */
  quota?(signal?: AbortSignal): Promise<UsageQuota>
  listRoles?(signal?: AbortSignal): Promise<Role[]>
  /**
   * A new random value for a key of an access type whose value the admin chooses
   * (`capabilities.accessTypes[].valueChosen`); the caller owns and disposes it.
   */
  generateSecret?(accessType: AccessType): Secret
}

/** What a hub kind's module exports: capabilities and a factory. */
export interface HubKindModule {
  kind: HubKind
  capabilities: Capabilities
  /** Validates kind-specific settings; throws AppError BAD_REQUEST with a clear sentence. */
  checkConnection(connection: Connection, credential: Secret | undefined): void
  create(context: {
    connection: Connection
    /** The master credential from the vault; the adapter keeps it, revealing it only to send it. */
    credential: Secret | undefined
    http: HttpClientFactory
    now?: () => number
  }): HubAdapter
}
