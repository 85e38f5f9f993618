// @vitest-environment happy-dom
// Component tests of the connections UI (add dialog, sidebar, panel, overview table) over the real core and a simulated Cycle hub.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Connection, ConnectionInput } from '../../src-main/contract/hubs.contract'
import type { NetworkWatch } from '../../src-renderer/src/features/connections/connections.store'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'
import { startCycleFake, type CycleFakeLike } from './cycle-fake-loader'
import { renderApp, type RenderedApp } from './render-app'
import { callsTo, passwords } from './vault-test-kit'

let backend: CoreApi
let cycle: CycleFakeLike

beforeAll(async () => {
  cycle = await startCycleFake()
})

afterAll(async () => {
  await cycle.close()
})

beforeEach(async () => {
  backend = await createCoreApi()
  await backend.api.invoke('vault:create', { password: passwords.first })
})

afterEach(async () => {
  cleanup()
  await backend.close()
})

/** Nothing listens on port 1 of this computer: every call is refused at once. */
const closedPort = 'http://127.0.0.1:1'

const cycleInput = (overrides: Partial<ConnectionInput> = {}): ConnectionInput => ({
  name: 'Acme staging',
  kind: 'cycle',
  baseUrl: cycle.url,
  settings: { hubId: cycle.hubId },
  environment: 'staging',
  colour: '#3b82f6',
  credential: cycle.credential,
  ...overrides
})

const addThroughApi = async (input: ConnectionInput): Promise<Connection> => {
  const result = await backend.api.invoke('connections:add', input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const listed = async (): Promise<Connection[]> => {
  const result = await backend.api.invoke('connections:list', {})
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const openFrame = async (options?: Parameters<typeof renderApp>[2]): Promise<RenderedApp> => {
  const rendered = renderApp(backend, undefined, options)
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  // The connections are read once the frame is up.
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  return rendered
}

const sidebar = () => within(screen.getByRole('complementary'))
const sidebarList = () => sidebar().getByRole('list', { name: 'Connections' })
const dialog = () => screen.getByRole('dialog')
const fill = (scope: HTMLElement, label: string | RegExp, value: string) =>
  fireEvent.change(within(scope).getByLabelText(label), { target: { value } })

/** Opens the add dialog from the sidebar's "+" and picks the Cycle kind. */
const openCycleForm = async () => {
  fireEvent.click(sidebar().getByRole('button', { name: 'Add connection' }))
  const kinds = await screen.findByRole('dialog', { name: 'Add connection' })
  // Each kind shows what it can do, from hubs:kinds.
  await waitFor(() => expect(within(kinds).getAllByText(/Lists keys/).length).toBeGreaterThan(0))
  fireEvent.click(within(kinds).getByRole('button', { name: /^Cycle/ }))
  return screen.findByRole('dialog', { name: 'Add Cycle connection' })
}

describe('add-connection dialog', () => {
  it('is a labelled modal: focus inside, Tab wraps, Esc closes and gives focus back', async () => {
    await openFrame()
    const plus = sidebar().getByRole('button', { name: 'Add connection' })
    plus.focus()
    fireEvent.click(plus)
    const modal = await screen.findByRole('dialog', { name: 'Add connection' })
    expect(modal.getAttribute('aria-modal')).toBe('true')
    expect(modal.contains(document.activeElement)).toBe(true)
    // The rest of the window is inert while the dialog is open.
    const frame = screen.getByRole('navigation', { name: 'Screens' }).closest('[inert]')
    expect(frame).not.toBeNull()

    // Tab from the last control comes back to the first; Shift+Tab from the first goes to the last.
    const controls = within(modal).getAllByRole('button')
    const first = controls[0] as HTMLElement
    const last = controls[controls.length - 1] as HTMLElement
    last.focus()
    fireEvent.keyDown(last, { key: 'Tab' })
    expect(document.activeElement).toBe(first)
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(last)

    fireEvent.keyDown(modal, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(plus)
    expect(screen.getByRole('navigation', { name: 'Screens' }).closest('[inert]')).toBeNull()
  })

  it('checks required fields before calling main, and focuses the first one', async () => {
    await openFrame()
    const form = await openCycleForm()
    // The kind's default address is filled in; the name field has focus.
    expect((within(form).getByLabelText('Address') as HTMLInputElement).value).toBe(
      'https://api.cycle.io'
    )
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'))
    fill(form, 'Address', '')

    fireEvent.click(within(form).getByRole('button', { name: 'Add connection' }))
    expect(await within(form).findByText('Give the connection a name.')).toBeTruthy()
    expect(within(form).getByText('Enter the hub address.')).toBeTruthy()
    expect(within(form).getByText('Enter the Hub ID.')).toBeTruthy()
    expect(within(form).getByText('Enter the API key.')).toBeTruthy()
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'))

    // The test button checks the same way; nothing reached main.
    fireEvent.click(within(form).getByRole('button', { name: 'Test connection' }))
    expect(callsTo(backend, 'connections:add')).toBe(0)
    expect(callsTo(backend, 'connections:test')).toBe(0)

    // Fixing a field clears its error as it is typed.
    fill(form, 'Name', 'Acme')
    expect(within(form).queryByText('Give the connection a name.')).toBeNull()
    fill(form, 'Address', 'not a url')
    expect(within(form).getByText('Use a full address like https://api.example.com.')).toBeTruthy()
  })

  it('shows why a test failed, inline, and keeps everything typed', async () => {
    await openFrame()
    const form = await openCycleForm()
    fill(form, 'Name', 'Acme wrong key')
    fill(form, 'Address', cycle.url)
    fill(form, 'Hub ID', cycle.hubId)
    const wrongKey = 'definitely-not-the-key-0123456789'
    fill(form, 'API key', wrongKey)

    fireEvent.click(within(form).getByRole('button', { name: 'Test connection' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('The test failed.')
    const message = within(alert).getByTestId('test-error').textContent ?? ''
    // The same sentence main gives for these settings, and never the credential itself.
    const direct = await backend.api.invoke('connections:test', {
      input: cycleInput({ name: 'Acme wrong key', credential: wrongKey })
    })
    expect(direct.ok).toBe(false)
    expect(message).toBe(direct.ok ? '' : direct.error.message)
    expect(message).not.toContain(wrongKey)

    expect((within(form).getByLabelText('API key') as HTMLInputElement).value).toBe(wrongKey)
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('Acme wrong key')
    expect(await listed()).toEqual([])

    // Editing the settings drops the answer: it no longer describes what is typed.
    fill(form, 'API key', cycle.credential)
    expect(within(form).queryByRole('alert')).toBeNull()
  })

  it('tests, adds and syncs a connection, which then shows in the sidebar with its badge', async () => {
    await openFrame()
    const form = await openCycleForm()
    expect(within(form).getByTestId('kind-capabilities').textContent).toMatch(
      /Lists keys · Creates · .*Deletes · Verifies/
    )
    fill(form, 'Name', 'Acme production')
    fill(form, 'Address', cycle.url)
    fill(form, 'Hub ID', cycle.hubId)
    fill(form, 'API key', cycle.credential)
    fireEvent.click(within(form).getByRole('radio', { name: 'Prod' }))
    fireEvent.click(within(form).getByRole('radio', { name: 'Emerald' }))
    expect((within(form).getByLabelText('Colour as hex') as HTMLInputElement).value).toBe('#10b981')

    fireEvent.click(within(form).getByRole('button', { name: 'Test connection' }))
    const passed = await within(form).findByTestId('test-detail')
    expect(passed.textContent).toContain(`Reached Cycle hub ${cycle.hubId}`)

    fireEvent.click(within(form).getByRole('button', { name: 'Add connection' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    const [saved] = await listed()
    expect(saved).toMatchObject({
      name: 'Acme production',
      environment: 'prod',
      colour: '#10b981',
      hasCredential: true,
      settings: { hubId: cycle.hubId }
    })
    const item = within(sidebarList()).getByRole('button', { name: /^Acme production/ })
    expect(within(item).getByText('prod')).toBeTruthy()
    // The first sync starts by itself and ends with the keys in the cache.
    await waitFor(() => expect(within(item).getByText('Synced just now')).toBeTruthy())
    const overview = screen.getByRole('main')
    const row = within(overview).getByRole('row', { name: /Acme production/ })
    expect(within(row).getByText('Up to date')).toBeTruthy()
    expect(within(row).getByText('6')).toBeTruthy()
  })

  it('says so beside the name when the name is taken, and keeps the dialog open', async () => {
    await addThroughApi(cycleInput({ name: 'Taken' }))
    await openFrame()
    const form = await openCycleForm()
    fill(form, 'Name', 'Taken')
    fill(form, 'Address', cycle.url)
    fill(form, 'Hub ID', cycle.hubId)
    fill(form, 'API key', cycle.credential)
    fireEvent.click(within(form).getByRole('button', { name: 'Add connection' }))
    expect(await within(form).findByText('A connection named "Taken" already exists.')).toBeTruthy()
    expect(screen.getByRole('dialog')).toBe(form)
    expect(await listed()).toHaveLength(1)
  })

  it('offers the certificate options only where the hub form says so, with a warning', async () => {
    await openFrame()
    const cycleForm = await openCycleForm()
    expect(within(cycleForm).queryByText('Certificate options')).toBeNull()
    fireEvent.click(within(cycleForm).getByRole('button', { name: 'Change hub' }))
    fireEvent.click(within(dialog()).getByRole('button', { name: /^Delphix DCT/ }))
    const dct = await screen.findByRole('dialog', { name: 'Add Delphix DCT connection' })
    // Switching kind keeps the name and moves an untouched address to the new default.
    expect((within(dct).getByLabelText('Address') as HTMLInputElement).value).toBe(
      'https://dct.example.com'
    )
    fireEvent.click(within(dct).getByLabelText('Allow an invalid certificate'))
    expect(within(dct).getByText(/accept any certificate from this server/)).toBeTruthy()
    fill(dct, /Custom CA certificate/, 'not a certificate')
    fill(dct, 'Name', 'Lab')
    fill(dct, /^API key/, 'apk-test')
    fireEvent.click(within(dct).getByRole('button', { name: 'Add connection' }))
    expect(await within(dct).findByText(/Paste a PEM certificate/)).toBeTruthy()
    expect(callsTo(backend, 'connections:add')).toBe(0)
  })
})

describe('sidebar and panel', () => {
  it('lists each connection with its colour, environment and cache state', async () => {
    await addThroughApi(cycleInput({ name: 'Acme prod', environment: 'prod' }))
    await addThroughApi(
      cycleInput({ name: 'Old hub', environment: 'dev', baseUrl: closedPort, colour: '#64748b' })
    )
    await backend.api.invoke('sync:start', {})
    await openFrame()
    const list = sidebarList()
    const prod = within(list).getByRole('button', { name: /^Acme prod/ })
    expect(within(prod).getByText('prod')).toBeTruthy()
    expect(within(prod).getByText('Synced just now')).toBeTruthy()
    const old = within(list).getByRole('button', { name: /^Old hub/ })
    expect(within(old).getByText('dev')).toBeTruthy()
    // The line says what happened; the tooltip gives main's reason, whole.
    expect(within(old).getByText('Unreachable')).toBeTruthy()
    const status = await backend.api.invoke('sync:status', {})
    const reason = status.ok
      ? status.value.connections.find((entry) => entry.connectionName === 'Old hub')?.error?.message
      : undefined
    expect(reason).toBeTruthy()
    expect(old.getAttribute('title')).toContain(`Unreachable: ${reason}`)

    // The overview's table says the same, one row per connection.
    const table = within(screen.getByRole('main')).getByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual([
      'Acme prod',
      'Old hub'
    ])
    expect(within(rows[1] as HTMLElement).getByText('Unreachable')).toBeTruthy()
  })

  it('edits a connection: the credential is write-only and kept unless a new one is typed', async () => {
    await addThroughApi(cycleInput({ name: 'Acme', environment: 'dev' }))
    await openFrame()
    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Acme' }))
    const panel = await screen.findByRole('dialog', { name: /Acme/ })
    const credential = within(panel).getByLabelText('API key') as HTMLInputElement
    expect(credential.value).toBe('')
    expect(credential.placeholder).toMatch(/Stored/)
    // What a rotation that lost the credential tells the admin to use.
    fireEvent.click(within(panel).getByRole('button', { name: 'Replace credential' }))
    expect(document.activeElement).toBe(credential)
    const save = within(panel).getByRole('button', { name: 'Save changes' })
    expect(save.getAttribute('aria-disabled')).toBe('true')

    fill(panel, 'Name', 'Acme EU')
    fireEvent.click(within(panel).getByRole('radio', { name: 'Staging' }))
    fireEvent.click(save)
    await within(panel).findByText('Saved')
    const update = backend.api.calls.find((call) => call.channel === 'connections:update')
    expect(update?.payload).toEqual({
      id: expect.any(String),
      name: 'Acme EU',
      environment: 'staging'
    })
    const [saved] = await listed()
    expect(saved).toMatchObject({ name: 'Acme EU', environment: 'staging', hasCredential: true })
    const item = within(sidebarList()).getByRole('button', { name: /^Acme EU/ })
    expect(within(item).getByText('staging')).toBeTruthy()

    // The saved connection tests with its stored credential.
    fireEvent.click(within(panel).getByRole('button', { name: 'Test connection' }))
    expect((await within(panel).findByTestId('test-detail')).textContent).toContain(cycle.hubId)
  })

  it('syncs one connection from its panel and shows the keys cached', async () => {
    await addThroughApi(cycleInput({ name: 'Acme' }))
    await openFrame()
    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Acme' }))
    const panel = await screen.findByRole('dialog', { name: /Acme/ })
    expect(within(panel).getByTestId('panel-keys').textContent).toBe('0 keys')
    expect(within(panel).getByText('Not synced')).toBeTruthy()
    fireEvent.click(within(panel).getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(within(panel).getByTestId('panel-keys').textContent).toBe('6 keys'))
    expect(within(panel).getByText('Up to date')).toBeTruthy()
  })

  it('asks before removing, and for production wants the name typed', async () => {
    const dev = await addThroughApi(cycleInput({ name: 'Scratch', environment: 'dev' }))
    await addThroughApi(cycleInput({ name: 'Acme prod', environment: 'prod' }))
    await openFrame()

    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Scratch' }))
    let panel = await screen.findByRole('dialog', { name: /Scratch/ })
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove…' }))
    const confirm = within(panel).getByRole('group', { name: 'Confirm removal' })
    expect(confirm.textContent).toContain('Remove Scratch?')
    expect(callsTo(backend, 'connections:remove')).toBe(0)
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }))
    expect(within(panel).queryByRole('group', { name: 'Confirm removal' })).toBeNull()
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove…' }))
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove connection' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect((await listed()).map((c) => c.id)).not.toContain(dev.id)
    expect(within(sidebarList()).queryByRole('button', { name: /Scratch/ })).toBeNull()

    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Acme prod' }))
    panel = await screen.findByRole('dialog', { name: /Acme prod/ })
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove…' }))
    const remove = within(panel).getByRole('button', { name: 'Remove connection' })
    expect(remove.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(remove)
    expect(callsTo(backend, 'connections:remove')).toBe(1)
    fill(panel, 'Type Acme prod to confirm', 'Acme pro')
    fireEvent.click(remove)
    expect(callsTo(backend, 'connections:remove')).toBe(1)
    fill(panel, 'Type Acme prod to confirm', 'Acme prod')
    expect(remove.getAttribute('aria-disabled')).toBeNull()
    fireEvent.click(remove)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await listed()).toEqual([])
    expect(await screen.findAllByText('No connections yet.')).toHaveLength(1)
  })

  it('disables hub calls while offline and says why', async () => {
    await addThroughApi(cycleInput({ name: 'Acme' }))
    let online = false
    const listeners = new Set<() => void>()
    const network: NetworkWatch = {
      online: () => online,
      watch(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      }
    }
    await openFrame({ network })
    expect(screen.getByText('Offline: showing the cache')).toBeTruthy()
    const syncAll = sidebar().getByRole('button', { name: 'Sync all' })
    expect(syncAll.getAttribute('aria-disabled')).toBe('true')
    expect(syncAll.getAttribute('title')).toMatch(/offline/)
    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Acme' }))
    const panel = await screen.findByRole('dialog', { name: /Acme/ })
    for (const name of ['Sync now', 'Test connection']) {
      const button = within(panel).getByRole('button', { name })
      expect(button.getAttribute('aria-disabled')).toBe('true')
      fireEvent.click(button)
    }
    expect(callsTo(backend, 'sync:start')).toBe(0)
    expect(callsTo(backend, 'connections:test')).toBe(0)

    online = true
    act(() => listeners.forEach((listener) => listener()))
    expect(screen.queryByText('Offline: showing the cache')).toBeNull()
    expect(
      within(panel).getByRole('button', { name: 'Sync now' }).getAttribute('aria-disabled')
    ).toBeNull()
  })

  it('drops what it showed when the vault locks', async () => {
    await addThroughApi(cycleInput({ name: 'Acme' }))
    const { connections } = await openFrame()
    expect(connections.getState().connections).toHaveLength(1)
    fireEvent.click(within(sidebarList()).getByRole('button', { name: 'Settings of Acme' }))
    await screen.findByRole('dialog', { name: /Acme/ })
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }))
    await screen.findByRole('heading', { name: 'Unlock your vault' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(connections.getState().connections).toEqual([])
    expect(connections.getState().open).toBeUndefined()
  })
})
