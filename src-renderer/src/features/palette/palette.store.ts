// Zustand store of the command palette: open or not, what is typed, and the keys that match it (a small keys:query); renderer.
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import { maxSearchLength, type KeyRow } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

export interface PaletteState {
  open: boolean
  text: string
  keys: KeyRow[]
  keysPhase: 'idle' | 'loading' | 'ready' | 'failed'
  keysError?: AppErrorBody
  show(): void
  hide(): void
  /** What is typed; keys are searched after a short pause in typing. */
  setText(text: string): void
}

export type PaletteStore = StoreApi<PaletteState>

/** Keys listed for a search: enough to pick from, few enough to read at a glance. */
export const paletteKeyLimit = 8

export const createPaletteStore = (
  client: Client,
  options: { delayMs?: number } = {}
): PaletteStore => {
  const delayMs = options.delayMs ?? 120
  let generation = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  return createStore<PaletteState>((set) => {
    const search = async (text: string) => {
      const mine = ++generation
      const result = await client.call('keys:query', {
        search: text,
        filter: {},
        sort: { field: 'name', direction: 'asc' },
        limit: paletteKeyLimit
      })
      if (mine !== generation) return
      if (result.ok) set({ keys: result.value.rows, keysPhase: 'ready', keysError: undefined })
      else set({ keys: [], keysPhase: 'failed', keysError: result.error })
    }
    return {
      open: false,
      text: '',
      keys: [],
      keysPhase: 'idle',
      show: () => set({ open: true }),
      hide() {
        stopTimer()
        generation += 1
        set({ open: false, text: '', keys: [], keysPhase: 'idle', keysError: undefined })
      },
      setText(value) {
        const text = value.slice(0, maxSearchLength)
        set({ text })
        stopTimer()
        if (text.trim() === '') {
          generation += 1
          set({ keys: [], keysPhase: 'idle' })
          return
        }
        set({ keysPhase: 'loading' })
        timer = setTimeout(() => {
          timer = undefined
          void search(text)
        }, delayMs)
      }
    }
  })
}

const PaletteStoreContext = createContext<PaletteStore | null>(null)

export const PaletteStoreProvider = PaletteStoreContext.Provider

export function usePaletteStore<T>(selector: (state: PaletteState) => T): T {
  const store = useContext(PaletteStoreContext)
  if (!store) throw new Error('usePaletteStore needs a <PaletteStoreProvider> above it.')
  return useStore(store, selector)
}
