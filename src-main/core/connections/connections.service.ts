// Hub connections: add, edit, remove and test them; master credentials live only in the vault. Runs in main.
import { platform } from '../ports/platform.port'
import {
  connectionInputSchema,
  connectionPatchSchema,
  type Connection,
  type ConnectionInput,
  type ConnectionPatch,
  type HubKind
} from '../../contract/hubs.contract'
import { AppError } from '../../contract/result'
import type { ConnectionTestResult, HubAdapter, HubKindModule } from '../hubs/hub-adapter'
import { transportError } from '../hubs/hub-errors'
import type { HttpClientFactory } from '../ports/http.port'
import type { ConnectionRecord, InventoryStore } from '../ports/inventory-store.port'
import { Secret } from '../../common/secret'
import type { VaultService } from '../vault/vault.service'

export type HubModules = Readonly<Record<HubKind, HubKindModule>>

export interface ConnectionsServiceOptions {
  inventory: InventoryStore
  vault: VaultService
  modules: HubModules
  http: HttpClientFactory
  newId?: () => string
}

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** Parses and checks a base URL: absolute, http(s), https unless loopback, no credentials in it. */
export const checkBaseUrl = (raw: string): string => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError(
      'BAD_REQUEST',
      `"${raw.slice(0, 100)}" is not a URL; use a full address like https://api.example.com.`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('BAD_REQUEST', 'Use an https:// address for the hub.')
  }
  if (url.protocol === 'http:' && !loopbackHosts.test(url.hostname)) {
    throw new AppError(
      'BAD_REQUEST',
      'Hubkeys talks to hubs over https only (plain http is allowed for this computer only).'
    )
  }
  if (url.username || url.password) {
    throw new AppError('BAD_REQUEST', 'Put the credential in the credential field, not in the URL.')
  }
  if (url.search || url.hash)
    throw new AppError('BAD_REQUEST', 'The hub address must not have a query or fragment.')
  return url.toString().replace(/\/+$/, '')
}

const toPublic = (record: ConnectionRecord): Connection => ({
  id: record.id,
  name: record.name,
  kind: record.kind,
  baseUrl: record.baseUrl,
  settings: record.settings,
  tls: record.tls,
  environment: record.environment,
  colour: record.colour,
  hasCredential: record.credentialSecretId !== null,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt
})

export interface ConnectionsService {
  list(): Connection[]
  get(id: string): Connection
  findByName(name: string): Connection | undefined
  add(input: ConnectionInput): Connection
  /**
   * Saves a changed connection. A new credential is tested against the hub first (with the
   * changed settings) and stored only when the hub accepts it, so the old one is never dropped
   * for one that does not work.
   */
  update(patch: ConnectionPatch, signal?: AbortSignal): Promise<Connection>
  remove(id: string): void
  /** Tests a saved connection. */
  test(id: string, signal?: AbortSignal): Promise<ConnectionTestResult>
  /** Tests settings before they are saved (the add-connection dialog's button). */
  testUnsaved(input: ConnectionInput, signal?: AbortSignal): Promise<ConnectionTestResult>
  /** A ready adapter for a saved connection, with its credential read from the vault. */
  adapterFor(id: string): HubAdapter
  moduleFor(kind: HubKind): HubKindModule
}

export const createConnectionsService = (
  options: ConnectionsServiceOptions
): ConnectionsService => {
  const { inventory, vault, modules, http } = options
  const newId = options.newId ?? (() => platform().randomUUID())

  const record = (id: string): ConnectionRecord => {
    const found = inventory.getConnection(id)
    if (!found)
      throw new AppError('NOT_FOUND', 'That connection does not exist (it may have been removed).')
    return found
  }

  /** The hub's master credential from the vault; the caller owns it. */
  const readCredential = (found: ConnectionRecord): Secret | undefined =>
    found.credentialSecretId ? vault.readSecret(found.credentialSecretId) : undefined

  /** The adapter keeps `credential` for its lifetime; it is collected, not disposed, with it. */
  const adapterOf = (connection: Connection, credential: Secret | undefined): HubAdapter =>
    modules[connection.kind].create({ connection, credential, http })

  const runTest = async (adapter: HubAdapter, name: string, signal?: AbortSignal) => {
    try {
      return await adapter.testConnection(signal)
    } catch (error) {
      throw transportError(name, error)
    }
  }

  return {
    list: () => inventory.listConnections().map(toPublic),
    get: (id) => toPublic(record(id)),
    findByName(name) {
      const found = inventory.findConnectionByName(name)
      return found && toPublic(found)
    },
    add(raw) {
      const input = connectionInputSchema.parse(raw)
      const baseUrl = checkBaseUrl(input.baseUrl)
      const id = newId()
      // The request's string cannot be wiped; the Secret's copy is zeroed once it is sealed.
      using credential = Secret.fromOptional(input.credential)
      const draft: Connection = {
        id,
        name: input.name,
        kind: input.kind,
        baseUrl,
        settings: input.settings,
        tls: input.tls,
        environment: input.environment,
        colour: input.colour,
        hasCredential: credential !== undefined,
        createdAt: 0,
        updatedAt: 0
      }
      modules[input.kind].checkConnection(draft, credential)
      if (inventory.findConnectionByName(input.name)) {
        throw new AppError('CONFLICT', `A connection named "${input.name}" already exists.`)
      }
      const secretId = credential === undefined ? null : `connection:${id}`
      // The credential and the connection that uses it commit together or not at all.
      const saved = inventory.transaction(() => {
        if (secretId && credential) vault.putSecret(secretId, 'connection', credential)
        return inventory.insertConnection({ ...draft, credentialSecretId: secretId })
      })
      return toPublic(saved)
    },
    async update(raw, signal) {
      const patch = connectionPatchSchema.parse(raw)
      const current = record(patch.id)
      using credential = Secret.fromOptional(patch.credential)
      const next: ConnectionRecord = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.baseUrl !== undefined ? { baseUrl: checkBaseUrl(patch.baseUrl) } : {}),
        ...(patch.settings !== undefined ? { settings: patch.settings } : {}),
        ...(patch.tls !== undefined ? { tls: patch.tls } : {}),
        ...(patch.environment !== undefined ? { environment: patch.environment } : {}),
        ...(patch.colour !== undefined ? { colour: patch.colour } : {})
      }
      if (credential) {
        modules[next.kind].checkConnection(toPublic(next), credential)
        try {
          await runTest(adapterOf(toPublic(next), credential), next.name, signal)
        } catch (error) {
          const answer = error instanceof AppError ? error.message : String(error)
          throw new AppError(
            error instanceof AppError ? error.code : 'HUB_ERROR',
            `The new credential was not saved; the old one stays. ${answer}`
          )
        }
      } else {
        using stored = readCredential(current)
        modules[next.kind].checkConnection(toPublic(next), stored)
      }
      const secretId = credential
        ? (current.credentialSecretId ?? `connection:${current.id}`)
        : current.credentialSecretId
      const saved = inventory.transaction(() => {
        if (credential && secretId) vault.putSecret(secretId, 'connection', credential)
        return inventory.updateConnection({ ...next, credentialSecretId: secretId })
      })
      return toPublic(saved)
    },
    remove(id) {
      const current = record(id)
      const keySecrets = inventory
        .listKeys(id)
        .map((key) => key.secretId)
        .filter((secretId): secretId is string => secretId !== null)
      inventory.transaction(() => {
        inventory.deleteConnection(id)
        // The connection's keys went with it (cascade); their captured values and the credential go too.
        for (const secretId of keySecrets) vault.deleteSecret(secretId)
        if (current.credentialSecretId) vault.deleteSecret(current.credentialSecretId)
      })
    },
    async test(id, signal) {
      const current = record(id)
      // Awaited here: the credential is zeroed when this block exits, after its last use.
      using credential = readCredential(current)
      return await runTest(adapterOf(toPublic(current), credential), current.name, signal)
    },
    async testUnsaved(raw, signal) {
      const input = connectionInputSchema.parse(raw)
      const connection: Connection = {
        id: 'unsaved',
        name: input.name,
        kind: input.kind,
        baseUrl: checkBaseUrl(input.baseUrl),
        settings: input.settings,
        tls: input.tls,
        environment: input.environment,
        colour: input.colour,
        hasCredential: Boolean(input.credential),
        createdAt: 0,
        updatedAt: 0
      }
      using credential = Secret.fromOptional(input.credential)
      modules[input.kind].checkConnection(connection, credential)
      // Awaited here: `credential` is disposed when this block exits.
      return await runTest(adapterOf(connection, credential), input.name, signal)
    },
    adapterFor(id) {
      const current = record(id)
      return adapterOf(toPublic(current), readCredential(current))
    },
    moduleFor: (kind) => modules[kind]
  }
}
