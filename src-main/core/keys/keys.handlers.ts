// Handlers for the key-action channels (keys:list-live, create, record, update, delete, verify, usage) over the keys service; run in main, web mode or the CLI.
import type { keysChannels, KeyView } from '../../contract/keys.contract'
import type { HubKey } from '../../contract/hubs.contract'
import type { ConnectionsService } from '../connections/connections.service'
import type { Handlers } from '../dispatch'
import { Secret } from '../../common/secret'
import type { VaultService } from '../vault/vault.service'
import type { KeysService } from './keys.service'

/** The contract's view of a key: the hub's fields and Hubkeys' id, never the record's secret id. */
export const keyViewOf = (key: HubKey & { id?: string }): KeyView => ({
  hubKeyId: key.hubKeyId,
  tenant: key.tenant,
  name: key.name,
  status: key.status,
  role: key.role,
  scopes: key.scopes,
  ipRules: key.ipRules,
  headers: key.headers,
  createdAt: key.createdAt,
  expiresAt: key.expiresAt,
  lastUsedAt: key.lastUsedAt,
  owner: key.owner,
  fingerprint: key.fingerprint,
  oddities: key.oddities,
  localId: key.id ?? null
})

export const createKeysHandlers = (
  keys: KeysService,
  vault: VaultService,
  connections: ConnectionsService
): Pick<Handlers, keyof typeof keysChannels> => {
  /** Reads a stored value back; the caller asked for it explicitly. Never log it. */
  const storedValue = (secretId: string): string => {
    // The returned string goes into the response the caller asked for; the bytes are zeroed here.
    using value = vault.readSecret(secretId)
    return value.reveal()
  }

  return {
    'keys:list-live': async ({ connectionId }) => ({
      keys: (await keys.listLive(connectionId)).map(keyViewOf)
    }),
    'keys:create': async ({ connectionId, showSecret, secret: pasted, ...input }) => {
      // The service seals the value in the vault with the record before it returns.
      using secret = Secret.fromOptional(pasted)
      const created = await keys.create(connectionId, { ...input, secret })
      const shown = showSecret && created.secretId ? storedValue(created.secretId) : undefined
      return { key: keyViewOf(created), ...(shown === undefined ? {} : { secret: shown }) }
    },
    'keys:record': async ({ connectionId, secret: pasted, ...input }) => {
      // Never log this; it is key material. Borrowed by the service, zeroed here.
      using secret = Secret.fromString(pasted)
      return keyViewOf(await keys.record(connectionId, { ...input, secret }))
    },
    'keys:update': async ({ connectionId, keyId, ...patch }) =>
      keyViewOf(await keys.update(connectionId, keyId, patch)),
    'keys:delete': async ({ connectionId, keyId, confirmName }) => {
      const { kind } = connections.get(connectionId)
      await keys.delete(connectionId, keyId, confirmName === undefined ? {} : { confirmName })
      // A hub without a delete API keeps the key working; only Hubkeys' record is gone.
      const local = connections.moduleFor(kind).capabilities.delete === 'local'
      return { removedAt: local ? 'hubkeys' : 'hub' }
    },
    'keys:verify': ({ connectionId, keyId }) => keys.verify(connectionId, keyId)
  }
}
