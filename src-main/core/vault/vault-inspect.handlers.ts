// Handler for `vault:inspect`: the password-free structural check of the stored vault row; runs in main, web mode or the CLI.
import type { Handlers } from '../dispatch'
import type { VaultStore } from '../ports/vault-store.port'
import { inspectVaultRecord } from './vault-inspect'

export const createVaultInspectHandlers = (store: VaultStore): Pick<Handlers, 'vault:inspect'> => ({
  'vault:inspect': () => {
    const row = store.readVault()
    // Throws VaultError (TAMPERED, BAD_KDF, WEAK_KDF) with one sentence for people.
    if (row) inspectVaultRecord(row)
    return { present: row !== undefined, createdAt: row?.createdAt ?? null }
  }
})
