// @vitest-environment happy-dom
// Component tests of the settings screen (theme, idle lock, clipboard delay, change password) against the real core.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'
import { renderApp } from './render-app'
import { passwords } from './vault-test-kit'

let backend: CoreApi

beforeEach(async () => {
  backend = await createCoreApi()
  await backend.api.invoke('vault:create', { password: passwords.first })
})

afterEach(async () => {
  cleanup()
  document.documentElement.removeAttribute('data-theme')
  await backend.close()
})

const storedPrefs = async () => {
  const prefs = await backend.api.invoke('prefs:get', {})
  if (!prefs.ok) throw new Error(prefs.error.message)
  return prefs.value
}

const openSettings = async () => {
  renderApp(backend)
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  const item = screen.getByRole('button', { name: /^Settings/ })
  expect(item.getAttribute('aria-disabled')).toBeNull()
  fireEvent.click(item)
  expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy()
  expect(document.title).toBe('Settings · Hubkeys')
  // The preferences are loaded once the controls are enabled.
  await waitFor(() =>
    expect((screen.getByLabelText('Lock after idle') as HTMLSelectElement).disabled).toBe(false)
  )
}

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } })

describe('settings: preferences', () => {
  it('applies the theme at once and stores it', async () => {
    await openSettings()
    const theme = screen.getByRole('radiogroup', { name: 'Theme' })
    expect((within(theme).getByLabelText('System') as HTMLInputElement).checked).toBe(true)

    await act(async () => {
      fireEvent.click(within(theme).getByLabelText('Dark'))
    })
    await waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('dark'))
    expect((await storedPrefs()).theme).toBe('dark')
    expect((within(theme).getByLabelText('Dark') as HTMLInputElement).checked).toBe(true)

    await act(async () => {
      fireEvent.click(within(theme).getByLabelText('System'))
    })
    await waitFor(() => expect(document.documentElement.hasAttribute('data-theme')).toBe(false))
    expect((await storedPrefs()).theme).toBe('system')
  })

  it('changes the idle lock time, "never" included, and the clipboard delay', async () => {
    await openSettings()
    const idle = screen.getByLabelText('Lock after idle') as HTMLSelectElement
    expect(idle.value).toBe('15')
    expect([...idle.options].map((option) => option.text)).toEqual([
      '1 minute',
      '5 minutes',
      '15 minutes',
      '30 minutes',
      '1 hour',
      '4 hours',
      'Never'
    ])
    await act(async () => {
      fireEvent.change(idle, { target: { value: '5' } })
    })
    await waitFor(async () => expect((await storedPrefs()).idleMinutes).toBe(5))
    await act(async () => {
      fireEvent.change(idle, { target: { value: '0' } })
    })
    await waitFor(async () => expect((await storedPrefs()).idleMinutes).toBe(0))
    expect(screen.getByText(/stays unlocked until you lock it/)).toBeTruthy()

    const clipboard = screen.getByLabelText('Clear clipboard after') as HTMLSelectElement
    expect([...clipboard.options].map((option) => option.value)).toEqual([
      '10',
      '20',
      '30',
      '60',
      '120'
    ])
    await act(async () => {
      fireEvent.change(clipboard, { target: { value: '120' } })
    })
    await waitFor(async () => expect((await storedPrefs()).clipboardSeconds).toBe(120))
    expect(clipboard.selectedOptions[0]?.text).toBe('2 minutes')
  })

  it('changes the background sync interval and the maximum key age', async () => {
    await openSettings()
    const sync = screen.getByLabelText('Sync in the background every') as HTMLSelectElement
    expect(sync.value).toBe('30')
    await act(async () => {
      fireEvent.change(sync, { target: { value: '0' } })
    })
    await waitFor(async () => expect((await storedPrefs()).syncMinutes).toBe(0))
    const age = screen.getByLabelText('Rotate keys older than') as HTMLSelectElement
    expect([...age.options].map((option) => option.text)).toEqual([
      '90 days',
      '180 days',
      '1 year',
      '2 years'
    ])
    await act(async () => {
      fireEvent.change(age, { target: { value: '90' } })
    })
    await waitFor(async () => expect((await storedPrefs()).maxKeyAgeDays).toBe(90))
  })

  it('lists a stored value that is not one of the usual choices', async () => {
    await backend.api.invoke('prefs:set', { idleMinutes: 45 })
    await openSettings()
    const idle = screen.getByLabelText('Lock after idle') as HTMLSelectElement
    expect(idle.value).toBe('45')
    expect(idle.selectedOptions[0]?.text).toBe('45 minutes')
  })

  it('shows a refused change inline and puts the control back', async () => {
    await openSettings()
    backend.api.override('prefs:set', () => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The preferences file could not be written.' }
    }))
    const idle = screen.getByLabelText('Lock after idle') as HTMLSelectElement
    await act(async () => {
      fireEvent.change(idle, { target: { value: '60' } })
    })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('The preferences file could not be written.')
    expect(idle.value).toBe('15')
    expect(idle.getAttribute('aria-invalid')).toBe('true')
    expect((await storedPrefs()).idleMinutes).toBe(15)

    // The next change that works clears the message.
    backend.api.override('prefs:set', undefined)
    await act(async () => {
      fireEvent.change(idle, { target: { value: '30' } })
    })
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    expect((await storedPrefs()).idleMinutes).toBe(30)
  })

  it('follows a change made elsewhere (another window, the CLI)', async () => {
    await openSettings()
    await act(async () => {
      await backend.api.invoke('prefs:set', { clipboardSeconds: 60 })
    })
    expect((screen.getByLabelText('Clear clipboard after') as HTMLSelectElement).value).toBe('60')
  })
})

describe('settings: change master password', () => {
  const submit = () =>
    act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Change password$/ }))
    })

  it('changes the password, says so and clears the form', async () => {
    await openSettings()
    fill('Current master password', passwords.first)
    fill('New master password', passwords.second)
    fill('Confirm new master password', passwords.second)
    await submit()

    expect((await screen.findByRole('status')).textContent).toContain('Master password changed.')
    for (const label of [
      'Current master password',
      'New master password',
      'Confirm new master password'
    ]) {
      expect((screen.getByLabelText(label) as HTMLInputElement).value).toBe('')
    }
    // Main agrees: the old password no longer unlocks, the new one does.
    await backend.api.invoke('vault:lock', {})
    expect(await backend.api.invoke('vault:unlock', { password: passwords.first })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(await backend.api.invoke('vault:unlock', { password: passwords.second })).toMatchObject({
      ok: true
    })
  })

  it('says the current password is wrong and keeps what was typed', async () => {
    await openSettings()
    fill('Current master password', passwords.wrong)
    fill('New master password', passwords.second)
    fill('Confirm new master password', passwords.second)
    await submit()

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('The current master password is wrong; nothing was changed.')
    const current = screen.getByLabelText('Current master password') as HTMLInputElement
    expect(document.activeElement).toBe(current)
    expect(current.getAttribute('aria-invalid')).toBe('true')
    expect((screen.getByLabelText('New master password') as HTMLInputElement).value).toBe(
      passwords.second
    )
    expect(screen.queryByRole('status')).toBeNull()
    // Nothing changed in main: the first password still unlocks.
    await backend.api.invoke('vault:lock', {})
    expect(await backend.api.invoke('vault:unlock', { password: passwords.first })).toMatchObject({
      ok: true
    })
  })

  it('checks the form before calling main', async () => {
    await openSettings()
    await submit()
    expect(screen.getByText('Enter your current master password.')).toBeTruthy()

    fill('Current master password', passwords.first)
    fill('New master password', passwords.first)
    fill('Confirm new master password', passwords.first)
    await submit()
    expect(screen.getByText('The new password is the same as the current one.')).toBeTruthy()

    fill('New master password', passwords.second)
    fill('Confirm new master password', `${passwords.second}?`)
    await submit()
    expect(screen.getByText('The two passwords do not match.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Confirm new master password'))
    expect(backend.api.calls.some((call) => call.channel === 'vault:change-password')).toBe(false)
  })
})
