// The rotation feature's store: the unfinished rotations (for the banner), live progress from `rotation:changed`, and the plan/start/resume/roll back/revoke calls; renderer.
import { createStore, useStore, type StoreApi } from 'zustand'
import type { RequestOf } from '../../../../src-main/contract/channels'
import type { AppErrorBody, Result } from '../../../../src-main/contract/result'
import type {
  RotationPlanItem,
  RotationView
} from '../../../../src-main/contract/rotation.contract'
import { isFinishedRotation } from '../../../../src-main/contract/rotation.contract'
import { client as realClient, type Client } from '../../api/client'

export interface RotationState {
  /** Every rotation seen, by id, newest state first to arrive wins. */
  byId: Record<string, RotationView>
  error?: AppErrorBody
  load(): Promise<void>
  /** Follows `rotation:changed`; returns the function that stops. */
  watch(): () => void
  plan(connectionId: string, keyIds: string[]): Promise<Result<RotationPlanItem[]>>
  start(
    request: RequestOf<'rotation:start'>
  ): Promise<Result<{ rotation: RotationView; secret?: string }>>
  resume(id: string): Promise<Result<RotationView>>
  rollback(id: string): Promise<Result<RotationView>>
  revokeNow(id: string): Promise<Result<RotationView>>
}

export type RotationStore = StoreApi<RotationState>

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
        // Finished ones stay for the dialogs that follow them; unfinished ones come fresh.
        for (const [id, rotation] of Object.entries(byId)) {
          if (!isFinishedRotation(rotation.state)) delete byId[id]
        }
        for (const rotation of result.value.rotations) byId[rotation.id] = rotation
        set({ byId, error: undefined })
      },
      watch: () => client.on('rotation:changed', remember),
      async plan(connectionId, keyIds) {
        const result = await client.call('rotation:plan', { connectionId, keyIds })
        return result.ok ? { ok: true, value: result.value.items } : result
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
      revokeNow: (id) => one(client.call('rotation:revoke-now', { id }))
    }
  })

/** The store bound to the real bridge; tests make their own with `createRotationStore`. */
export const rotationStore = createRotationStore(realClient)

export function useRotationStore<T>(selector: (state: RotationState) => T): T {
  return useStore(rotationStore, selector)
}

/** A step not moved for this long is not running: the app stopped in the middle of it. */
const interruptedAfterMs = 60_000

/**
 * Unfinished rotations that are failing, or stopped mid-way (not one that is running right now,
 * nor one waiting out its grace window).
 */
export const interruptedOf = (
  byId: Record<string, RotationView>,
  now: number = Date.now()
): RotationView[] =>
  Object.values(byId).filter(
    (rotation) =>
      !isFinishedRotation(rotation.state) &&
      (rotation.stuck ||
        rotation.lastError !== null ||
        (rotation.state !== 'SWITCHED' && now - rotation.updatedAt > interruptedAfterMs))
  )
