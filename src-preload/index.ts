// The sandboxed Electron preload: exposes `window.api` (invoke and subscribe for contract names) and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isChannelName, isEventName } from '../src-main/contract/names'

const refuse = (what: string) =>
  Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown ${what}.` } })

// Two functions, no Electron objects: the renderer can never reach ipcRenderer itself.
const api = {
  invoke(channel: unknown, payload: unknown): Promise<unknown> {
    if (!isChannelName(channel)) return refuse('channel')
    return ipcRenderer.invoke(channel, payload)
  },
  subscribe(event: unknown, listener: unknown): () => void {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined
    // Wrap so the listener sees the payload only, never the IpcRendererEvent (it holds `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('api', api)
