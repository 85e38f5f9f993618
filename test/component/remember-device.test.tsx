// @vitest-environment happy-dom
// Component tests of "remember on this device": the settings switch and the unlock screen's one automatic try, over a fake api.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '../../src-main/contract/result'
import type { RememberRequest, VaultStatus } from '../../src-main/contract/vault.contract'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'
import { renderApp } from './render-app'
import { callsTo, passwords } from './vault-test-kit'

let backend: CoreApi
/** What the desktop's keychain would say; the test core (web mode) has none, so the fake api adds it. */
let device: { available: boolean; remembered: boolean }

const ctx = { transport: 'test' as const }
const real = (channel: string, payload: unknown = {}) =>
  backend.core.dispatch(channel, payload, ctx) as Promise<Result<VaultStatus>>
const withDevice = (result: Result<VaultStatus>): Result<VaultStatus> =>
  result.ok
    ? {
        ok: true,
        value: {
          ...result.value,
          remembered: device.remembered,
          rememberAvailable: device.available
        }
      }
    : result

/** A desktop-like vault: status reports the keychain, remember and unlock-remembered act on it. */
const fakeDevice = () => {
  backend.api.override('vault:status', async () => withDevice(await real('vault:status')))
  backend.api.override('vault:remember', async (payload) => {
    // Main checks the password against the vault (unit-tested there); the fake knows the one.
    const request = payload as RememberRequest
    if (request.enabled && request.password !== passwords.first) {
      return {
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'The master password is wrong; nothing was remembered.'
        }
      }
    }
    const status = await real('vault:status')
    if (status.ok && status.value.state === 'unlocked') device.remembered = request.enabled
    return withDevice(status)
  })
  // The keychain gives back the data key; here the real core is unlocked the only way it knows.
  backend.api.override('vault:unlock-remembered', async () =>
    withDevice(await real('vault:unlock', { password: passwords.first }))
  )
}

beforeEach(async () => {
  backend = await createCoreApi()
  device = { available: true, remembered: false }
  await backend.api.invoke('vault:create', { password: passwords.first })
})

afterEach(async () => {
  cleanup()
  await backend.close()
})

const openSettings = async () => {
  renderApp(backend)
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  fireEvent.click(screen.getByRole('button', { name: /^Settings/ }))
  await screen.findByRole('heading', { level: 1, name: 'Settings' })
  // The preferences are loaded once the controls are enabled.
  await waitFor(() =>
    expect((screen.getByLabelText('Lock after idle') as HTMLSelectElement).disabled).toBe(false)
  )
}

const rememberSwitch = () =>
  screen.getByRole('switch', { name: 'Remember on this device' }) as HTMLInputElement

const rememberCalls = () =>
  backend.api.calls.filter((call) => call.channel === 'vault:remember').map((call) => call.payload)

/** Turns the switch on and answers the password form with `password`. */
const turnOnWith = async (password: string) => {
  await act(async () => {
    fireEvent.click(await screen.findByRole('switch', { name: 'Remember on this device' }))
  })
  const input = (await screen.findByLabelText(/^Your master password$/)) as HTMLInputElement
  fireEvent.change(input, { target: { value: password } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Remember this device' }))
  })
  return input
}

describe('settings: remember on this device', () => {
  it('is not offered where the keychain cannot hold the key (web mode)', async () => {
    await openSettings()
    expect(callsTo(backend, 'vault:status')).toBeGreaterThan(0)
    expect(screen.queryByRole('switch')).toBeNull()
    expect(screen.queryByText('Remember on this device')).toBeNull()
  })

  it('is offered when available, says what it means, and turns on and off', async () => {
    fakeDevice()
    await openSettings()
    const toggle = await screen.findByRole('switch', { name: 'Remember on this device' })
    expect((toggle as HTMLInputElement).checked).toBe(false)
    const hint = document.getElementById(toggle.getAttribute('aria-describedby')!)
    expect(hint?.textContent).toContain(
      'Anyone who can use your account on this computer can then open the vault.'
    )

    await turnOnWith(passwords.first)
    await waitFor(() => expect(rememberSwitch().checked).toBe(true))
    expect(device.remembered).toBe(true)
    // The form goes, and with it the password typed into it.
    expect(screen.queryByLabelText(/^Your master password$/)).toBeNull()

    // Turning it off asks for nothing.
    await act(async () => {
      fireEvent.click(rememberSwitch())
    })
    await waitFor(() => expect(rememberSwitch().checked).toBe(false))
    expect(screen.queryByLabelText(/^Your master password$/)).toBeNull()
    expect(rememberCalls()).toEqual([
      { enabled: true, password: passwords.first },
      { enabled: false }
    ])
  })

  it('asks for the master password before anything is sent, and says when it is wrong', async () => {
    fakeDevice()
    await openSettings()
    await act(async () => {
      fireEvent.click(await screen.findByRole('switch', { name: 'Remember on this device' }))
    })
    const input = (await screen.findByLabelText(/^Your master password$/)) as HTMLInputElement
    await waitFor(() => expect(document.activeElement).toBe(input))
    expect(rememberSwitch().checked).toBe(false)
    expect(rememberCalls()).toEqual([])

    // Empty: said beside the field, nothing sent.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remember this device' }))
    })
    expect(screen.getByText('Enter the master password.')).toBeTruthy()
    expect(rememberCalls()).toEqual([])

    fireEvent.change(input, { target: { value: passwords.wrong } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remember this device' }))
    })
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The master password is wrong; nothing was remembered.'
    )
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(rememberSwitch().checked).toBe(false)
    expect(device.remembered).toBe(false)

    // Cancel closes the form and sends nothing more.
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByLabelText(/^Your master password$/)).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(rememberCalls()).toEqual([{ enabled: true, password: passwords.wrong }])
  })

  it('shows a refusal next to the switch and leaves it off', async () => {
    fakeDevice()
    await openSettings()
    backend.api.override('vault:remember', () => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The system keychain is locked.' }
    }))
    await turnOnWith(passwords.first)
    expect((await screen.findByRole('alert')).textContent).toBe('The system keychain is locked.')
    expect(rememberSwitch().checked).toBe(false)
    // The form stays, so the person can try again or cancel.
    expect(screen.getByRole('button', { name: 'Remember this device' })).toBeTruthy()
  })

  it('shows a refusal to forget next to the switch and marks it', async () => {
    device.remembered = true
    fakeDevice()
    await openSettings()
    backend.api.override('vault:remember', () => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The system keychain is locked.' }
    }))
    await act(async () => {
      fireEvent.click(await screen.findByRole('switch', { name: 'Remember on this device' }))
    })
    expect((await screen.findByRole('alert')).textContent).toBe('The system keychain is locked.')
    expect(rememberSwitch().getAttribute('aria-invalid')).toBe('true')
  })
})

describe('unlock: remembered on this device', () => {
  beforeEach(async () => {
    await backend.api.invoke('vault:lock', {})
  })

  it('opens by itself once at start, not after locking on purpose, and offers a button then', async () => {
    device.remembered = true
    fakeDevice()
    renderApp(backend)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(callsTo(backend, 'vault:unlock-remembered')).toBe(1)
    expect(callsTo(backend, 'vault:unlock')).toBe(0)

    fireEvent.click(screen.getByRole('button', { name: 'Lock' }))
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    const button = await screen.findByRole('button', { name: 'Unlock with this device' })
    expect(callsTo(backend, 'vault:unlock-remembered')).toBe(1)

    await act(async () => {
      fireEvent.click(button)
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(callsTo(backend, 'vault:unlock-remembered')).toBe(2)
  })

  it('falls back to the password field with the reason when the keychain fails', async () => {
    device.remembered = true
    fakeDevice()
    const reason =
      'The system keychain has changed since this device remembered the vault, so it was forgotten; enter the master password.'
    backend.api.override('vault:unlock-remembered', () => {
      // Main forgets the key in this case; the next status says so.
      device.remembered = false
      return { ok: false, error: { code: 'UNAUTHORIZED', message: reason } }
    })
    renderApp(backend)
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(reason)
    const input = screen.getByLabelText(/^Master password$/) as HTMLInputElement
    await waitFor(() => expect(document.activeElement).toBe(input))
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Unlock with this device' })).toBeNull()
    )
    expect(callsTo(backend, 'vault:unlock-remembered')).toBe(1)

    fireEvent.change(input, { target: { value: passwords.first } })
    fireEvent.submit(input.form!)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
  })

  it('asks for the password, and never tries the keychain, when the vault is not remembered', async () => {
    fakeDevice()
    renderApp(backend)
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Unlock with this device' })).toBeNull()
    expect(callsTo(backend, 'vault:unlock-remembered')).toBe(0)
  })
})
