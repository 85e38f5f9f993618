// @vitest-environment happy-dom
// Component tests of the key detail panel's actions over the real core: edit with a before → after review sending only changed fields, a hub error changing nothing, verify, and delete with the typed name on production.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

let backend: InventoryBackend
let connectionId: string

beforeEach(async () => {
  backend = await createInventoryBackend()
  // The key actions call through the app's client, which reads `window.api`.
  window.api = backend.api
  await backend.api.invoke('vault:create', { password: passwords.first })
  connectionId = (
    await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' })
  ).id
  backend.setKeys('acme', [{ hubKeyId: 'acme-ci', name: 'ci-deploy', status: 'active' }])
  await backend.sync()
  const created = (await backend.api.invoke('keys:create', { connectionId, name: 'billing' })) as {
    ok: boolean
  }
  expect(created.ok).toBe(true)
})

afterEach(async () => {
  cleanup()
  delete window.api
  localStorage.clear()
  await backend.close()
})

const grid = () => screen.getByRole('grid', { name: 'Keys' })
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
const callsTo = (channel: string) =>
  backend.api.calls.filter((call) => call.channel === channel).map((call) => call.payload)

const openKey = async (name: string) => {
  const rendered = renderApp(backend, createTestClock(Date.now()))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().kinds.length).toBeGreaterThan(0))
  fireEvent.click(screen.getByRole('button', { name: /^Keys/ }))
  await screen.findByRole('grid', { name: 'Keys' })
  await waitFor(() => expect(screen.getByTestId('keys-count').textContent).toBe('2 keys'))
  fireEvent.doubleClick(rowNamed(name))
  const panel = await screen.findByRole('complementary', { name })
  return { rendered, toolbar: within(panel).getByRole('toolbar', { name: 'Key actions' }) }
}

describe('editing a key', () => {
  it('reviews the change before Apply and sends only the changed fields', async () => {
    const { toolbar } = await openKey('billing')
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Edit…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit key' })
    // The memory hub edits names and IPs only: no role, status or expiry fields.
    expect(within(dialog).queryByLabelText('Role')).toBeNull()
    expect(within(dialog).queryByLabelText('Status')).toBeNull()
    const review = within(dialog).getByRole('button', { name: 'Review changes' })
    expect(review.getAttribute('aria-disabled')).toBe('true')

    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'billing-2' } })
    fireEvent.change(within(dialog).getByLabelText(/^Tags/), { target: { value: 'ops, ci' } })
    fireEvent.click(review)
    const reviewing = await screen.findByRole('dialog', { name: 'Review changes' })
    const changes = within(reviewing).getByRole('list', { name: 'Changes to apply' })
    const items = within(changes).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'Namebillingbilling-2',
      'TagsNoneops, ci'
    ])
    expect(callsTo('keys:update')).toEqual([])

    fireEvent.click(within(reviewing).getByRole('button', { name: 'Apply 2 changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(callsTo('keys:update')).toEqual([
      { connectionId, keyId: expect.any(String), name: 'billing-2' }
    ])
    expect(callsTo('keys:annotate')).toEqual([
      { connectionId, keyId: expect.any(String), tags: ['ops', 'ci'] }
    ])
    await screen.findByRole('heading', { name: 'billing-2' })
  })

  it('refuses bad tags before review and calls no hub for local fields alone', async () => {
    const { toolbar } = await openKey('billing')
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Edit…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit key' })
    fireEvent.change(within(dialog).getByLabelText(/^Tags/), { target: { value: 'bad;tag' } })
    expect(within(dialog).getByText(/Tags start with a letter or digit/)).toBeTruthy()
    fireEvent.change(within(dialog).getByLabelText(/^Tags/), { target: { value: 'ok-tag' } })
    fireEvent.change(within(dialog).getByLabelText(/^Owner/), { target: { value: 'Ana' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Review changes' }))
    const reviewing = await screen.findByRole('dialog', { name: 'Review changes' })
    expect(within(reviewing).getByText(/no hub is called/)).toBeTruthy()
    fireEvent.click(within(reviewing).getByRole('button', { name: 'Apply 2 changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(callsTo('keys:update')).toEqual([])
    expect(callsTo('keys:annotate')).toEqual([
      { connectionId, keyId: expect.any(String), owner: 'Ana', tags: ['ok-tag'] }
    ])
  })

  it('says what the hub answered and changes nothing when the hub refuses', async () => {
    const { toolbar } = await openKey('billing')
    backend.api.override('keys:update', () => ({
      ok: false,
      error: { code: 'HUB_ERROR', message: 'Cycle answered 409: the key is locked.' }
    }))
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Edit…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit key' })
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'billing-2' } })
    fireEvent.change(within(dialog).getByLabelText(/^Notes/), { target: { value: 'note' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Review changes' }))
    const reviewing = await screen.findByRole('dialog', { name: 'Review changes' })
    fireEvent.click(within(reviewing).getByRole('button', { name: 'Apply 2 changes' }))
    const alert = await within(reviewing).findByRole('alert')
    expect(alert.textContent).toBe(
      'Nothing was changed. Acme prod answered: Cycle answered 409: the key is locked.'
    )
    // The local half is not sent after the hub refused.
    expect(callsTo('keys:annotate')).toEqual([])
    expect(screen.getByRole('dialog', { name: 'Review changes' })).toBeTruthy()
  })
})

describe('verifying and deleting from the panel', () => {
  it('verifies a key whose value Hubkeys holds, and cannot verify one it does not', async () => {
    const { toolbar } = await openKey('billing')
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Verify' }))
    const status = await within(toolbar).findByRole('status')
    await waitFor(() => expect(status.textContent).toBe('ValidThe key works.'))
    fireEvent.doubleClick(rowNamed('ci-deploy'))
    const panel = await screen.findByRole('complementary', { name: 'ci-deploy' })
    const verify = within(within(panel).getByRole('toolbar')).getByRole('button', {
      name: 'Verify'
    })
    expect(verify.getAttribute('aria-disabled')).toBe('true')
  })

  it('asks for the name typed in on production, then closes the panel and focuses the table', async () => {
    const { toolbar } = await openKey('billing')
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Delete…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete this key?' })
    const confirm = within(dialog).getByRole('button', { name: 'Delete key' })
    expect(confirm.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(confirm)
    expect(callsTo('keys:delete')).toEqual([])
    fireEvent.change(within(dialog).getByLabelText('Type “billing” to confirm'), {
      target: { value: 'billin' }
    })
    expect(confirm.getAttribute('aria-disabled')).toBe('true')
    fireEvent.change(within(dialog).getByLabelText('Type “billing” to confirm'), {
      target: { value: 'billing' }
    })
    expect(confirm.getAttribute('aria-disabled')).toBeNull()
    fireEvent.click(confirm)
    await waitFor(() => expect(screen.queryByRole('complementary', { name: 'billing' })).toBeNull())
    // The typed name travels too: core refuses a production delete without it.
    expect(callsTo('keys:delete')).toEqual([
      { connectionId, keyId: expect.any(String), confirmName: 'billing' }
    ])
    await waitFor(() => expect(document.activeElement).toBe(grid()))
  })
})

describe('bulk actions', () => {
  it('says how many keys match the filter before verifying them all, one result per key', async () => {
    await openKey('billing')
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' })
    // No bar without a selection; one row selected offers every key the query matches.
    expect(screen.queryByRole('group', { name: 'Bulk actions' })).toBeNull()
    fireEvent.click(within(rowNamed('billing')).getAllByRole('gridcell')[0]!, { ctrlKey: true })
    const bar = await screen.findByRole('group', { name: 'Bulk actions' })
    fireEvent.click(within(bar).getByRole('button', { name: 'Select all 2 matching' }))
    expect(within(bar).getByText('All 2 matching')).toBeTruthy()
    fireEvent.click(within(bar).getByRole('button', { name: 'Verify…' }))
    const dialog = await screen.findByRole('dialog', {
      name: 'Verify 2 keys matching the filter?'
    })
    expect(callsTo('keys:match')).toEqual([{ search: '', filter: {} }])
    expect(callsTo('keys:verify')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Verify 2 keys' }))
    const results = await within(dialog).findByRole('list', { name: 'Results per key' })
    await waitFor(() => expect(within(results).getAllByRole('listitem')).toHaveLength(2))
    const lines = within(results)
      .getAllByRole('listitem')
      .map((item) => item.textContent)
    // The key whose value Hubkeys lacks cannot be checked; the next one still is.
    expect(lines[0]).toMatch(/^billing · Acme prodValidThe key works\.$/)
    expect(lines[1]).toMatch(/^ci-deploy · Acme prodCould not check/)
    expect(within(dialog).getByRole('status').textContent).toBe(
      '2 of 2 keys done: valid 1, could not check 1.'
    )
  })

  it('asks for the typed count before deleting selected keys that include production', async () => {
    await openKey('billing')
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' })
    fireEvent.click(within(rowNamed('billing')).getAllByRole('gridcell')[0]!, { ctrlKey: true })
    const bar = screen.getByRole('group', { name: 'Bulk actions' })
    await within(bar).findByText('1 selected')
    fireEvent.click(within(bar).getByRole('button', { name: 'Delete…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete 1 key selected?' })
    const run = within(dialog).getByRole('button', { name: 'Delete 1 key' })
    expect(run.getAttribute('aria-disabled')).toBe('true')
    fireEvent.change(within(dialog).getByLabelText('Type “delete 1 key” to confirm'), {
      target: { value: 'delete 1 key' }
    })
    fireEvent.click(run)
    await within(dialog).findByText(/^1 of 1 key done/)
    expect(callsTo('keys:delete')).toEqual([
      { connectionId, keyId: expect.any(String), confirmName: 'billing' }
    ])
  })
})
