// @vitest-environment happy-dom
// Component tests of the vault gate (first run, unlock, wait, lock, activity) against the real core behind a fake window.api.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCoreApi, type CoreApi, type CoreLike } from '../helpers/fake-api'
import { renderApp } from './render-app'
import { callsTo, createTestClock, passwords } from './vault-test-kit'

let backend: CoreApi

beforeEach(async () => {
  backend = await createCoreApi()
})

afterEach(async () => {
  cleanup()
  vi.useRealTimers()
  document.documentElement.removeAttribute('data-theme')
  await backend.close()
})

const vaultState = async () => {
  const status = await backend.api.invoke('vault:status', {})
  if (!status.ok) throw new Error(status.error.message)
  return status.value
}

/** A vault that exists and is locked, as after a restart. */
const lockedVault = async () => {
  await backend.api.invoke('vault:create', { password: passwords.first })
  await backend.api.invoke('vault:lock', {})
}

/** The core's own lock, as its idle timer or a power event would call it. */
const lockFromMain = (reason: 'idle' | 'suspend' | 'screen-lock') =>
  act(() => {
    // fake-api.ts types the core narrowly; test-core.ts builds a full AppCore, which has the vault.
    ;(backend.core as CoreLike & { vault: { lock(reason: string): unknown } }).vault.lock(reason)
  })

const passwordInput = (label: RegExp | string = /^Master password$/) =>
  screen.getByLabelText(label) as HTMLInputElement

const submitButton = (name: RegExp) => screen.getByRole('button', { name })

describe('first run', () => {
  it('explains the password cannot be recovered and shows the instance footer', async () => {
    renderApp(backend)
    expect(await screen.findByRole('heading', { name: 'Create your vault' })).toBeTruthy()
    expect(screen.getByText('This password cannot be recovered.')).toBeTruthy()
    expect((await screen.findByTestId('app-version')).textContent).toBe('Version 0.0.0-test')
    expect(screen.getByText('/tmp/hubkeys-test')).toBeTruthy()
    expect(document.title).toBe('Create your vault · Hubkeys')
    // Nothing of the app frame is reachable before a vault exists.
    expect(screen.queryByRole('navigation', { name: 'Screens' })).toBeNull()
  })

  it('refuses a short password and a mismatched confirmation without calling main', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Create your vault' })
    const create = submitButton(/create vault/i)

    fireEvent.click(create)
    expect(screen.getByText('Enter a master password.')).toBeTruthy()

    fireEvent.change(passwordInput(), { target: { value: 'short one' } })
    fireEvent.click(create)
    expect(screen.getByText('Use at least 12 characters; this one has 9.')).toBeTruthy()
    expect(passwordInput().getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(passwordInput())

    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    fireEvent.change(passwordInput('Confirm master password'), {
      target: { value: `${passwords.first}!` }
    })
    fireEvent.click(create)
    expect(screen.getByText('The two passwords do not match.')).toBeTruthy()
    expect(document.activeElement).toBe(passwordInput('Confirm master password'))

    expect(callsTo(backend, 'vault:create')).toBe(0)
    expect((await vaultState()).state).toBe('absent')
  })

  it('gives an honest strength hint while typing', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Create your vault' })
    fireEvent.change(passwordInput(), { target: { value: 'Password1234' } })
    expect(screen.getByTestId('strength-label').textContent).toBe('Strength hint: Weak')
    expect(screen.getByText(/built on a very common password/)).toBeTruthy()
    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    expect(screen.getByTestId('strength-label').textContent).toBe('Strength hint: Strong')
  })

  it('shows and hides the password', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Create your vault' })
    const [toggle] = screen.getAllByRole('button', { name: 'Show password' })
    expect(passwordInput().type).toBe('password')
    fireEvent.click(toggle!)
    expect(passwordInput().type).toBe('text')
    expect(toggle!.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(toggle!)
    expect(passwordInput().type).toBe('password')
  })

  it('creates the vault and opens the app', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Create your vault' })
    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    fireEvent.change(passwordInput('Confirm master password'), {
      target: { value: passwords.first }
    })
    const form = passwordInput().form!
    fireEvent.submit(form)
    // A second submit while the key is derived is ignored, not queued.
    fireEvent.submit(form)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(callsTo(backend, 'vault:create')).toBe(1)
    expect((await vaultState()).state).toBe('unlocked')
  })
})

describe('unlock', () => {
  beforeEach(lockedVault)

  it('opens on the password field and unlocks with the right password', async () => {
    renderApp(backend)
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    expect(document.activeElement).toBe(passwordInput())
    expect(document.title).toBe('Unlock · Hubkeys')
    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    fireEvent.submit(passwordInput().form!)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
  })

  it('says a wrong password is wrong and keeps the field, focused and selected', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Unlock your vault' })
    fireEvent.change(passwordInput(), { target: { value: passwords.wrong } })
    fireEvent.submit(passwordInput().form!)

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Wrong master password.')
    await waitFor(() => expect(alert.textContent).toContain('1 wrong in a row'))
    const input = passwordInput()
    expect(input.value).toBe(passwords.wrong)
    expect(document.activeElement).toBe(input)
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, passwords.wrong.length])
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toContain('unlock-error')

    // Nothing else changed: still locked, still the same vault, and the right password works.
    expect(await vaultState()).toMatchObject({ state: 'locked', failures: 1 })
    fireEvent.change(input, { target: { value: passwords.first } })
    fireEvent.submit(input.form!)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
  })

  it('asks for the password instead of sending one vault:unlock would refuse', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Unlock your vault' })
    fireEvent.submit(passwordInput().form!)
    expect(screen.getByText('Enter the master password.')).toBeTruthy()
    // Longer than vault:unlock's schema takes: the form says so rather than sending it.
    fireEvent.change(passwordInput(), { target: { value: 'x'.repeat(1025) } })
    fireEvent.submit(passwordInput().form!)
    expect(screen.getByText('Use at most 1024 characters.')).toBeTruthy()
    expect(callsTo(backend, 'vault:unlock')).toBe(0)
  })

  it('counts down a RATE_LIMITED wait and blocks the button until it ends', async () => {
    // Only the countdown's ticker is faked; the clock it reads is the test's own.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const clock = createTestClock()
    backend.api.override('vault:unlock', () => ({
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many wrong passwords; try again in 3 seconds.',
        retryAfterSeconds: 3
      }
    }))
    renderApp(backend, clock)
    await screen.findByRole('heading', { name: 'Unlock your vault' })
    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    fireEvent.submit(passwordInput().form!)

    expect((await screen.findByRole('alert')).textContent).toContain(
      'Too many wrong passwords in a row.'
    )
    expect(screen.getByRole('timer').textContent).toBe('Try again in 3 s')
    const unlock = submitButton(/^unlock$/i)
    expect(unlock.getAttribute('aria-disabled')).toBe('true')
    expect(unlock.getAttribute('title')).toBe('Try again in 3 s')
    // Enter during the wait sends nothing.
    fireEvent.submit(passwordInput().form!)
    fireEvent.click(unlock)
    expect(callsTo(backend, 'vault:unlock')).toBe(1)

    clock.advance(1000)
    act(() => vi.advanceTimersByTime(250))
    expect(screen.getByRole('timer').textContent).toBe('Try again in 2 s')

    clock.advance(2000)
    act(() => vi.advanceTimersByTime(250))
    expect(screen.queryByRole('timer')).toBeNull()
    expect(unlock.getAttribute('aria-disabled')).toBeNull()

    backend.api.override('vault:unlock', undefined)
    fireEvent.submit(passwordInput().form!)
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
  })

  it("shows the real core's wait after five wrong passwords, and again after a reload", async () => {
    renderApp(backend)
    await screen.findByRole('heading', { name: 'Unlock your vault' })
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      fireEvent.change(passwordInput(), { target: { value: `${passwords.wrong} ${attempt}` } })
      fireEvent.submit(passwordInput().form!)
      await waitFor(() => expect(callsTo(backend, 'vault:unlock')).toBe(attempt))
      await waitFor(() => expect(submitButton(/^unlock$/i).getAttribute('aria-busy')).toBeNull())
    }
    expect((await screen.findByRole('timer')).textContent).toMatch(/^Try again in [1-5] s$/)
    expect(screen.getByRole('alert').textContent).toContain('Wrong master password.')

    // The wait is main's, not this window's: a fresh window shows it too.
    cleanup()
    renderApp(backend)
    expect((await screen.findByRole('timer')).textContent).toMatch(/^Try again in [1-5] s$/)
    expect(screen.getByText('Too many wrong passwords in a row.')).toBeTruthy()
    expect(submitButton(/^unlock$/i).getAttribute('aria-disabled')).toBe('true')
  })
})

describe('locking', () => {
  beforeEach(async () => {
    await backend.api.invoke('vault:create', { password: passwords.first })
  })

  it('locks from the header button', async () => {
    renderApp(backend)
    const lock = await screen.findByRole('button', { name: 'Lock' })
    expect(lock.getAttribute('title')).toBe('Lock (Ctrl+L)')
    fireEvent.click(lock)
    expect(screen.getByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    await waitFor(async () => expect((await vaultState()).state).toBe('locked'))
  })

  it.each([
    ['Ctrl+L', { ctrlKey: true }],
    ['Cmd+L', { metaKey: true }]
  ])('locks on %s from anywhere in the window', async (_name, modifier) => {
    renderApp(backend)
    await screen.findByRole('heading', { level: 1, name: 'Overview' })
    // Plain L and Ctrl+Shift+L are other shortcuts; they must not lock.
    fireEvent.keyDown(document.body, { key: 'l' })
    fireEvent.keyDown(document.body, { key: 'L', shiftKey: true, ...modifier })
    expect(screen.queryByRole('heading', { name: 'Unlock your vault' })).toBeNull()

    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'l', ...modifier })
    expect(screen.getByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    await waitFor(async () => expect((await vaultState()).state).toBe('locked'))
  })

  it('returns to the unlock screen on vault:locked, says why, and drops what was typed', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { level: 1, name: 'Overview' })
    fireEvent.click(screen.getByRole('button', { name: /^Settings/ }))
    fireEvent.change(await screen.findByLabelText('Current master password'), {
      target: { value: passwords.first }
    })

    lockFromMain('idle')
    expect(screen.getByRole('heading', { name: 'Unlock your vault' })).toBeTruthy()
    expect(screen.queryByLabelText('Current master password')).toBeNull()
    // The test core locks after 15 idle minutes; the notice reads the preference.
    expect(
      (await screen.findByText('Locked after 15 idle minutes.')).closest('[role]')
    ).toBeTruthy()

    fireEvent.change(passwordInput(), { target: { value: passwords.first } })
    fireEvent.submit(passwordInput().form!)
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy()
    expect((screen.getByLabelText('Current master password') as HTMLInputElement).value).toBe('')

    lockFromMain('suspend')
    expect(await screen.findByText('Locked because the computer went to sleep.')).toBeTruthy()
  })

  it('names a screen lock as the reason', async () => {
    renderApp(backend)
    await screen.findByRole('heading', { level: 1, name: 'Overview' })
    lockFromMain('screen-lock')
    expect(await screen.findByText('Locked because the screen was locked.')).toBeTruthy()
  })
})

describe('activity', () => {
  it('reports input to main at most once every 30 seconds while unlocked', async () => {
    await backend.api.invoke('vault:create', { password: passwords.first })
    const { clock } = renderApp(backend)
    const frame = await screen.findByRole('heading', { level: 1, name: 'Overview' })

    // Unlocking itself re-armed main's idle timer; activity right after needs no report.
    fireEvent.keyDown(frame, { key: 'a' })
    expect(callsTo(backend, 'vault:touch')).toBe(0)

    clock.advance(31_000)
    fireEvent.pointerDown(frame)
    fireEvent.wheel(frame)
    fireEvent.keyDown(frame, { key: 'b' })
    expect(callsTo(backend, 'vault:touch')).toBe(1)

    clock.advance(29_000)
    fireEvent.pointerMove(frame)
    expect(callsTo(backend, 'vault:touch')).toBe(1)
    clock.advance(2_000)
    fireEvent.pointerMove(frame)
    expect(callsTo(backend, 'vault:touch')).toBe(2)
  })

  it('reports nothing while locked', async () => {
    await lockedVault()
    const { clock } = renderApp(backend)
    const heading = await screen.findByRole('heading', { name: 'Unlock your vault' })
    clock.advance(60_000)
    fireEvent.keyDown(within(heading.closest('section')!).getByLabelText(/^Master password$/), {
      key: 'x'
    })
    fireEvent.pointerDown(heading)
    expect(callsTo(backend, 'vault:touch')).toBe(0)
  })
})

describe('connection', () => {
  it('shows one clear alert when the vault status cannot be read, and recovers on retry', async () => {
    const message = 'Hubkeys did not answer; reload the window to reconnect.'
    backend.api.override('vault:status', () => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message }
    }))
    renderApp(backend)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Hubkeys is not connected')
    expect(alert.textContent).toContain(message)

    backend.api.override('vault:status', undefined)
    fireEvent.click(within(alert).getByRole('button', { name: /try again/i }))
    expect(await screen.findByRole('heading', { name: 'Create your vault' })).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
