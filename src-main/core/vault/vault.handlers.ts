// Handlers for the `vault:*` channels, delegating to the vault service; run in main, web mode or tests.
import type { vaultChannels } from '../../contract/vault.contract'
import type { Handlers } from '../dispatch'
import type { VaultService } from './vault.service'

/** The `vault:*` channels, as the contract lists them. */
export type VaultChannel = keyof typeof vaultChannels

export const createVaultHandlers = (vault: VaultService): Pick<Handlers, VaultChannel> => ({
  'vault:status': () => vault.currentStatus(),
  // Never log these requests: they carry the master password.
  'vault:create': ({ password }) => vault.create(password),
  'vault:unlock': ({ password }) => vault.unlock(password),
  'vault:lock': () => vault.lock('manual'),
  'vault:change-password': ({ current, next }) => vault.changePassword(current, next),
  'vault:touch': () => {
    vault.touch()
    return {}
  },
  // Never log this request either: turning remembering on carries the master password.
  'vault:remember': (request) => vault.remember(request),
  'vault:unlock-remembered': () => vault.unlockRemembered()
})
