// Zustand store of the new-key dialog: whether it is open and for which connection, and its calls (roles, the name check, create or record); renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { HubRole } from '../../../../src-main/contract/key-roles.contract'
import type { KeyView } from '../../../../src-main/contract/keys.contract'
import type { Result } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'
import type { KeyFormMode, KeyFormRequest } from './key-create-form'

export interface KeyCreateTarget {
  /** Preselected connection; null lets the admin pick one in the dialog. */
  connectionId: string | null
  mode: KeyFormMode
}

/** What a successful create or record answers: the key, and its value when it was made for us. */
export interface KeyCreated {
  key: KeyView
  /** Already sealed in the vault; shown once. */
  secret?: string
}

export interface KeyCreateState {
  target?: KeyCreateTarget
  open(connectionId?: string | null, mode?: KeyFormMode): void
  close(): void
  roles(connectionId: string): Promise<Result<HubRole[]>>
  /** Whether Hubkeys' cache already holds a key of that exact name on the connection. */
  nameTaken(connectionId: string, name: string): Promise<boolean>
  submit(request: KeyFormRequest): Promise<Result<KeyCreated>>
}

export type KeyCreateStore = StoreApi<KeyCreateState>

export const createKeyCreateStore = (client: Client): KeyCreateStore =>
  createStore<KeyCreateState>((set) => ({
    open: (connectionId = null, mode = 'create') => set({ target: { connectionId, mode } }),
    close: () => set({ target: undefined }),
    async roles(connectionId) {
      const result = await client.call('hubs:roles', { connectionId })
      return result.ok ? { ok: true, value: result.value.roles } : result
    },
    async nameTaken(connectionId, name) {
      const wanted = name.trim()
      if (wanted === '') return false
      const result = await client.call('keys:query', {
        search: wanted.slice(0, 200),
        filter: { connectionIds: [connectionId] },
        sort: { field: 'name', direction: 'asc' },
        limit: 100
      })
      // A failed check proves nothing; the hub still refuses a duplicate and says so.
      return result.ok && result.value.rows.some((row) => row.name.trim() === wanted)
    },
    async submit(request) {
      if (request.channel === 'keys:record') {
        const result = await client.call('keys:record', request.payload)
        return result.ok ? { ok: true, value: { key: result.value } } : result
      }
      return client.call('keys:create', request.payload)
    }
  }))

const KeyCreateContext = createContext<KeyCreateStore | null>(null)
export const KeyCreateStoreProvider = KeyCreateContext.Provider

export function useKeyCreateStore<T>(selector: (state: KeyCreateState) => T): T {
  const store = useContext(KeyCreateContext)
  if (!store) throw new Error('useKeyCreateStore needs a KeyCreateStoreProvider above it')
  return useStore(store, selector)
}
