// End-to-end test of a key missing at its hub in web mode (Chromium): sync, the key goes from the simulated Cycle hub, sync again, filter for missing, open it and forget it.
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import {
  addCycleHub,
  createVault,
  filters,
  grid,
  invoke,
  keysCount,
  lastRunAt,
  sidebar,
  openKeyPanel
} from './web-app-steps'

const password = 'amber quarry signal 17'

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 33, tenants: 1, keysPerTenant: 12 })
})

test.afterAll(async () => {
  await cycle?.close()
})

const hub = () => {
  const first = cycle.hubs[0]
  if (!first) throw new Error('the simulated Cycle has no hub')
  return first
}

test('a key gone from its hub shows as missing, is found by the filter word, and is forgotten after a confirmation', async ({
  page,
  openUrl
}) => {
  test.setTimeout(120_000)
  let made = ''
  let synced = ''

  await test.step('create the vault, add the Cycle hub; the first sync runs', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, cycle)
  })

  await test.step('make a key through Hubkeys (its value is stored), then drop it and another at the hub, and sync again', async () => {
    const connections = await invoke<{ id: string }[]>(page, 'connections:list', {})
    const connectionId = connections.value?.[0]?.id
    const role = hub().roles.find((candidate) => candidate.name === 'Developer')
    expect(connectionId && role).toBeTruthy()
    const created = await invoke<{ key: { hubKeyId: string; name: string } }>(page, 'keys:create', {
      connectionId,
      name: 'nightly-export',
      role: role?.id
    })
    expect(created.ok, created.error?.message).toBe(true)
    made = created.value?.key.name ?? ''
    const other = hub().keys.find(
      (key) =>
        key.state === 'live' &&
        key.id !== created.value?.key.hubKeyId &&
        key.secret !== hub().adminSecret &&
        key.secret !== hub().limitedSecret
    )
    if (!other) throw new Error('no live key to drop')
    synced = other.name
    const gone = new Set([created.value?.key.hubKeyId, other.id])
    hub().keys = hub().keys.filter((key) => !gone.has(key.id))
    const before = await lastRunAt(page)
    await sidebar(page).getByRole('button', { name: 'Sync all' }).click()
    await expect.poll(() => lastRunAt(page)).toBeGreaterThan(before)
  })

  await test.step('type the filter word missing in the header search', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await expect(grid(page)).toBeVisible()
    const search = page.getByRole('searchbox', { name: 'Search keys across hubs' })
    await search.fill('missing')
    await search.press('Enter')
    await expect(search).toHaveValue('')
    await expect(
      filters(page).getByRole('button', { name: 'Missing at hub', exact: true })
    ).toHaveAttribute('aria-pressed', 'true')
    await expect(keysCount(page)).toHaveText('2 keys')
    const rows = grid(page).locator('[role="row"][data-key-id]')
    await expect(rows.filter({ hasText: made })).toContainText('Missing at hub')
    await expect(rows.filter({ hasText: synced })).toContainText('Missing at hub')
    // The longest status badge fits the Status column at its default width, not cut to "Missing at h".
    const badge = rows.filter({ hasText: made }).getByRole('gridcell', { name: 'Missing at hub' })
    expect(await badge.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
  })

  await test.step('open the key made through Hubkeys: the panel says it is missing', async () => {
    const panel = await openKeyPanel(
      page,
      grid(page).getByRole('row', { name: new RegExp(made) }),
      made
    )
    await expect(panel).toContainText(
      'the last complete listing of Acme production did not contain it.'
    )
    await expect(panel).toContainText('Hubkeys keeps its stored value until you forget it.')
    await expect(panel).toContainText(/Last seen (just now|\d+ min ago) · /)
  })

  await test.step('forget it: the dialog names the stored value and asks for a tick', async () => {
    const panel = page.getByRole('complementary', { name: made })
    await panel.getByRole('button', { name: 'Forget key…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Forget this key?' })
    await expect(dialog).toContainText('its stored value, which Cycle will not show again')
    const confirm = dialog.getByRole('button', { name: 'Forget key' })
    await expect(confirm).toHaveAttribute('aria-disabled', 'true')
    await dialog.getByLabel('I understand the stored value is lost').check()
    await expect(confirm).not.toHaveAttribute('aria-disabled', 'true')
    await confirm.click()
    await expect(dialog).toHaveCount(0)
    await expect(panel).toHaveCount(0)
    await expect(keysCount(page)).toHaveText('1 key')
    await expect(grid(page)).toBeFocused()
    await expect(grid(page).locator('[role="row"][data-key-id]')).toContainText(synced)
  })
})
