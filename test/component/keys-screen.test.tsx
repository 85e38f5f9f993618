// @vitest-environment happy-dom
// Component tests of the Keys and Hygiene screens and the palette over the real core, with keys synced from in-process memory hubs.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HubKeyInput } from '../../src-main/contract/hubs.contract'
import type { KeyPageRequestInput } from '../../src-main/contract/inventory.contract'
import { createInventoryBackend, type InventoryBackend } from './inventory-backend'
import { renderApp, type RenderedApp } from './render-app'
import { createTestClock, passwords } from './vault-test-kit'

const day = 86_400_000
let backend: InventoryBackend
let now: number
let acmeId: string
let labId: string

const filler = (n: number): HubKeyInput => ({
  hubKeyId: `acme-svc-${String(n).padStart(2, '0')}`,
  name: `svc-${String(n).padStart(2, '0')}`,
  status: 'active',
  ipRules: ['192.0.2.0/24'],
  createdAt: now - 10 * day,
  lastUsedAt: now - day
})

const acmeKeys = (): HubKeyInput[] => [
  {
    hubKeyId: 'acme-billing',
    name: 'billing-api',
    status: 'active',
    expiresAt: now + 3 * day,
    lastUsedAt: now - 2 * day,
    createdAt: now - 30 * day
  },
  {
    hubKeyId: 'acme-ci',
    name: 'ci-deploy',
    status: 'active',
    role: 'deployer',
    expiresAt: now + 20 * day,
    ipRules: ['10.0.0.0/8'],
    createdAt: now - 60 * day,
    lastUsedAt: now - day
  },
  {
    hubKeyId: 'acme-grafana',
    name: 'grafana-readonly',
    status: 'active',
    ipRules: ['0.0.0.0/0'],
    createdAt: now - 400 * day
  },
  {
    hubKeyId: 'acme-legacy',
    name: 'legacy-export',
    status: 'expired',
    expiresAt: now - 10 * day,
    ipRules: ['203.0.113.0/24'],
    createdAt: now - 200 * day,
    oddities: ['The hub sent an expiry date without a time zone.']
  },
  ...Array.from({ length: 20 }, (_, index) => filler(index + 1))
]

const labKeys = (): HubKeyInput[] => [
  {
    hubKeyId: 'lab-tester',
    name: 'lab-tester',
    status: 'active',
    expiresAt: now + 5 * day,
    ipRules: ['198.51.100.0/24'],
    createdAt: now - 5 * day,
    lastUsedAt: now - day
  },
  ...Array.from({ length: 4 }, (_, index) => ({
    hubKeyId: `lab-runner-${index}`,
    name: `lab-runner-${index}`,
    status: 'inactive' as const,
    ipRules: ['198.51.100.0/24'],
    createdAt: now - 5 * day,
    lastUsedAt: now - day
  }))
]

const totalKeys = 29

beforeEach(async () => {
  now = Date.now()
  backend = await createInventoryBackend()
  await backend.api.invoke('vault:create', { password: passwords.first })
  acmeId = (await backend.addConnection({ name: 'Acme prod', hubId: 'acme', environment: 'prod' }))
    .id
  labId = (
    await backend.addConnection({
      name: 'Lab dev',
      hubId: 'lab',
      environment: 'dev',
      colour: '#10b981'
    })
  ).id
  backend.setKeys('acme', acmeKeys())
  backend.setKeys('lab', labKeys())
  await backend.sync()
})

afterEach(async () => {
  cleanup()
  localStorage.clear()
  vi.restoreAllMocks()
  await backend.close()
})

const queries = (): KeyPageRequestInput[] =>
  backend.api.calls
    .filter((call) => call.channel === 'keys:query')
    .map((call) => call.payload as KeyPageRequestInput)
/** The last request the table made (the palette and hygiene ask with their own small pages). */
const lastTableQuery = (): KeyPageRequestInput => {
  const found = queries().filter((query) => query.withTotal === true)
  const last = found[found.length - 1]
  if (!last) throw new Error('the table asked nothing yet')
  return last
}

const grid = () => screen.getByRole('grid', { name: 'Keys' })
const count = () => screen.getByTestId('keys-count').textContent
const dataRows = () =>
  within(grid())
    .getAllByRole('row')
    .filter((row) => row.hasAttribute('data-key-id'))
const rowNamed = (name: string) => {
  const row = dataRows().find(
    (candidate) => within(candidate).getAllByRole('gridcell')[1]?.textContent === name
  )
  if (!row) throw new Error(`no row named ${name}`)
  return row
}
const names = () =>
  dataRows().map((row) => within(row).getAllByRole('gridcell')[1]?.textContent ?? '')

const openApp = async (): Promise<RenderedApp> => {
  // The screen's clock starts where the keys' dates were made, so "in 3 days" reads true.
  const rendered = renderApp(backend, createTestClock(now))
  await screen.findByRole('heading', { level: 1, name: 'Overview' })
  await waitFor(() => expect(rendered.connections.getState().phase).toBe('ready'))
  return rendered
}

const openKeys = async (): Promise<RenderedApp> => {
  const rendered = await openApp()
  fireEvent.click(screen.getByRole('button', { name: /^Keys/ }))
  await screen.findByRole('grid', { name: 'Keys' })
  await waitFor(() => expect(count()).toBe(`${totalKeys} keys`))
  return rendered
}

describe('key table', () => {
  it('shows the rows keys:query answers, with connection, environment and dates', async () => {
    await openKeys()
    const first = queries().find((query) => query.withTotal === true)
    expect(first).toMatchObject({
      search: '',
      filter: {},
      sort: { field: 'name', direction: 'asc' },
      withTotal: true
    })
    expect(first?.cursor).toBeUndefined()
    // Sorted by name, case-insensitively, every key of both connections.
    expect(names().slice(0, 4)).toEqual([
      'billing-api',
      'ci-deploy',
      'grafana-readonly',
      'lab-runner-0'
    ])
    expect(dataRows()).toHaveLength(totalKeys)

    const billing = rowNamed('billing-api')
    expect(within(billing).getByText('Acme prod')).toBeTruthy()
    expect(within(billing).getByText('prod')).toBeTruthy()
    // The hub's key id is outside the default set (the column chooser offers it).
    expect(within(billing).queryByText('acme-billing')).toBeNull()
    expect(within(billing).getByText('in 3 days').getAttribute('title')).toMatch(/\d{4}/)
    expect(within(billing).getByText('No restriction')).toBeTruthy()
    // The connection's cache age rides along in the tooltip.
    expect(
      within(billing).getByText('Acme prod').closest('[title]')?.getAttribute('title')
    ).toMatch(/Acme prod · Synced just now/)
    const lab = rowNamed('lab-tester')
    expect(within(lab).getByText('dev')).toBeTruthy()
    expect(within(rowNamed('grafana-readonly')).getByText('Allows all')).toBeTruthy()
    expect(screen.getByTestId('keys-cache-line').textContent).toMatch(/Oldest cache just now/)
  })

  it('sorts by a column header and flips on the second click', async () => {
    await openKeys()
    const expires = within(grid()).getByRole('button', { name: /^Expires/ })
    fireEvent.click(expires)
    await waitFor(() =>
      expect(lastTableQuery().sort).toEqual({ field: 'expires', direction: 'asc' })
    )
    await waitFor(() => expect(names()[0]).toBe('legacy-export'))
    expect(names().slice(0, 4)).toEqual(['legacy-export', 'billing-api', 'lab-tester', 'ci-deploy'])
    expect(expires.closest('[role="columnheader"]')?.getAttribute('aria-sort')).toBe('ascending')

    fireEvent.click(expires)
    await waitFor(() =>
      expect(lastTableQuery().sort).toEqual({ field: 'expires', direction: 'desc' })
    )
    // Keys without an expiry come last in both directions.
    await waitFor(() => expect(names()[0]).toBe('ci-deploy'))
    expect(expires.closest('[role="columnheader"]')?.getAttribute('aria-sort')).toBe('descending')

    // The default set sorts on every column it shows but IP rules.
    const sortable = within(grid())
      .getAllByRole('columnheader')
      .filter((header) => header.getAttribute('aria-sort') !== null)
    expect(sortable).toHaveLength(6)
  })

  it('narrows the query with filter chips and the header search', async () => {
    await openKeys()
    fireEvent.click(screen.getByRole('button', { name: /^Environment/ }))
    const menu = await screen.findByRole('dialog', { name: 'Environment filter' })
    fireEvent.click(within(menu).getByLabelText('Production'))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ environments: ['prod'] }))
    await waitFor(() => expect(count()).toBe('24 keys'))
    fireEvent.keyDown(menu, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Environment: Production' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'No IP restriction' }))
    await waitFor(() =>
      expect(lastTableQuery().filter).toEqual({ environments: ['prod'], noIpRestriction: true })
    )
    await waitFor(() => expect(count()).toBe('1 key'))
    expect(names()).toEqual(['billing-api'])

    // Clearing one chip keeps the other.
    fireEvent.click(screen.getByRole('button', { name: 'Clear the environment filter' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ noIpRestriction: true }))

    fireEvent.click(screen.getByRole('button', { name: 'No IP restriction' }))
    fireEvent.click(screen.getByRole('button', { name: /^Expiring/ }))
    const days = await screen.findByRole('dialog', { name: 'Expiring filter' })
    fireEvent.click(within(days).getByRole('button', { name: 'Expiring ≤ 7 days' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ expiringWithinDays: 7 }))
    await waitFor(() => expect(names()).toEqual(['billing-api', 'lab-tester']))

    // A number of days of one's own.
    fireEvent.click(screen.getByRole('button', { name: /^Expiring/ }))
    const custom = await screen.findByRole('dialog', { name: 'Expiring filter' })
    fireEvent.change(within(custom).getByLabelText('Expiring: number of days'), {
      target: { value: '25' }
    })
    fireEvent.click(within(custom).getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ expiringWithinDays: 25 }))
    await waitFor(() => expect(count()).toBe('3 keys'))

    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({}))

    fireEvent.click(
      within(screen.getByRole('toolbar', { name: 'Filters' })).getByRole('button', {
        name: /^Connection/
      })
    )
    const picker = await screen.findByRole('dialog', { name: 'Connection filter' })
    fireEvent.click(within(picker).getByLabelText('Acme prod'))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ connectionIds: [acmeId] }))
    await waitFor(() => expect(count()).toBe('24 keys'))
    fireEvent.click(within(picker).getByRole('button', { name: 'Clear' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({}))

    // The header search (Ctrl+K focuses it) searches across hubs.
    const search = screen.getByRole('searchbox', { name: 'Search keys across hubs' })
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    expect(document.activeElement).toBe(search)
    fireEvent.change(search, { target: { value: 'runner' } })
    await waitFor(() => expect(lastTableQuery().search).toBe('runner'))
    await waitFor(() => expect(count()).toBe('4 keys'))
    expect(screen.getByText('Search:')).toBeTruthy()
  })

  it('saves the current filter under a name, lists it, applies it and deletes it', async () => {
    await openKeys()
    fireEvent.click(screen.getByRole('button', { name: 'Expired' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ expired: true }))

    fireEvent.click(screen.getByRole('button', { name: 'Save filter' }))
    const form = await screen.findByRole('dialog', { name: 'Save filter' })
    fireEvent.click(within(form).getByRole('button', { name: 'Save filter' }))
    expect(await within(form).findByText('Give the filter a name.')).toBeTruthy()
    fireEvent.change(within(form).getByLabelText('Name this filter'), {
      target: { value: '  Expired keys ' }
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Save filter' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Save filter' })).toBeNull())
    const save = backend.api.calls.find((call) => call.channel === 'filters:save')
    expect(save?.payload).toEqual({
      name: 'Expired keys',
      query: { search: '', filter: { expired: true }, sort: { field: 'name', direction: 'asc' } }
    })
    const stored = await backend.api.invoke('filters:list', {})
    expect(stored.ok && stored.value.map((filter) => filter.name)).toEqual(['Expired keys'])
    // The applied query is the saved one: the button says so.
    expect(screen.getByRole('button', { name: 'Saved filters: Expired keys' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({}))
    fireEvent.click(screen.getByRole('button', { name: 'Saved filters' }))
    const list = await screen.findByRole('dialog', { name: 'Saved filters' })
    fireEvent.click(within(list).getByRole('button', { name: /^Expired keys/ }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ expired: true }))
    await waitFor(() => expect(names()).toEqual(['legacy-export']))

    fireEvent.click(screen.getByRole('button', { name: 'Saved filters: Expired keys' }))
    const again = await screen.findByRole('dialog', { name: 'Saved filters' })
    // Deleting asks first, in place; "Keep" backs out with the focus on the trash button again.
    const trash = within(again).getByRole('button', { name: 'Delete saved filter Expired keys' })
    fireEvent.click(trash)
    const confirm = within(again).getByRole('group', { name: 'Delete saved filter Expired keys?' })
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep' }))
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }))
    expect(within(again).queryByRole('group')).toBeNull()
    expect(backend.api.calls.some((call) => call.channel === 'filters:delete')).toBe(false)
    const trashAgain = within(again).getByRole('button', {
      name: 'Delete saved filter Expired keys'
    })
    expect(document.activeElement).toBe(trashAgain)
    fireEvent.click(trashAgain)
    fireEvent.click(within(again).getByRole('button', { name: 'Delete' }))
    expect(await within(again).findByText(/No saved filters yet/)).toBeTruthy()
    const remaining = await backend.api.invoke('filters:list', {})
    expect(remaining.ok && remaining.value).toEqual([])
  })

  it('selects with click, shift-click, ctrl-click and select all, and shows the count', async () => {
    await openKeys()
    fireEvent.click(rowNamed('billing-api'))
    expect(rowNamed('billing-api').getAttribute('aria-selected')).toBe('true')
    fireEvent.click(rowNamed('lab-runner-1'), { shiftKey: true })
    expect(screen.getByText('5 selected')).toBeTruthy()
    fireEvent.click(rowNamed('grafana-readonly'), { ctrlKey: true })
    expect(screen.getByText('4 selected')).toBeTruthy()
    expect(rowNamed('grafana-readonly').getAttribute('aria-selected')).toBe('false')
    fireEvent.click(within(rowNamed('svc-01')).getByRole('checkbox'))
    expect(screen.getByText('5 selected')).toBeTruthy()

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all loaded rows' }))
    expect(screen.getByText(`${totalKeys} selected`)).toBeTruthy()
    fireEvent.keyDown(grid(), { key: 'Escape' })
    expect(screen.queryByText(/selected$/)).toBeNull()
  })

  it('moves with the arrow keys, opens the detail with Enter and closes it with Esc', async () => {
    await openKeys()
    grid().focus()
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    expect(rowNamed('ci-deploy').getAttribute('aria-selected')).toBe('true')
    expect(grid().getAttribute('aria-activedescendant')).toBe(rowNamed('ci-deploy').id)
    fireEvent.keyDown(grid(), { key: 'Enter' })
    const panel = await screen.findByRole('complementary', { name: 'ci-deploy' })
    expect(within(panel).getByText('deployer')).toBeTruthy()
    expect(within(panel).getByText('10.0.0.0/8')).toBeTruthy()

    // The open panel follows the row the keyboard moves to.
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    expect(await screen.findByRole('complementary', { name: 'grafana-readonly' })).toBeTruthy()
    fireEvent.keyDown(grid(), { key: 'End' })
    await waitFor(() => expect(rowNamed('svc-20').getAttribute('aria-selected')).toBe('true'))
    fireEvent.keyDown(grid(), { key: 'Escape' })
    expect(screen.queryByRole('complementary', { name: /svc|grafana/ })).toBeNull()
  })

  it('resizes a column from its handle and keeps the width', async () => {
    await openKeys()
    const handle = screen.getByRole('separator', { name: 'Resize Name column' })
    expect(handle.getAttribute('aria-valuenow')).toBe('240')
    // Until sized by hand, Name and Connection grow with a wide window, in proportion.
    expect(grid().style.getPropertyValue('--key-cols')).toContain('minmax(240px, 240fr)')
    expect(grid().style.getPropertyValue('--key-cols')).toContain('minmax(170px, 170fr)')
    fireEvent.keyDown(handle, { key: 'ArrowRight' })
    fireEvent.keyDown(handle, { key: 'ArrowRight', shiftKey: true })
    expect(handle.getAttribute('aria-valuenow')).toBe('304')
    expect(JSON.parse(localStorage.getItem('hubkeys.keys.columns') ?? '{}')).toMatchObject({
      widths: { name: 304 }
    })
    expect(grid().style.getPropertyValue('--key-cols')).toContain('304px')
    expect(grid().style.getPropertyValue('--key-cols')).not.toContain('minmax(240px')
    cleanup()
    await openKeys()
    expect(
      screen.getByRole('separator', { name: 'Resize Name column' }).getAttribute('aria-valuenow')
    ).toBe('304')
  })
})

describe('column chooser', () => {
  const headers = () =>
    within(grid())
      .getAllByRole('columnheader')
      .slice(1)
      .map((header) => header.getAttribute('title') ?? header.textContent)
  const defaultSet = [
    'Name',
    'Connection',
    'Environment',
    'Status',
    'Expires',
    'Last used',
    'IP rules'
  ]
  const openChooser = () => {
    fireEvent.click(screen.getByRole('button', { name: 'Columns' }))
    return screen.getByRole('dialog', { name: 'Columns' })
  }

  it('shows the default set that fits a laptop, and offers the rest as hidden', async () => {
    await openKeys()
    expect(headers()).toEqual(defaultSet)
    expect(grid().getAttribute('aria-colcount')).toBe('8')
    expect(within(rowNamed('grafana-readonly')).getAllByRole('gridcell')).toHaveLength(8)
    const chooser = openChooser()
    expect(within(chooser).getByRole('checkbox', { name: /^Name/ })).toHaveProperty(
      'disabled',
      true
    )
    expect(within(chooser).getByRole('checkbox', { name: /^Tenant/ })).toHaveProperty(
      'checked',
      false
    )
    expect(within(chooser).getByRole('checkbox', { name: /^Status/ })).toHaveProperty(
      'checked',
      true
    )
    // No key of these hubs has usage counts, tags or an owner.
    for (const column of ['Requests, 7 days', 'Tags', 'Owner']) {
      const box = within(chooser).getByRole('checkbox', { name: new RegExp(`^${column}`) })
      expect(box.getAttribute('aria-describedby')).toBeTruthy()
      expect(document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
        'empty for all keys in view'
      )
    }
    // Role is set on one key, so it is not offered as empty.
    const role = within(chooser).getByRole('checkbox', { name: /^Role/ })
    expect(role.getAttribute('aria-describedby')).toBeNull()
    // Clipped texts keep their full value in a tooltip; the IP chips say what they mean.
    expect(screen.getByTitle('grafana-readonly')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'No IP restriction' }).title).toMatch(/no IP rule/)
    expect(screen.getByRole('button', { name: 'Allows all' }).title).toMatch(/0\.0\.0\.0\/0/)
  })

  it('hides, shows and reorders columns, keeps the choice across a restart, and resets', async () => {
    await openKeys()
    let chooser = openChooser()
    fireEvent.click(within(chooser).getByRole('checkbox', { name: /^Connection/ }))
    fireEvent.click(within(chooser).getByRole('checkbox', { name: /^Role/ }))
    const changed = ['Name', 'Environment', 'Status', 'Expires', 'Last used', 'IP rules', 'Role']
    expect(headers()).toEqual(changed)
    // IP rules up twice, before Expires; the pressed button keeps the focus.
    const up = within(chooser).getByRole('button', { name: 'Move IP rules up' })
    fireEvent.click(up)
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(chooser).getByRole('button', { name: 'Move IP rules up' })
      )
    )
    fireEvent.click(within(chooser).getByRole('button', { name: 'Move IP rules up' }))
    const moved = ['Name', 'Environment', 'Status', 'IP rules', 'Expires', 'Last used', 'Role']
    expect(headers()).toEqual(moved)
    // Name is pinned first: the first movable column cannot go up.
    expect(within(chooser).getByRole('button', { name: 'Move Connection up' })).toHaveProperty(
      'disabled',
      true
    )
    // The rows draw their cells in the same order.
    expect(within(rowNamed('grafana-readonly')).getAllByRole('gridcell')[4]?.textContent).toBe(
      'Allows all'
    )

    cleanup()
    await openKeys()
    expect(headers()).toEqual(moved)
    chooser = openChooser()
    fireEvent.click(within(chooser).getByRole('button', { name: 'Reset to default' }))
    expect(headers()).toEqual(defaultSet)
    cleanup()
    await openKeys()
    expect(headers()).toEqual(defaultSet)
  })
})

describe('focus follows the work', () => {
  const active = () => document.activeElement
  const detailRegion = () => screen.getByRole('region', { name: 'Key details' })

  it('moving to a screen puts the focus on its heading', async () => {
    await openApp()
    fireEvent.click(screen.getByRole('button', { name: /^Hygiene/ }))
    await waitFor(() =>
      expect(active()).toBe(screen.getByRole('heading', { level: 1, name: 'Hygiene' }))
    )
  })

  it('a key opened from the palette takes the focus, and Esc hands it back to its row', async () => {
    await openApp()
    fireEvent.keyDown(window, { key: 'p', ctrlKey: true })
    const palette = await screen.findByRole('dialog', { name: 'Command palette' })
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'billing' } })
    await within(palette).findByRole('option', { name: /^billing-api/ })
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Enter' })
    const panel = await screen.findByRole('complementary', { name: 'billing-api' })
    await waitFor(() => expect(active()).toBe(detailRegion()))
    expect(panel.contains(active())).toBe(true)

    await waitFor(() => expect(count()).toBe(`${totalKeys} keys`))
    fireEvent.keyDown(detailRegion(), { key: 'Escape' })
    expect(screen.queryByRole('complementary', { name: 'billing-api' })).toBeNull()
    expect(active()).toBe(grid())
    await waitFor(() =>
      expect(grid().getAttribute('aria-activedescendant')).toBe(rowNamed('billing-api').id)
    )
  })

  it('Down from the header search lands on the first row; Enter opens it, closing returns', async () => {
    await openKeys()
    const search = screen.getByRole('searchbox', { name: 'Search keys across hubs' })
    search.focus()
    fireEvent.keyDown(search, { key: 'ArrowDown' })
    expect(active()).toBe(grid())
    const first = dataRows()[0] as HTMLElement
    expect(grid().getAttribute('aria-activedescendant')).toBe(first.id)

    fireEvent.keyDown(grid(), { key: 'Enter' })
    const panel = await screen.findByRole('complementary', { name: 'billing-api' })
    await waitFor(() => expect(active()).toBe(detailRegion()))
    fireEvent.click(within(panel).getByRole('button', { name: 'Close key details' }))
    expect(active()).toBe(grid())
    expect(grid().getAttribute('aria-activedescendant')).toBe(rowNamed('billing-api').id)
  })

  it('F6 and Shift+F6 cycle sidebar, header, content and the detail panel', async () => {
    await openKeys()
    grid().focus()
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    fireEvent.keyDown(grid(), { key: 'Enter' })
    await screen.findByRole('complementary', { name: 'billing-api' })
    await waitFor(() => expect(active()).toBe(detailRegion()))
    // Back to the grid (Shift+F6), then the detail panel is one press away.
    fireEvent.keyDown(detailRegion(), { key: 'F6', shiftKey: true })
    expect(active()).toBe(grid())
    fireEvent.keyDown(grid(), { key: 'F6' })
    expect(active()).toBe(detailRegion())
    fireEvent.keyDown(detailRegion(), { key: 'F6' })
    const sidebar = screen.getByRole('complementary', { name: '' })
    expect(sidebar.contains(active())).toBe(true)
    expect(active()?.getAttribute('aria-current')).toBe('page')
    fireEvent.keyDown(active() as HTMLElement, { key: 'F6' })
    expect(active()).toBe(screen.getByRole('searchbox', { name: 'Search keys across hubs' }))
    fireEvent.keyDown(active() as HTMLElement, { key: 'F6' })
    expect(active()).toBe(grid())
    fireEvent.keyDown(grid(), { key: 'F6', shiftKey: true })
    expect(active()).toBe(screen.getByRole('searchbox', { name: 'Search keys across hubs' }))
  })

  it('a search that hides selected rows drops the selection; a new sort keeps it', async () => {
    await openKeys()
    fireEvent.click(rowNamed('billing-api'))
    fireEvent.click(rowNamed('ci-deploy'), { ctrlKey: true })
    expect(screen.getByText('2 selected')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: /^Last used/ }))
    await waitFor(() => expect(lastTableQuery().sort?.field).toBe('lastUsed'))
    expect(screen.getByText('2 selected')).toBeTruthy()

    const search = screen.getByRole('searchbox', { name: 'Search keys across hubs' })
    fireEvent.change(search, { target: { value: 'lab' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(count()).toBe('5 keys'))
    expect(screen.queryByText(/selected$/)).toBeNull()
    const all = screen.getByRole('checkbox', { name: 'Select all loaded rows' }) as HTMLInputElement
    expect(all.checked).toBe(false)
    expect(all.indeterminate).toBe(false)
  })

  it('a connection in the sidebar opens its keys; its settings are one button further', async () => {
    const app = await openApp()
    const list = within(screen.getByRole('list', { name: 'Connections' }))
    fireEvent.click(list.getByRole('button', { name: /^Lab dev/ }))
    expect(app.app.getState().screen).toBe('keys')
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ connectionIds: [labId] }))
    await waitFor(() => expect(count()).toBe('5 keys'))
    expect(list.getByRole('button', { name: /^Lab dev/ }).getAttribute('aria-current')).toBe('true')
    expect(list.getByRole('button', { name: /^Acme prod/ }).getAttribute('aria-current')).toBeNull()
    expect(screen.queryByRole('dialog')).toBeNull()

    fireEvent.click(list.getByRole('button', { name: 'Settings of Lab dev' }))
    expect(await screen.findByRole('dialog', { name: /Lab dev/ })).toBeTruthy()
  })
})

describe('key detail', () => {
  it('shows every field, the oddities, and the drift history with before and after', async () => {
    backend.rename('acme', 'acme-ci', 'ci-deploy-v2')
    await backend.sync()
    await openKeys()
    fireEvent.doubleClick(rowNamed('ci-deploy-v2'))
    const panel = await screen.findByRole('complementary', { name: 'ci-deploy-v2' })
    expect(within(panel).getByText('acme-ci')).toBeTruthy()
    expect(within(panel).getByText('Acme prod')).toBeTruthy()
    const history = await within(panel).findByRole('list', { name: 'Changes, newest first' })
    const renamed = within(history).getByText('Renamed').closest('li') as HTMLElement
    expect(within(renamed).getByText('ci-deploy')).toBeTruthy()
    expect(within(renamed).getByText('ci-deploy-v2')).toBeTruthy()
    expect(within(renamed).getByRole('img', { name: 'changed to' })).toBeTruthy()
    const drift = backend.api.calls.find((call) => call.channel === 'drift:list')
    expect(drift?.payload).toMatchObject({ keyId: expect.any(String) })

    fireEvent.click(within(panel).getByRole('button', { name: 'Close key details' }))
    expect(screen.queryByRole('complementary', { name: 'ci-deploy-v2' })).toBeNull()

    fireEvent.doubleClick(rowNamed('legacy-export'))
    const legacy = await screen.findByRole('complementary', { name: 'legacy-export' })
    const oddities = within(legacy).getByRole('region', { name: /looked odd/ })
    expect(
      within(oddities).getByText('The hub sent an expiry date without a time zone.')
    ).toBeTruthy()
    expect(within(legacy).getByText('Expired', { selector: 'span' })).toBeTruthy()
  })
})

describe('command palette', () => {
  it('jumps to a connection (its keys) and to a key (its details)', async () => {
    const app = await openApp()
    fireEvent.keyDown(window, { key: 'p', ctrlKey: true })
    const palette = await screen.findByRole('dialog', { name: 'Command palette' })
    const input = within(palette).getByRole('combobox')
    expect(document.activeElement).toBe(input)
    fireEvent.change(input, { target: { value: 'lab dev' } })
    const connection = await waitFor(() => {
      const option = within(palette)
        .getAllByRole('option')
        .find((candidate) => candidate.textContent?.startsWith('Lab devCycle'))
      if (!option) throw new Error('no connection option yet')
      return option
    })
    fireEvent.click(connection)
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull()
    expect(app.app.getState().screen).toBe('keys')
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ connectionIds: [labId] }))
    await waitFor(() => expect(count()).toBe('5 keys'))
    expect(screen.getByRole('button', { name: 'Connection: Lab dev' })).toBeTruthy()

    fireEvent.keyDown(window, { key: 'p', metaKey: true })
    const again = await screen.findByRole('dialog', { name: 'Command palette' })
    fireEvent.change(within(again).getByRole('combobox'), { target: { value: 'billing' } })
    await within(again).findByRole('option', { name: /^billing-api/ })
    // Enter runs the first result: the key.
    fireEvent.keyDown(within(again).getByRole('combobox'), { key: 'Enter' })
    expect(await screen.findByRole('complementary', { name: 'billing-api' })).toBeTruthy()
    const search = queries().find((query) => query.search === 'billing')
    expect(search?.limit).toBeLessThanOrEqual(10)

    // Screens are there too, and Esc closes without doing anything.
    fireEvent.keyDown(window, { key: 'p', ctrlKey: true })
    const third = await screen.findByRole('dialog', { name: 'Command palette' })
    fireEvent.change(within(third).getByRole('combobox'), { target: { value: 'hygiene' } })
    expect(within(third).getByRole('option', { name: /^Hygiene/ })).toBeTruthy()
    fireEvent.keyDown(third, { key: 'Escape' })
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull()
    expect(app.app.getState().screen).toBe('keys')

    // Not over another dialog.
    act(() => app.connections.getState().openAdd())
    expect(await screen.findByRole('dialog', { name: 'Add connection' })).toBeTruthy()
    fireEvent.keyDown(window, { key: 'p', ctrlKey: true })
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull()
  })
})

describe('hygiene', () => {
  it('counts each check and opens the table filtered to the keys counted', async () => {
    const app = await openApp()
    fireEvent.click(screen.getByRole('button', { name: /^Hygiene/ }))
    const week = await screen.findByRole('button', { name: /Expiring within 7 days/ })
    expect(within(week).getByText('2')).toBeTruthy()
    expect(within(screen.getByRole('button', { name: /^Expired/ })).getByText('1')).toBeTruthy()
    expect(
      within(screen.getByRole('button', { name: /Allow every address on production/ })).getByText(
        '2'
      )
    ).toBeTruthy()
    // No restriction at all lets every address through too (billing-api and grafana-readonly).
    // The soonest expiries are listed, soonest first.
    const upcoming = screen.getByRole('region', { name: 'Next to expire' })
    const items = within(upcoming).getAllByRole('button')
    expect(items.map((item) => item.textContent?.split('Acme')[0]?.split('Lab')[0])).toEqual([
      'billing-api',
      'lab-tester',
      'ci-deploy'
    ])

    fireEvent.click(week)
    expect(app.app.getState().screen).toBe('keys')
    await waitFor(() =>
      expect(lastTableQuery()).toMatchObject({
        search: '',
        filter: { expiringWithinDays: 7 },
        sort: { field: 'expires', direction: 'asc' }
      })
    )
    await waitFor(() => expect(count()).toBe('2 keys'))
    expect(names()).toEqual(['billing-api', 'lab-tester'])
    expect(screen.getByRole('button', { name: 'Expiring ≤ 7 days' })).toBeTruthy()
  })

  it('the Overview shows what needs attention per connection; a count opens those keys', async () => {
    const app = await openApp()
    const table = screen.getByRole('table')
    const rowOf = (name: string) => {
      const row = within(table)
        .getAllByRole('row')
        .find((candidate) => within(candidate).queryByText(name))
      if (!row) throw new Error(`no row for ${name}`)
      return row
    }
    expect(within(table).getByRole('columnheader', { name: 'Needs attention' })).toBeTruthy()
    const acme = rowOf('Acme prod')
    // billing-api and ci-deploy expire within 30 days; billing-api (no restriction) and
    // grafana-readonly (0.0.0.0/0) let every address in; grafana and legacy were never used.
    await waitFor(() =>
      expect(
        within(acme)
          .getAllByRole('button')
          .slice(1)
          .map((button) => button.textContent)
      ).toEqual(['2 expiring', '2 allow-all', '2 unused'])
    )
    const lab = rowOf('Lab dev')
    expect(
      within(lab)
        .getAllByRole('button')
        .slice(1)
        .map((button) => button.textContent)
    ).toEqual(['1 expiring'])

    fireEvent.click(within(acme).getByRole('button', { name: '2 allow-all' }))
    expect(app.app.getState().screen).toBe('keys')
    await waitFor(() =>
      expect(lastTableQuery()).toMatchObject({
        filter: { allowAll: true, environments: ['prod'], connectionIds: [acmeId] }
      })
    )
    await waitFor(() => expect(count()).toBe('2 keys'))
    expect(names()).toEqual(['billing-api', 'grafana-readonly'])
  })

  it('exports upcoming expiries as an .ics download', async () => {
    const created: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:hubkeys-test'
    })
    const clicked: { download: string; href: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement
    ) {
      clicked.push({ download: this.download, href: this.getAttribute('href') ?? '' })
    })
    await openApp()
    fireEvent.click(screen.getByRole('button', { name: /^Hygiene/ }))
    fireEvent.click(await screen.findByRole('button', { name: 'Export upcoming expiries (.ics)' }))
    await waitFor(() => expect(clicked).toHaveLength(1))
    expect(clicked[0]?.download).toMatch(/\.ics$/)
    expect(clicked[0]?.href).toBe('blob:hubkeys-test')
    const text = await created[0]?.text()
    expect(text).toContain('BEGIN:VCALENDAR')
    expect(text).toContain('billing-api')
    const request = backend.api.calls.find((call) => call.channel === 'hygiene:ics')
    expect(request?.payload).toMatchObject({ days: 365, timeZone: expect.any(String) })
    expect(await screen.findByText(/\.ics: 3 keys\./)).toBeTruthy()
    // A shorter range asks for fewer days.
    fireEvent.change(screen.getByRole('combobox', { name: 'Expiries to export' }), {
      target: { value: '30' }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Export upcoming expiries (.ics)' }))
    await waitFor(() => expect(clicked).toHaveLength(2))
    const requests = backend.api.calls.filter((call) => call.channel === 'hygiene:ics')
    expect(requests.at(-1)?.payload).toMatchObject({ days: 30 })
  })

  it('shows the expiry reminder banner in web mode until dismissed', async () => {
    const app = await openApp()
    const banner = await screen.findByRole('status', { name: 'Expiry reminder' })
    expect(banner.textContent).toContain('2 keys expire within 7 days · 3 within 30 days')
    fireEvent.click(within(banner).getByRole('button', { name: 'Review keys' }))
    await waitFor(() => expect(lastTableQuery().filter).toEqual({ expiringWithinDays: 7 }))
    fireEvent.click(
      within(screen.getByRole('status', { name: 'Expiry reminder' })).getByRole('button', {
        name: 'Dismiss the reminder'
      })
    )
    expect(screen.queryByRole('status', { name: 'Expiry reminder' })).toBeNull()
    // A new sync that changes nothing keeps it dismissed.
    await act(async () => {
      await app.hygiene.getState().load()
    })
    expect(screen.queryByRole('status', { name: 'Expiry reminder' })).toBeNull()
  })
})
