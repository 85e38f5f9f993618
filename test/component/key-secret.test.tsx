// @vitest-environment happy-dom
// Component tests of the key value actions: the Copy split button and its keyboard menu, web mode's clipboard write and clearing (only if still ours), and Reveal hiding on blur and lock.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Client } from '../../src-renderer/src/api/client'
import type { ChannelName, EventName } from '../../src-main/contract/channels'
import { CopyKeyButton } from '../../src-renderer/src/features/key-secret/CopyKeyButton'
import { RevealKeyButton } from '../../src-renderer/src/features/key-secret/RevealKeyButton'
import { KeySecretActions } from '../../src-renderer/src/features/key-secret/KeySecretActions'
import { createKeysStore, KeysStoreProvider } from '../../src-renderer/src/features/keys/keys.store'
import type { KeyDetail } from '../../src-main/contract/inventory.contract'
import {
  createSettingsStore,
  SettingsStoreProvider
} from '../../src-renderer/src/features/settings/settings.store'
import { ToastRegion } from '../../src-renderer/src/ui/Toast'

const secret = 'k-live-0123456789'
const target = { connectionId: 'c1', keyId: 'key-1' }

/** The browser clipboard the page guard writes; one object for the whole file (the guard is per page). */
const browserClipboard = {
  text: '',
  readable: true,
  writeText: async (text: string) => void (browserClipboard.text = text),
  readText: async () => {
    if (!browserClipboard.readable) throw new Error('NotAllowedError')
    return browserClipboard.text
  }
}
Object.defineProperty(navigator, 'clipboard', { value: browserClipboard, configurable: true })

const fakeClient = (options: { desktop?: boolean; seconds?: number } = {}) => {
  const calls: { channel: ChannelName; payload: unknown }[] = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const client: Client = {
    call: (async (channel: ChannelName, payload: unknown) => {
      calls.push({ channel, payload })
      if (channel === 'keys:copy') {
        const as = (payload as { as: string }).as
        const text = as === 'value' ? secret : `${as}:${secret}`
        const seconds = options.seconds ?? 30
        return {
          ok: true,
          value: {
            clearsAt: Date.now() + seconds * 1000,
            clearAfterSeconds: seconds,
            ...(options.desktop ? {} : { text })
          }
        }
      }
      if (channel === 'keys:reveal')
        return { ok: true, value: { value: secret, hideAfterSeconds: 30 } }
      if (channel === 'keys:store-value') {
        const pasted = (payload as { secret: string }).secret
        if (pasted !== secret)
          return {
            ok: false,
            error: { code: 'BAD_REQUEST', message: "That value is not this key's." }
          }
        return { ok: true, value: { fingerprint: 'sha256:abcdefabcdef' } }
      }
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } }
    }) as Client['call'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    }) as Client['on']
  }
  const emit = (event: EventName, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload))
  return { client, calls, emit }
}

const renderWith = (client: Client, ui: React.ReactNode) =>
  render(
    <SettingsStoreProvider value={createSettingsStore(client)}>
      {ui}
      <ToastRegion />
    </SettingsStoreProvider>
  )

const toast = () => screen.getByRole('log', { name: 'Notifications' })

beforeEach(() => {
  browserClipboard.text = 'before'
  browserClipboard.readable = true
})
afterEach(() => cleanup())

describe('Copy split button', () => {
  it('copies the value with one click; web mode writes the answer to the browser clipboard', async () => {
    const { client, calls } = fakeClient()
    renderWith(client, <CopyKeyButton target={target} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(browserClipboard.text).toBe(secret))
    expect(calls).toEqual([{ channel: 'keys:copy', payload: { ...target, as: 'value' } }])
    await waitFor(() => expect(toast().textContent).toContain('Copied. Clipboard clears in 30 s.'))
    expect(toast().textContent).not.toContain(secret)
  })

  it('desktop: main wrote the clipboard, so the page does not touch it', async () => {
    const { client } = fakeClient({ desktop: true })
    renderWith(client, <CopyKeyButton target={target} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(toast().textContent).toContain('Clipboard clears in 30 s'))
    expect(browserClipboard.text).toBe('before')
  })

  it('is a keyboard menu: arrows, Home, End wrap through the formats, Enter copies, focus returns', async () => {
    const { client, calls } = fakeClient()
    renderWith(client, <CopyKeyButton target={target} />)
    const toggle = screen.getByRole('button', { name: 'More ways to copy' })
    expect(toggle.getAttribute('aria-haspopup')).toBe('menu')
    toggle.focus()
    fireEvent.keyDown(toggle, { key: 'ArrowDown' })
    const menu = await screen.findByRole('menu', { name: 'Copy as' })
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const items = screen.getAllByRole('menuitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'Copy as Authorization header',
      'Copy as curl command',
      'Copy as .env line'
    ])
    await waitFor(() => expect(document.activeElement).toBe(items[0]))
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[1])
    fireEvent.keyDown(menu, { key: 'End' })
    expect(document.activeElement).toBe(items[2])
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[0])
    fireEvent.keyDown(menu, { key: 'ArrowUp' })
    expect(document.activeElement).toBe(items[2])
    fireEvent.keyDown(menu, { key: 'Home' })
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    // A menu item is a button: Enter activates it as a click.
    fireEvent.click(document.activeElement as HTMLElement)
    await waitFor(() => expect(browserClipboard.text).toBe(`curl:${secret}`))
    expect(calls.at(-1)).toEqual({ channel: 'keys:copy', payload: { ...target, as: 'curl' } })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(toggle)
  })

  it('Esc closes only the menu and gives the focus back; ArrowUp opens on the last item', async () => {
    const { client } = fakeClient()
    let escapedToPanel = 0
    renderWith(
      client,
      <div onKeyDown={(event) => event.key === 'Escape' && (escapedToPanel += 1)}>
        <CopyKeyButton target={target} />
      </div>
    )
    const toggle = screen.getByRole('button', { name: 'More ways to copy' })
    toggle.focus()
    fireEvent.keyDown(toggle, { key: 'ArrowUp' })
    const menu = await screen.findByRole('menu')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Copy as .env line'))
    fireEvent.keyDown(menu, { key: 'Escape' })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(toggle)
    expect(escapedToPanel).toBe(0)
  })

  it('clears the browser clipboard at the deadline when it still holds the copy', async () => {
    const { client } = fakeClient({ seconds: 1 })
    renderWith(client, <CopyKeyButton target={target} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(browserClipboard.text).toBe(secret))
    await waitFor(() => expect(browserClipboard.text).toBe(''), { timeout: 3000 })
    await waitFor(() => expect(toast().textContent).toContain('Clipboard cleared.'))
  })

  it('leaves a later copy of the person alone', async () => {
    const { client } = fakeClient({ seconds: 1 })
    renderWith(client, <CopyKeyButton target={target} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(browserClipboard.text).toBe(secret))
    browserClipboard.text = 'my own note'
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(browserClipboard.text).toBe('my own note')
  })

  it('says the clipboard was not cleared when the browser refuses the check', async () => {
    const { client } = fakeClient({ seconds: 1 })
    renderWith(client, <CopyKeyButton target={target} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(browserClipboard.text).toBe(secret))
    browserClipboard.readable = false
    await waitFor(() => expect(toast().textContent).toContain('The clipboard was not cleared'), {
      timeout: 3000
    })
    expect(browserClipboard.text).toBe(secret)
  })
})

describe('Reveal', () => {
  it('shows the value on demand and hides it when the window loses focus', async () => {
    const { client } = fakeClient()
    renderWith(client, <RevealKeyButton target={target} valueId="v1" />)
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }))
    const shown = await screen.findByRole('group', { name: 'Key value' })
    expect(shown.textContent).toContain(secret)
    expect(screen.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true')
    act(() => void window.dispatchEvent(new Event('blur')))
    expect(screen.queryByRole('group', { name: 'Key value' })).toBeNull()
    expect(document.body.textContent).not.toContain(secret)
  })

  it('hides the value when the vault locks and when another key is shown', async () => {
    const { client, emit } = fakeClient()
    const { rerender } = renderWith(client, <RevealKeyButton target={target} valueId="v1" />)
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }))
    await screen.findByRole('group', { name: 'Key value' })
    act(() => emit('vault:locked', { reason: 'idle' }))
    expect(document.body.textContent).not.toContain(secret)

    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }))
    await screen.findByRole('group', { name: 'Key value' })
    rerender(
      <SettingsStoreProvider value={createSettingsStore(client)}>
        <RevealKeyButton target={{ connectionId: 'c1', keyId: 'key-2' }} valueId="v1" />
      </SettingsStoreProvider>
    )
    expect(document.body.textContent).not.toContain(secret)
  })
})

describe('Reveal time limit', () => {
  it('hides the value after the time the answer gives (30 s)', async () => {
    // Time still flows (the reveal call and the queries wait on it), and can be jumped ahead.
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const { client } = fakeClient()
      renderWith(client, <RevealKeyButton target={target} valueId="v1" />)
      fireEvent.click(screen.getByRole('button', { name: 'Reveal' }))
      await screen.findByRole('group', { name: 'Key value' })
      // Its effect (which starts the 30 s timer) has run once act has flushed the commit.
      await act(async () => undefined)
      act(() => void vi.advanceTimersByTime(29_000))
      expect(screen.getByRole('group', { name: 'Key value' }).textContent).toContain(secret)
      act(() => void vi.advanceTimersByTime(1_000))
      // React commits the hiding on its scheduler, which runs on the (advancing) fake clock too.
      await waitFor(() => expect(screen.queryByRole('group', { name: 'Key value' })).toBeNull())
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('a key without a stored value', () => {
  const keyWithout = {
    id: 'key-1',
    connectionId: 'c1',
    name: 'synced-key',
    status: 'active',
    hasSecret: false,
    fingerprint: null
  } as unknown as KeyDetail

  it('says so, offers to paste its value, stores it and then offers Copy and Reveal', async () => {
    const { client, calls } = fakeClient()
    const keys = createKeysStore(client)
    keys.setState({
      detail: { id: 'key-1', phase: 'ready', key: keyWithout, history: [], historyPhase: 'ready' }
    })
    const Panel = () => {
      const detail = keys.getState().detail?.key
      return detail ? <KeySecretActions keyDetail={detail} /> : null
    }
    const { rerender } = render(
      <SettingsStoreProvider value={createSettingsStore(client)}>
        <KeysStoreProvider value={keys}>
          <Panel />
        </KeysStoreProvider>
        <ToastRegion />
      </SettingsStoreProvider>
    )
    expect(document.body.textContent).toContain('Hubkeys holds no value for this key.')
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Paste its value…' }))
    const dialog = await screen.findByRole('dialog', { name: "Paste this key's value" })
    const field = within(dialog).getByLabelText('Key value')
    fireEvent.change(field, { target: { value: 'wrong-value' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Store value' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      "That value is not this key's."
    )
    fireEvent.change(field, { target: { value: secret } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Store value' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(calls.at(-1)).toEqual({
      channel: 'keys:store-value',
      payload: { ...target, secret }
    })
    expect(keys.getState().detail?.key).toMatchObject({
      hasSecret: true,
      fingerprint: 'sha256:abcdefabcdef'
    })
    rerender(
      <SettingsStoreProvider value={createSettingsStore(client)}>
        <KeysStoreProvider value={keys}>
          <Panel />
        </KeysStoreProvider>
      </SettingsStoreProvider>
    )
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Reveal' })).toBeTruthy()
  })

  it('offers no paste for a key gone at its hub', () => {
    const { client } = fakeClient()
    const keys = createKeysStore(client)
    render(
      <SettingsStoreProvider value={createSettingsStore(client)}>
        <KeysStoreProvider value={keys}>
          <KeySecretActions keyDetail={{ ...keyWithout, status: 'missing' }} />
        </KeysStoreProvider>
      </SettingsStoreProvider>
    )
    expect(document.body.textContent).toContain('Hubkeys holds no value for this key.')
    expect(screen.queryByRole('button', { name: 'Paste its value…' })).toBeNull()
  })
})
