// Handlers of the channels that hand out or take in a key's value (keys:copy, keys:reveal, keys:store-value); run in main, web mode or the CLI.
import { revealSeconds, type keySecretChannels } from '../../contract/key-secret.contract'
import { AppError } from '../../contract/result'
import { Secret } from '../../common/secret'
import type { ConnectionsService } from '../connections/connections.service'
import type { Handlers } from '../dispatch'
import { fingerprintOf } from '../hubs/fingerprint'
import type { InventoryStore, KeyRecord } from '../ports/inventory-store.port'
import { platform } from '../ports/platform.port'
import type { VaultService } from '../vault/vault.service'
import type { ClipboardGuard } from './clipboard-guard'
import { formatKeyCopy } from './key-copy-format'
import { keyViewOf } from './keys.handlers'
import type { KeysService } from './keys.service'

export interface KeySecretDeps {
  keys: Pick<KeysService, 'resolve'>
  vault: VaultService
  connections: Pick<ConnectionsService, 'get'>
  inventory: InventoryStore
  /** The Settings delay before a copy is cleared. */
  clipboardSeconds(): number
  /** The desktop's system clipboard; absent in web mode and the CLI, which write it themselves. */
  clipboard?: ClipboardGuard
  now?: () => number
  newSecretId?: () => string
}

const noValue =
  'Hubkeys holds no value for this key (hubs show a value only when a key is made); paste its value first.'

export const createKeySecretHandlers = (
  deps: KeySecretDeps
): Pick<Handlers, keyof typeof keySecretChannels> => {
  const now = deps.now ?? Date.now
  const newSecretId = deps.newSecretId ?? (() => `key:${platform().randomUUID()}`)

  const keyOf = (connectionId: string, keyId: string): KeyRecord => {
    const record = deps.keys.resolve(connectionId, keyId)
    if (!record) throw new AppError('NOT_FOUND', 'Hubkeys has no record of that key.')
    return record
  }

  /** The stored value as a string for the one answer or write that needs it. Never log it. */
  const valueOf = (record: KeyRecord): string => {
    if (!record.secretId) throw new AppError('NOT_FOUND', noValue)
    using secret = deps.vault.readSecret(record.secretId)
    return secret.reveal()
  }

  return {
    'keys:copy': async ({ connectionId, keyId, as }) => {
      const record = keyOf(connectionId, keyId)
      const text = formatKeyCopy(deps.connections.get(connectionId), valueOf(record), as)
      const seconds = deps.clipboardSeconds()
      if (deps.clipboard) {
        return { clearsAt: await deps.clipboard.copy(text, seconds), clearAfterSeconds: seconds }
      }
      return { clearsAt: now() + seconds * 1000, clearAfterSeconds: seconds, text }
    },

    'keys:reveal': ({ connectionId, keyId }) => ({
      value: valueOf(keyOf(connectionId, keyId)),
      hideAfterSeconds: revealSeconds
    }),

    'keys:store-value': ({ connectionId, keyId, secret: pasted }) => {
      const record = keyOf(connectionId, keyId)
      if (record.secretId) {
        throw new AppError('CONFLICT', 'Hubkeys already holds a value for this key.')
      }
      if (record.status === 'missing' || record.status === 'deleted') {
        throw new AppError(
          'BAD_REQUEST',
          'This key is gone at its hub, so there is no value worth storing for it.'
        )
      }
      if (pasted.trim() !== pasted) {
        throw new AppError(
          'BAD_REQUEST',
          "Paste the key's value alone, without spaces or line breaks around it."
        )
      }
      // Never log this; it is key material. Sealed below, zeroed when this handler returns.
      using secret = Secret.fromString(pasted)
      const fingerprint = fingerprintOf(secret)
      if (record.fingerprint && record.fingerprint !== fingerprint) {
        throw new AppError(
          'BAD_REQUEST',
          `That value is not this key's: its fingerprint differs from ${record.fingerprint}, the one Hubkeys saw.`
        )
      }
      const secretId = newSecretId()
      const stored = deps.inventory.transaction(() => {
        deps.vault.putSecret(secretId, 'key', secret)
        // The hub was not read, so the key keeps its time of last sync.
        return deps.inventory.upsertKey(
          connectionId,
          { ...record, fingerprint },
          { secretId, syncedAt: record.syncedAt }
        )
      })
      return keyViewOf(stored)
    }
  }
}
