// The rotation feature's store: the unfinished rotations (for the banner), live progress from `rotation:changed`, and every rotation call (plan, start, resume, roll back, revoke, policies, proposals, journal); renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { RequestOf, ResponseOf } from '../../../../src-main/contract/channels'
import type { AppErrorBody, Result } from '../../../../src-main/contract/result'
import type {
  RotationPlanItem,
  RotationPolicy,
  RotationView
} from '../../../../src-main/contract/rotation.contract'
import { isFinishedRotation } from '../../../../src-main/contract/rotation.contract'
import type { Client } from '../../api/client'

/** A planned key with the name of its connection (the bulk dry run groups by connection). */
export type PlannedKey = RotationPlanItem & { connectionName: string }
export type Proposal = RotationPlanItem & { ageDays: number }

export interface RotationState {
  /** Every rotation seen, by id, newest state first to arrive wins. */
  byId: Record<string, RotationView>
  error?: AppErrorBody
  load(): Promise<void>
  /** Follows `rotation:changed`; returns the function that stops. */
  watch(): () => void
  plan(connectionId: string, keyIds: string[]): Promise<Result<RotationPlanItem[]>>
  /** The dry run of any selection of keys, across connections; nothing runs. */
  planSelected(ids: string[]): Promise<Result<PlannedKey[]>>
  /** The connection's own credential: the one call's window, the risk, possible recovery connections. */
  planCredential(
    connectionId: string,
    recoveryConnectionId?: string
  ): Promise<Result<RotationPlanItem>>
  start(
    request: RequestOf<'rotation:start'>
  ): Promise<Result<{ rotation: RotationView; secret?: string }>>
  resume(id: string): Promise<Result<RotationView>>
  rollback(id: string): Promise<Result<RotationView>>
  revokeNow(id: string): Promise<Result<RotationView>>
  /** The whole journal, newest first. */
  journal(): Promise<Result<RotationView[]>>
  policies(): Promise<Result<RotationPolicy[]>>
  setPolicy(connectionId: string, maxAgeDays: number | null): Promise<Result<RotationPolicy[]>>
  proposals(): Promise<Result<Proposal[]>>
  /** Hourly requests on a rotation's old key from an hour before its switch (the usage cache). */
  oldKeyUsage(
    rotation: Pick<RotationView, 'connectionId' | 'keyId' | 'updatedAt'>
  ): Promise<Result<ResponseOf<'usage:read'>>>
}

export type RotationStore = StoreApi<RotationState>

/** `rotation:plan` and `keys:get-many` take this many ids per call. */
const batch = 500

export const createRotationStore = (client: Client): RotationStore =>
  createStore<RotationState>((set, get) => {
    const remember = (rotation: RotationView) =>
      set({ byId: { ...get().byId, [rotation.id]: rotation } })
    const one = async (answer: Promise<Result<RotationView>>): Promise<Result<RotationView>> => {
      const result = await answer
      if (result.ok) remember(result.value)
      else void get().load()
      return result
    }
    return {
      byId: {},
      async load() {
        const result = await client.call('rotation:list', { unfinished: true })
        if (!result.ok) {
          set({ error: result.error })
          return
        }
        const byId = { ...get().byId }
        // Finished ones stay for the dialogs that follow them; unfinished and flagged ones come
        // fresh (a flag goes once the admin has done what it asked).
        for (const [id, rotation] of Object.entries(byId)) {
          if (!isFinishedRotation(rotation.state) || rotation.stuck) delete byId[id]
        }
        for (const rotation of result.value.rotations) byId[rotation.id] = rotation
        set({ byId, error: undefined })
      },
      watch: () => client.on('rotation:changed', remember),
      async plan(connectionId, keyIds) {
        const result = await client.call('rotation:plan', { connectionId, keyIds })
        return result.ok ? { ok: true, value: result.value.items } : result
      },
      async planSelected(ids) {
        const found: PlannedKey[] = []
        for (let index = 0; index < ids.length; index += batch) {
          const details = await client.call('keys:get-many', {
            ids: ids.slice(index, index + batch)
          })
          if (!details.ok) return details
          const byConnection = new Map<string, { name: string; ids: string[] }>()
          for (const detail of details.value) {
            const group = byConnection.get(detail.connectionId) ?? {
              name: detail.connectionName,
              ids: []
            }
            group.ids.push(detail.id)
            byConnection.set(detail.connectionId, group)
          }
          for (const [connectionId, group] of byConnection) {
            const planned = await get().plan(connectionId, group.ids)
            if (!planned.ok) return planned
            found.push(...planned.value.map((item) => ({ ...item, connectionName: group.name })))
          }
        }
        return { ok: true, value: found }
      },
      async planCredential(connectionId, recoveryConnectionId) {
        const result = await client.call('rotation:plan', {
          connectionId,
          keyIds: ['credential'],
          target: 'credential',
          ...(recoveryConnectionId ? { recoveryConnectionId } : {})
        })
        if (!result.ok) return result
        const [item] = result.value.items
        return item
          ? { ok: true, value: item }
          : { ok: false, error: { code: 'INTERNAL', message: 'The plan came back empty.' } }
      },
      async start(request) {
        const result = await client.call('rotation:start', request)
        if (result.ok) remember(result.value.rotation)
        else void get().load()
        return result
      },
      async resume(id) {
        const result = await client.call('rotation:resume', { id })
        if (!result.ok) {
          void get().load()
          return result
        }
        const [rotation] = result.value.rotations
        if (!rotation)
          return { ok: false, error: { code: 'NOT_FOUND', message: 'No such rotation.' } }
        remember(rotation)
        return { ok: true, value: rotation }
      },
      rollback: (id) => one(client.call('rotation:rollback', { id })),
      revokeNow: (id) => one(client.call('rotation:revoke-now', { id })),
      async journal() {
        const result = await client.call('rotation:list', { unfinished: false })
        return result.ok ? { ok: true, value: result.value.rotations } : result
      },
      async policies() {
        const result = await client.call('rotation:policies', {})
        return result.ok ? { ok: true, value: result.value.policies } : result
      },
      async setPolicy(connectionId, maxAgeDays) {
        const result = await client.call('rotation:set-policy', { connectionId, maxAgeDays })
        return result.ok ? { ok: true, value: result.value.policies } : result
      },
      async proposals() {
        const result = await client.call('rotation:proposals', {})
        return result.ok ? { ok: true, value: result.value.items } : result
      },
      oldKeyUsage: (rotation) =>
        client.call('usage:read', {
          connectionId: rotation.connectionId,
          target: { kind: 'key', keyId: rotation.keyId },
          interval: 'hour',
          from: rotation.updatedAt - 3_600_000
        })
    }
  })

const RotationStoreContext = createContext<RotationStore | null>(null)

/** The app gives each feature its store; tests give one over a scripted client. */
export const RotationStoreProvider = RotationStoreContext.Provider

export function useRotationStore<T>(selector: (state: RotationState) => T): T {
  const store = useContext(RotationStoreContext)
  if (!store) throw new Error('useRotationStore needs a <RotationStoreProvider> above it.')
  return useStore(store, selector)
}

/** A step not moved for this long is not running: the app stopped in the middle of it. */
const interruptedAfterMs = 60_000

/**
 * Rotations for the banner: unfinished ones that are failing or stopped mid-way (not one running
 * right now, here or in another Hubkeys process, nor one waiting out its grace window), and ended
 * ones that still need the admin (flagged `stuck`, such as a DCT credential lost in a regenerate).
 */
export const interruptedOf = (
  byId: Record<string, RotationView>,
  now: number = Date.now()
): RotationView[] =>
  Object.values(byId).filter((rotation) =>
    isFinishedRotation(rotation.state)
      ? rotation.stuck
      : rotation.stuck ||
        rotation.lastError !== null ||
        (rotation.state !== 'SWITCHED' &&
          rotation.runningElsewhere === undefined &&
          now - rotation.updatedAt > interruptedAfterMs)
  )
