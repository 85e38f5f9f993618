// Unit test of the IPC bridge with a fake ipcMain: every contract channel, sender checks, FORBIDDEN, event fan-out.
import { describe, expect, it, vi } from 'vitest'
import { channelNames, eventNames } from '../../../src-main/contract/names'
import type { Dispatch } from '../../../src-main/core/dispatch'
import { createEventBus } from '../../../src-main/core/events'
import { forwardEvents, registerIpc } from '../../../src-main/electron/ipc.handlers'
import { isTrustedSender } from '../../../src-main/electron/trusted-sender'
import { createTestCore } from '../../helpers/test-core'

type Listener = (event: unknown, payload: unknown) => Promise<unknown>

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  call(channel: string, event: unknown, payload: unknown) {
    const listener = this.handlers.get(channel)
    if (!listener) throw new Error(`No handler registered for '${channel}'`)
    return listener(event, payload)
  }
}

const trustedEvent = {
  sender: { id: 1 },
  senderFrame: { url: 'app://hubkeys/index.html', parent: null }
}
/** Any contract event: forwarding is the same for all, and the contract's list grows. */
const someEvent = eventNames[0]
const emit = (events: ReturnType<typeof createEventBus>, payload: unknown) =>
  events.emit(someEvent, payload as never)
type Recipient = { send: (channel: string, ...args: unknown[]) => void; isDestroyed: () => boolean }
const recipient = (destroyed = false) => ({
  send: vi.fn<Recipient['send']>(),
  isDestroyed: () => destroyed
})

describe('registerIpc', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const ipc = new FakeIpcMain()
    const dispose = registerIpc(ipc as never, vi.fn(), () => true)
    expect([...ipc.handlers.keys()].sort()).toEqual([...channelNames].sort())
    dispose()
    expect(ipc.handlers.size).toBe(0)
  })

  it('passes trusted calls to dispatch with the ipc transport and returns its Result', async () => {
    const ipc = new FakeIpcMain()
    const dispatch = vi.fn<Dispatch>(async () => ({ ok: true, value: 'answer' }))
    registerIpc(ipc as never, dispatch, () => true)
    await expect(ipc.call('app:ping', trustedEvent, { nonce: 'n' })).resolves.toEqual({
      ok: true,
      value: 'answer'
    })
    expect(dispatch).toHaveBeenCalledExactlyOnceWith(
      'app:ping',
      { nonce: 'n' },
      { transport: 'ipc' }
    )
  })

  it('answers FORBIDDEN to an untrusted sender without reaching dispatch', async () => {
    const ipc = new FakeIpcMain()
    const dispatch = vi.fn<Dispatch>()
    const isTrusted = vi.fn(() => false)
    registerIpc(ipc as never, dispatch, isTrusted)
    const result = await ipc.call('app:info', { sender: { id: 9 }, senderFrame: null }, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(isTrusted).toHaveBeenCalledWith({ sender: { id: 9 }, senderFrame: null })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('turns a dispatch that throws into an INTERNAL Result without its message', async () => {
    const ipc = new FakeIpcMain()
    registerIpc(
      ipc as never,
      () => Promise.reject(new Error('secret-token-123')),
      () => true
    )
    const result = await ipc.call('app:info', trustedEvent, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('secret-token-123')
  })

  it('works end to end with the real core and isTrustedSender', async () => {
    const ipc = new FakeIpcMain()
    const core = createTestCore({ now: () => 42 })
    registerIpc(ipc as never, core.dispatch, (event) =>
      isTrustedSender(event, { windowIds: new Set([1]) })
    )
    await expect(ipc.call('app:ping', trustedEvent, { nonce: 'abc' })).resolves.toEqual({
      ok: true,
      value: { pong: true, at: 42, nonce: 'abc' }
    })
    await expect(ipc.call('app:ping', trustedEvent, { nonce: 7 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    const iframe = {
      sender: { id: 1 },
      senderFrame: { url: 'app://hubkeys/index.html', parent: {} }
    }
    await expect(ipc.call('app:info', iframe, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
  })
})

describe('forwardEvents', () => {
  it('sends every core event to each live window and stops when asked', () => {
    const events = createEventBus()
    const live = recipient()
    const gone = recipient(true)
    const stop = forwardEvents(events, () => [live, gone])
    emit(events, { n: 1 })
    expect(live.send).toHaveBeenCalledExactlyOnceWith(someEvent, { n: 1 })
    expect(gone.send).not.toHaveBeenCalled()
    stop()
    emit(events, { n: 2 })
    expect(live.send).toHaveBeenCalledTimes(1)
  })

  it('reads the window list at each event, so windows opened later receive events too', () => {
    const events = createEventBus()
    const windows: Recipient[] = []
    forwardEvents(events, () => windows)
    const late = recipient()
    windows.push(late)
    emit(events, {})
    expect(late.send).toHaveBeenCalledOnce()
  })
})
