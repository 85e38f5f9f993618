// @vitest-environment happy-dom
// Component tests of keys missing at their hub or deleted, over the real core: the filter word and chip find them, the detail panel says so, and forgetting asks first and names the stored value.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HubKeyInput } from '../../src-main/contract/hubs.contract'
import type { KeyPageRequestInput } from '../../src-main/contract/inventory.contract'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

let backend: InventoryBackend
let connectionId: string

const listed = (): HubKeyInput[] => [
  { hubKeyId: 'acme-billing', name: 'billing-api', status: 'active' },
  { hubKeyId: 'acme-ci', name: 'ci-deploy', status: 'active' }
]

beforeEach(async () => {
  backend = await createInventoryBackend()
  await backend.api.invoke('vault:create', { password: passwords.first })
  connectionId = (
    await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' })
  ).id
  backend.setKeys('acme', listed())
  await backend.sync()
  // Made through Hubkeys, so Hubkeys holds its value; then an admin removes it in the hub's
  // console, and the next complete listing lacks it.
  const created = (await backend.api.invoke('keys:create', {
    connectionId,
    name: 'made-in-hubkeys'
  })) as { ok: boolean }
  expect(created.ok).toBe(true)
  backend.setKeys('acme', listed())
  await backend.sync()
})

afterEach(async () => {
  cleanup()
  localStorage.clear()
  await backend.close()
})

const grid = () => screen.getByRole('grid', { name: 'Keys' })
const count = () => screen.getByTestId('keys-count').textContent
const tableQueries = (): KeyPageRequestInput[] =>
  backend.api.calls
    .filter((call) => call.channel === 'keys:query')
    .map((call) => call.payload as KeyPageRequestInput)
    .filter((query) => query.withTotal === true)
const rowNamed = (name: string) => {
  const row = within(grid())
    .getAllByRole('row')
    .find(
      (candidate) =>
        candidate.hasAttribute('data-key-id') &&
        within(candidate).getAllByRole('gridcell')[1]?.textContent === name
    )
  if (!row) throw new Error(`no row named ${name}`)
  return row
}

const openKeys = async () => {
  const rendered = renderApp(backend, createTestClock(Date.now()))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  fireEvent.click(screen.getByRole('button', { name: /^Keys/ }))
  await screen.findByRole('grid', { name: 'Keys' })
  await waitFor(() => expect(count()).toBe('3 keys'))
  return rendered
}

describe('a key missing at its hub', () => {
  it('is found by the filter word missing and by the Missing at hub chip', async () => {
    await openKeys()
    const search = screen.getByRole('searchbox', { name: 'Search keys across hubs' })
    fireEvent.change(search, { target: { value: 'missing' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(count()).toBe('1 key'))
    expect(tableQueries().at(-1)).toMatchObject({ search: '', filter: { statuses: ['missing'] } })
    // The word left the box and became the chip.
    expect((search as HTMLInputElement).value).toBe('')
    const chip = screen.getByRole('button', { name: 'Missing at hub' })
    expect(chip.getAttribute('aria-pressed')).toBe('true')
    expect(within(rowNamed('made-in-hubkeys')).getByText('Missing at hub')).toBeTruthy()

    fireEvent.click(chip)
    await waitFor(() => expect(count()).toBe('3 keys'))
    fireEvent.click(screen.getByRole('button', { name: 'Missing at hub' }))
    await waitFor(() => expect(count()).toBe('1 key'))
    expect(tableQueries().at(-1)?.filter).toEqual({ statuses: ['missing'] })
  })

  it('says so in its panel, and is forgotten only after the stored value is acknowledged', async () => {
    await openKeys()
    fireEvent.doubleClick(rowNamed('made-in-hubkeys'))
    const panel = await screen.findByRole('complementary', { name: 'made-in-hubkeys' })
    expect(
      await within(panel).findByText(
        /: the last complete listing of Acme prod did not contain it\./
      )
    ).toBeTruthy()
    expect(within(panel).getByText(/^Missing at hub since /)).toBeTruthy()
    expect(
      within(panel).getByText('Hubkeys keeps its stored value until you forget it.')
    ).toBeTruthy()
    expect(within(panel).getByText(/^Last seen (just now|\d+ min ago) · /)).toBeTruthy()

    // Cancelling changes nothing and gives the focus back to the button.
    const forget = within(panel).getByRole('button', { name: 'Forget key…' })
    forget.focus()
    fireEvent.click(forget)
    let dialog = await screen.findByRole('dialog', { name: 'Forget this key?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(forget)
    expect(backend.api.calls.some((call) => call.channel === 'keys:forget')).toBe(false)

    fireEvent.click(forget)
    dialog = await screen.findByRole('dialog', { name: 'Forget this key?' })
    const lost = within(dialog).getByRole('list', { name: 'What is lost' })
    expect(within(lost).getByText('its stored value, which Cycle will not show again')).toBeTruthy()
    expect(within(lost).getByText(/^its record in Hubkeys/)).toBeTruthy()
    const confirm = within(dialog).getByRole('button', { name: 'Forget key' })
    expect(confirm.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(confirm)
    expect(backend.api.calls.some((call) => call.channel === 'keys:forget')).toBe(false)

    fireEvent.click(within(dialog).getByLabelText('I understand the stored value is lost'))
    expect(confirm.getAttribute('aria-disabled')).toBeNull()
    fireEvent.click(confirm)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.queryByRole('complementary', { name: 'made-in-hubkeys' })).toBeNull()
    await waitFor(() => expect(count()).toBe('2 keys'))
    expect(() => rowNamed('made-in-hubkeys')).toThrow()
    await waitFor(() => expect(document.activeElement).toBe(grid()))
    const forgot = backend.api.calls.find((call) => call.channel === 'keys:forget')
    expect(forgot?.payload).toMatchObject({ connectionId, confirm: true })
  })

  it('shows why forgetting failed, and keeps the dialog and the panel', async () => {
    await openKeys()
    fireEvent.doubleClick(rowNamed('made-in-hubkeys'))
    const panel = await screen.findByRole('complementary', { name: 'made-in-hubkeys' })
    fireEvent.click(await within(panel).findByRole('button', { name: 'Forget key…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Forget this key?' })
    // Forgotten elsewhere (the CLI) while the dialog was open: main answers NOT_FOUND.
    const id = rowNamed('made-in-hubkeys').getAttribute('data-key-id') as string
    const elsewhere = (await backend.api.invoke('keys:forget', {
      connectionId,
      keyId: id,
      confirm: true
    })) as { ok: boolean }
    expect(elsewhere.ok).toBe(true)
    fireEvent.click(within(dialog).getByLabelText('I understand the stored value is lost'))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Forget key' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toMatch(/not in Hubkeys \(it may be forgotten already\)/)
    expect(screen.getByRole('dialog', { name: 'Forget this key?' })).toBeTruthy()
    expect(screen.getByRole('complementary', { name: 'made-in-hubkeys' })).toBeTruthy()
    expect(
      within(dialog).getByRole('button', { name: 'Forget key' }).getAttribute('aria-busy')
    ).toBeNull()
  })

  it('a key deleted through Hubkeys says when, and without a stored value needs no tick', async () => {
    const deleted = (await backend.api.invoke('keys:delete', {
      connectionId,
      keyId: 'acme-ci',
      confirmName: 'ci-deploy'
    })) as { ok: boolean }
    expect(deleted.ok).toBe(true)
    await openKeys()
    fireEvent.doubleClick(rowNamed('ci-deploy'))
    const panel = await screen.findByRole('complementary', { name: 'ci-deploy' })
    expect(await within(panel).findByText(/^Deleted through Hubkeys on /)).toBeTruthy()
    expect(within(panel).getByText('Hubkeys keeps its record until you forget it.')).toBeTruthy()
    fireEvent.click(within(panel).getByRole('button', { name: 'Forget key…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Forget this key?' })
    const lost = within(dialog).getByRole('list', { name: 'What is lost' })
    expect(within(lost).getAllByRole('listitem')).toHaveLength(1)
    expect(within(lost).queryByText(/stored value/)).toBeNull()
    expect(within(dialog).queryByRole('checkbox')).toBeNull()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Forget key' }))
    await waitFor(() => expect(count()).toBe('2 keys'))
    expect(screen.queryByRole('complementary', { name: 'ci-deploy' })).toBeNull()
  })
})
