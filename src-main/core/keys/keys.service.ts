// Key actions on a connection (list live, create, update, delete, verify, usage); secrets stored before shown. Runs in main.
import { platform } from '../ports/platform.port'
import type { HubKey } from '../../contract/hubs.contract'
import { AppError } from '../../contract/result'
import type { ConnectionsService } from '../connections/connections.service'
import { fingerprintOf } from '../hubs/fingerprint'
import type {
  CreateKeyInput,
  HubAdapter,
  KeyPatch,
  KeyRef,
  UsageQuery,
  UsageReport,
  VerifyResult
} from '../hubs/hub-adapter'
import { transportError, unsupported } from '../hubs/hub-errors'
import type { InventoryStore, KeyRecord } from '../ports/inventory-store.port'
import type { Secret } from '../../common/secret'
import type { VaultService } from '../vault/vault.service'

export interface KeysServiceOptions {
  inventory: InventoryStore
  vault: VaultService
  connections: ConnectionsService
  newSecretId?: () => string
  now?: () => number
}

/** A new key; `generateSecret` asks the adapter for a value (an access type whose value the admin chooses). */
export type NewKeyInput = CreateKeyInput & { generateSecret?: boolean }

export interface RecordKeyInput {
  name: string
  accessType?: CreateKeyInput['accessType']
  /** The key's value; borrowed (the caller disposes it). */
  secret: Secret
  status?: 'active' | 'inactive'
  expiresAt?: number | null
  createdAt?: number | null
  owner?: string | null
  ipRules?: string[] | null
  headers?: HubKey['headers']
}

export interface KeysService {
  /** Reads keys straight from the hub (or Hubkeys' records where the hub has no list). */
  listLive(connectionId: string, signal?: AbortSignal): Promise<HubKey[]>
  /** Creates a key; its secret is sealed in the vault in the same transaction as its record. */
  create(connectionId: string, input: NewKeyInput, signal?: AbortSignal): Promise<KeyRecord>
  /**
   * Records a key that already exists at a hub Hubkeys cannot list (Optidash, Data Hub, DM-Hub):
   * the admin pastes its value; it is sealed with the record in one transaction.
   */
  record(connectionId: string, input: RecordKeyInput): Promise<KeyRecord>
  update(
    connectionId: string,
    keyId: string,
    patch: KeyPatch,
    signal?: AbortSignal
  ): Promise<KeyRecord>
  /** `confirmName` must be the key's name (its id when nameless) on a production connection. */
  delete(
    connectionId: string,
    keyId: string,
    options?: { confirmName?: string; signal?: AbortSignal }
  ): Promise<void>
  verify(connectionId: string, keyId: string, signal?: AbortSignal): Promise<VerifyResult>
  usage(
    connectionId: string,
    keyId: string,
    query: UsageQuery,
    signal?: AbortSignal
  ): Promise<UsageReport>
  /** Finds a key by Hubkeys id, by the hub's key id, or by its value's fingerprint when unique. */
  resolve(connectionId: string, keyId: string): KeyRecord | undefined
}

export const createKeysService = (options: KeysServiceOptions): KeysService => {
  const { inventory, vault, connections } = options
  const newSecretId = options.newSecretId ?? (() => `key:${platform().randomUUID()}`)
  const now = options.now ?? Date.now

  const resolve = (connectionId: string, keyId: string): KeyRecord | undefined => {
    const byId = inventory.getKey(keyId)
    if (byId && byId.connectionId === connectionId) return byId
    const keys = inventory.listKeys(connectionId)
    const byHubId = keys.find((key) => key.hubKeyId === keyId)
    if (byHubId || !keyId.startsWith('sha256:')) return byHubId
    // The fingerprint `keys list` shows for hubs without key ids; only when it names one key.
    const byFingerprint = keys.filter((key) => key.fingerprint === keyId)
    return byFingerprint.length === 1 ? byFingerprint[0] : undefined
  }

  const refOf = (connectionId: string, keyId: string): { ref: KeyRef; record?: KeyRecord } => {
    const record = resolve(connectionId, keyId)
    const secretId = record?.secretId ?? null
    return {
      record,
      ref: {
        hubKeyId: record?.hubKeyId ?? keyId,
        ...(record ? { current: record } : {}),
        // Each read is a new Secret that the adapter disposes after its use.
        ...(secretId ? { secret: () => vault.readSecret(secretId) } : {})
      }
    }
  }

  const call = async <T>(
    connectionId: string,
    work: (adapter: HubAdapter) => Promise<T>
  ): Promise<T> => {
    const connection = connections.get(connectionId)
    const adapter = connections.adapterFor(connectionId)
    try {
      return await work(adapter)
    } catch (error) {
      throw transportError(connection.name, error)
    }
  }

  /**
   * The secret exists only in this process now: seal it and record the key in one transaction
   * before anything is returned, so a crash cannot leave a key whose value we have lost.
   */
  const store = (connectionId: string, key: HubKey, secret: Secret | null): KeyRecord => {
    const secretId = secret === null ? null : newSecretId()
    return inventory.transaction(() => {
      if (secretId && secret !== null) vault.putSecret(secretId, 'key', secret)
      return inventory.upsertKey(connectionId, key, { secretId })
    })
  }

  const createAndStore = async (
    connectionId: string,
    adapter: HubAdapter,
    input: CreateKeyInput,
    extra: Partial<Pick<HubKey, 'createdAt' | 'owner'>>,
    signal?: AbortSignal
  ): Promise<KeyRecord> => {
    const created = await adapter.createKey(input, signal)
    // The hub's secret is ours: zeroed once sealed or if storing fails. `input.secret` is borrowed.
    using _created = created.secret
    const secret = created.secret ?? input.secret ?? null
    return store(
      connectionId,
      {
        ...created.key,
        ...(extra.createdAt != null ? { createdAt: extra.createdAt } : {}),
        ...(extra.owner != null ? { owner: extra.owner } : {}),
        fingerprint: secret === null ? created.key.fingerprint : fingerprintOf(secret)
      },
      secret
    )
  }

  /** Refuses an access type the kind does not declare, before any hub call. */
  const checkAccessType = (
    connectionId: string,
    adapter: HubAdapter,
    accessType: CreateKeyInput['accessType']
  ) => {
    if (accessType === undefined) return
    if (!adapter.capabilities.accessTypes?.some((offer) => offer.id === accessType)) {
      throw unsupported(
        connections.get(connectionId).name,
        `keys of the access type "${accessType}"`
      )
    }
  }

  const required = (record: KeyRecord | undefined, what: string): KeyRecord => {
    if (!record)
      throw new AppError('NOT_FOUND', `Hubkeys has no record of that key, so it cannot ${what}.`)
    return record
  }

  return {
    resolve,
    listLive: (connectionId, signal) =>
      call(connectionId, async (adapter) => {
        if (adapter.capabilities.list === 'local') return inventory.listKeys(connectionId)
        const keys: HubKey[] = []
        for await (const page of adapter.listKeys(signal)) keys.push(...page.keys)
        return keys
      }),

    create: (connectionId, { generateSecret, ...input }, signal) =>
      call(connectionId, async (adapter) => {
        checkAccessType(connectionId, adapter, input.accessType)
        if (!generateSecret) return createAndStore(connectionId, adapter, input, {}, signal)
        if (input.secret !== undefined) {
          throw new AppError('BAD_REQUEST', 'Paste a value or let Hubkeys generate one, not both.')
        }
        const offer = adapter.capabilities.accessTypes?.find((type) => type.id === input.accessType)
        if (!offer?.valueChosen || !adapter.generateSecret) {
          throw unsupported(
            connections.get(connectionId).name,
            'a value chosen by Hubkeys for this kind of key'
          )
        }
        // Made here in main and sealed with the record; zeroed once stored or if storing fails.
        using generated = adapter.generateSecret(offer.id)
        // Awaited, so `generated` is not disposed before the store has sealed it.
        return await createAndStore(
          connectionId,
          adapter,
          { ...input, secret: generated },
          {},
          signal
        )
      }),

    record: (connectionId, input) =>
      call(connectionId, async (adapter) => {
        checkAccessType(connectionId, adapter, input.accessType)
        if (adapter.capabilities.list !== 'local') {
          throw new AppError(
            'BAD_REQUEST',
            'This hub lists its own keys; sync the connection instead of recording keys by hand.'
          )
        }
        const secret = input.secret
        // Revealed only to check its shape.
        const plain = secret.reveal()
        if (plain.trim() === '' || plain.trim() !== plain) {
          throw new AppError(
            'BAD_REQUEST',
            "Paste the key's value alone, without spaces or line breaks around it."
          )
        }
        // Kinds whose keys are made outside any API record them through the adapter's own rules.
        if (adapter.capabilities.create === 'local') {
          return createAndStore(
            connectionId,
            adapter,
            {
              name: input.name,
              secret,
              ...(input.accessType ? { accessType: input.accessType } : {}),
              ...(input.status ? { status: input.status } : {}),
              ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
              ...(input.ipRules !== undefined ? { ips: input.ipRules } : {}),
              ...(input.headers ? { headers: input.headers } : {})
            },
            { createdAt: input.createdAt ?? null, owner: input.owner ?? null }
          )
        }
        // A hub that creates keys but cannot list them (Optidash): the fingerprint is the key's id.
        const fingerprint = fingerprintOf(secret)
        const key: HubKey = {
          hubKeyId: fingerprint,
          tenant: '',
          name: input.name.trim(),
          status: input.status ?? 'active',
          role: null,
          scopes: [],
          ipRules: input.ipRules ?? null,
          headers: input.headers ?? [],
          createdAt: input.createdAt ?? null,
          expiresAt: input.expiresAt ?? null,
          lastUsedAt: null,
          owner: input.owner ?? null,
          fingerprint,
          oddities: []
        }
        return store(connectionId, key, secret)
      }),

    update: (connectionId, keyId, patch, signal) =>
      call(connectionId, async (adapter) => {
        const { ref, record } = refOf(connectionId, keyId)
        if (adapter.capabilities.updateTarget === 'local') {
          const current = required(record, 'edit it')
          const updated = await adapter.updateKey(ref, patch, signal)
          return inventory.upsertKey(connectionId, {
            ...current,
            ...updated,
            tenant: current.tenant
          })
        }
        const updated = await adapter.updateKey(ref, patch, signal)
        return inventory.upsertKey(connectionId, {
          ...updated,
          fingerprint: updated.fingerprint ?? record?.fingerprint ?? null
        })
      }),

    delete: (connectionId, keyId, { confirmName, signal } = {}) =>
      call(connectionId, async (adapter) => {
        const connection = connections.get(connectionId)
        if (adapter.capabilities.delete === 'none')
          throw unsupported(connection.name, 'deleting keys')
        const { ref, record } = refOf(connectionId, keyId)
        if (connection.environment === 'prod') {
          // Checked before the hub call: a production key is never deleted on an id alone.
          const expected = record?.name.trim() || ref.hubKeyId
          // A nameless key may also be confirmed by Hubkeys' own id (what a bulk run holds).
          const typed = confirmName?.trim()
          if (typed !== expected && !(record && !record.name.trim() && typed === record.id))
            throw new AppError(
              'BAD_REQUEST',
              `${connection.name} is a production connection: type the key's name (${expected}) to confirm deleting it.`
            )
        }
        if (adapter.capabilities.delete === 'hub') await adapter.deleteKey(ref, signal)
        else required(record, 'forget it')
        if (!record) return
        if (adapter.capabilities.delete === 'hub') {
          // Deleted at the hub: the row and its value stay, as `deleted`, until the user forgets it.
          inventory.markKeyDeleted(record.id, now())
          return
        }
        // `local`: the action is "forget this record" (the key keeps working at the hub).
        inventory.transaction(() => {
          inventory.deleteKey(record.id)
          if (record.secretId) vault.deleteSecret(record.secretId)
        })
      }),

    verify: (connectionId, keyId, signal) =>
      call(connectionId, async (adapter) => {
        const { ref } = refOf(connectionId, keyId)
        if (!ref.secret) {
          throw new AppError(
            'NOT_FOUND',
            "Hubkeys does not hold this key's value, so it cannot verify it; record the value first."
          )
        }
        return adapter.verifyKey(ref, signal)
      }),

    usage: (connectionId, keyId, query, signal) =>
      call(connectionId, async (adapter) => {
        if (!adapter.usage || adapter.capabilities.usage === 'none') {
          throw unsupported(connections.get(connectionId).name, 'usage data')
        }
        return adapter.usage(refOf(connectionId, keyId).ref, query, signal)
      })
  }
}
