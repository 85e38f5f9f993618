// Unit tests of the clipboard guard with a fake clipboard: it clears after the delay, on demand (lock, quit), and only a clipboard that still holds its copy.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClipboardGuard } from '../../src-main/core/keys/clipboard-guard'
import type { Clipboard } from '../../src-main/core/ports/clipboard.port'
import type { Logger } from '../../src-main/core/ports/logger.port'

const fakeClipboard = () => {
  let text = ''
  const clipboard: Clipboard & { text: () => string; clears: number } = {
    clears: 0,
    writeText: async (value) => void (text = value),
    readText: async () => text,
    clear: async () => {
      clipboard.clears += 1
      text = ''
    },
    text: () => text
  }
  return clipboard
}

const logged: unknown[] = []
const logger: Logger = { log: (...args) => void logged.push(args) }

describe('clipboard guard', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    logged.length = 0
  })
  afterEach(() => vi.useRealTimers())

  it('writes the text and clears it after the delay while it is still there', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger, now: () => 1_000 })
    expect(await guard.copy('secret-1', 30)).toBe(31_000)
    expect(clipboard.text()).toBe('secret-1')
    await vi.advanceTimersByTimeAsync(29_999)
    expect(clipboard.text()).toBe('secret-1')
    await vi.advanceTimersByTimeAsync(1)
    expect(clipboard.text()).toBe('')
    expect(clipboard.clears).toBe(1)
  })

  it('leaves alone whatever the person copied since', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('secret-1', 10)
    void clipboard.writeText('my own note')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clipboard.text()).toBe('my own note')
    expect(clipboard.clears).toBe(0)
  })

  it('clears at once when asked (lock, quit), and only once', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('secret-1', 300)
    expect(await guard.clearIfOurs()).toBe(true)
    expect(clipboard.text()).toBe('')
    void clipboard.writeText('later copy')
    expect(await guard.clearIfOurs()).toBe(false)
    await vi.advanceTimersByTimeAsync(300_000)
    expect(clipboard.text()).toBe('later copy')
  })

  it('a second request while one is under way waits for it (lock then quit)', async () => {
    const clipboard = fakeClipboard()
    let release: () => void = () => undefined
    const slowRead = clipboard.readText
    clipboard.readText = () =>
      new Promise<string>((resolve) => {
        release = () => void slowRead().then(resolve)
      })
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('secret-1', 300)
    const onLock = guard.clearIfOurs()
    const onQuit = guard.clearIfOurs()
    let quitDone = false
    void onQuit.then(() => (quitDone = true))
    await Promise.resolve()
    expect(quitDone).toBe(false)
    release()
    expect(await onQuit).toBe(true)
    expect(await onLock).toBe(true)
    expect(clipboard.text()).toBe('')
  })

  it('a second copy replaces the first: its own delay, and the first value no longer counts', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('first', 10)
    await vi.advanceTimersByTimeAsync(5_000)
    await guard.copy('second', 10)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(clipboard.text()).toBe('second')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(clipboard.text()).toBe('')
  })

  it('does not clear a clipboard it cannot read, and logs no value', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('secret-unreadable', 10)
    clipboard.readText = async () => {
      throw new Error('secret-unreadable')
    }
    expect(await guard.clearIfOurs()).toBe(false)
    expect(clipboard.clears).toBe(0)
    expect(JSON.stringify(logged)).not.toContain('secret-unreadable')
  })

  it('dispose stops the timer without touching the clipboard', async () => {
    const clipboard = fakeClipboard()
    const guard = createClipboardGuard({ clipboard, logger })
    await guard.copy('secret-1', 10)
    guard.dispose()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clipboard.text()).toBe('secret-1')
  })
})
