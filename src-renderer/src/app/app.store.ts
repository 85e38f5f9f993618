// Zustand store for app-wide facts (what `app:info` says); runs in the renderer.
import { create } from 'zustand'
import type { AppInfo } from '../../../src-main/contract/channels'
import { client, type Client } from '../api/client'

interface AppState {
  info?: AppInfo
  error?: string
  load(): Promise<void>
}

export const createAppStore = (api: Client) =>
  create<AppState>((set) => ({
    async load() {
      const result = await api.call('app:info', {})
      if (result.ok) set({ info: result.value, error: undefined })
      else set({ error: result.error.message })
    }
  }))

export const useAppStore = createAppStore(client)
