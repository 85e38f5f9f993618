// Forgetting a key that a complete listing no longer contains (missing) or that was deleted: its row and its stored value go together, only when asked; runs in main.
import { AppError } from '../../contract/result'
import type { KeyForgetResult } from '../../contract/key-forget.contract'
import type { InventoryStore, KeyRecord } from '../ports/inventory-store.port'

export interface KeyForgetOptions {
  inventory: InventoryStore
  /** Removes a key's value from the vault; called inside the inventory's transaction. */
  deleteSecret: (secretId: string) => void
}

/** What forgetting this key loses, in words for the confirmation and the answer. */
export const whatForgettingLoses = (key: KeyRecord): string[] => [
  ...(key.secretId ? ['its stored value'] : []),
  ...(key.notes?.trim() ? ['its notes'] : []),
  ...(key.tags.length > 0 ? ['its tags'] : [])
]

export const createKeyForgetter = (options: KeyForgetOptions) => {
  const { inventory } = options
  return (connectionId: string, keyId: string): KeyForgetResult => {
    const byId = inventory.getKey(keyId)
    const key =
      byId && byId.connectionId === connectionId
        ? byId
        : inventory.listKeys(connectionId).find((candidate) => candidate.hubKeyId === keyId)
    if (!key)
      throw new AppError('NOT_FOUND', 'That key is not in Hubkeys (it may be forgotten already).')
    if (key.status !== 'missing' && key.status !== 'deleted') {
      throw new AppError(
        'CONFLICT',
        `Only keys missing at the hub or deleted can be forgotten; '${key.name}' is ${key.status}.`
      )
    }
    const lost = whatForgettingLoses(key)
    inventory.transaction(() => {
      inventory.deleteKey(key.id)
      if (key.secretId) options.deleteSecret(key.secretId)
    })
    return { forgotten: true, lost }
  }
}
