// Zustand store of one usage panel: the range and interval picked, the cached view, refresh and its states (loading, ready, error); renderer.
import { createContext } from 'react'
import { createStore, type StoreApi } from 'zustand'
import type { UsageInterval } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { UsageTarget, UsageView } from '../../../../src-main/contract/usage.contract'
import { client as realClient, type Client } from '../../api/client'

/** The client usage panels call; tests give their own. */
export const UsageClientContext = createContext<Client>(realClient)

export interface UsagePanelState {
  connectionId: string
  target: UsageTarget
  interval: UsageInterval
  /** Days back from now, never more than the hub keeps (`view.limitDays`); 0: everything cached. */
  rangeDays: number
  phase: 'loading' | 'ready' | 'failed'
  refreshing: boolean
  view: UsageView | undefined
  error: AppErrorBody | undefined
  load(): Promise<void>
  refresh(): Promise<void>
  pick(change: { interval?: UsageInterval; rangeDays?: number }): Promise<void>
}

export type UsagePanelStore = StoreApi<UsagePanelState>

const day = 86_400_000

export const createUsagePanelStore = (
  client: Client,
  initial: {
    connectionId: string
    target: UsageTarget
    interval: UsageInterval
    rangeDays: number
  },
  now: () => number = Date.now
): UsagePanelStore => {
  // Only the answer to the latest request may land; a slow older one is dropped.
  let generation = 0
  return createStore<UsagePanelState>()((set, get) => {
    const request = (channel: 'usage:read' | 'usage:refresh') => {
      const { connectionId, target, interval, rangeDays } = get()
      const to = now()
      // "Everything cached" reads from the start; a refresh of it asks for the hub's whole range.
      if (rangeDays === 0)
        return channel === 'usage:read'
          ? { connectionId, target, interval, from: 0, to }
          : { connectionId, target, interval, to }
      return { connectionId, target, interval, from: to - rangeDays * day, to }
    }
    const run = async (channel: 'usage:read' | 'usage:refresh') => {
      const mine = ++generation
      if (channel === 'usage:refresh') set({ refreshing: true })
      else set({ phase: 'loading' })
      const result = await client.call(channel, request(channel))
      if (mine !== generation) return
      if (result.ok)
        set({ view: result.value, phase: 'ready', refreshing: false, error: undefined })
      // A failed refresh keeps the cached chart and says why beside it.
      else set({ error: result.error, refreshing: false, phase: get().view ? 'ready' : 'failed' })
    }
    return {
      ...initial,
      phase: 'loading',
      refreshing: false,
      view: undefined,
      error: undefined,
      load: () => run('usage:read'),
      refresh: () => run('usage:refresh'),
      pick: async (change) => {
        set(change)
        await run('usage:read')
      }
    }
  })
}
