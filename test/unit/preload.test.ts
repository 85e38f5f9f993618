// Unit test of the sandboxed preload with a mocked electron: it exposes exactly invoke and subscribe, nothing else.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' })),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn()
  }
}))
vi.mock('electron', () => electron)

await import('../../src-preload/index')
const { channelNames, eventNames } = await import('../../src-main/contract/names')

// Names from the contract, so the test follows it as channels and events are added.
const channel = channelNames[0]
const event = eventNames[0]

type Api = {
  invoke: (channel: unknown, payload: unknown) => Promise<unknown>
  subscribe: (event: unknown, listener: unknown) => () => void
}

const exposed = () => {
  const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Api]
  return { name, api }
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear()
  electron.ipcRenderer.on.mockClear()
  electron.ipcRenderer.removeListener.mockClear()
})

describe('preload', () => {
  it('exposes one object, window.api, with exactly invoke and subscribe', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    const { name, api } = exposed()
    expect(name).toBe('api')
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe'])
    expect(typeof api.invoke).toBe('function')
    expect(typeof api.subscribe).toBe('function')
  })

  it('forwards a contract channel to ipcRenderer.invoke and returns its answer', async () => {
    const { api } = exposed()
    await expect(api.invoke(channel, { nonce: 'x' })).resolves.toEqual({
      ok: true,
      value: 'from main'
    })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channel, { nonce: 'x' })
  })

  it.each(['evil:channel', eventNames[0], '', 42, null, { toString: () => channelNames[0] }])(
    'answers UNKNOWN_CHANNEL for %j without reaching ipcRenderer',
    async (channel) => {
      const { api } = exposed()
      await expect(api.invoke(channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' }
      })
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
    }
  )

  it('hands a subscriber the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const { api } = exposed()
    const listener = vi.fn()
    const unsubscribe = api.subscribe(event, listener)
    expect(electron.ipcRenderer.on).toHaveBeenCalledOnce()
    const [name, wrapped] = electron.ipcRenderer.on.mock.calls[0] as [
      string,
      (...args: unknown[]) => void
    ]
    expect(name).toBe(event)
    const ipcEvent = { sender: { send: vi.fn() }, senderId: 0, ports: [] }
    wrapped(ipcEvent, { ready: true })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ ready: true })
    unsubscribe()
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(event, wrapped)
  })

  it('ignores subscriptions to unknown events or without a function', () => {
    const { api } = exposed()
    for (const [name, listener] of [
      [channel, () => undefined],
      ['evil:happened', () => undefined],
      [event, 'not a function']
    ] as const) {
      const unsubscribe = api.subscribe(name, listener)
      expect(typeof unsubscribe).toBe('function')
      unsubscribe()
    }
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.removeListener).not.toHaveBeenCalled()
  })
})
