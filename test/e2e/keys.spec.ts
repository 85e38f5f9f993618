// End-to-end test of the key inventory in web mode (Chromium): sync a simulated Cycle hub, search, filter, save a filter, open a key's drift history, palette, .ics export.
import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { createCycleFake, type CycleFake, type CycleFakeKey } from '../fakes/hubs/cycle.fake'
import { createDctFake, type DctFake } from '../fakes/hubs/dct.fake'
import { expect, test } from './fixtures'
import { derive, filters, grid, invoke, keysCount, lastRunAt, sidebar } from './web-app-steps'

const password = 'violet harbour lantern 42'

let cycle: CycleFake
let dct: DctFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 21, tenants: 1, keysPerTenant: 60 })
  dct = await createDctFake({ seed: 21, tenants: 1, keysPerTenant: 20 })
})

test.afterAll(async () => {
  await cycle?.close()
  await dct?.close()
})

const listedKeys = () => cycle.hubs[0]?.keys.filter((key) => key.state !== 'deleted') ?? []

/**
 * Gets past the vault screen whatever state this spec file's server is in: a fresh data folder
 * (the first test, or a new worker after a failure) or the vault the test before created.
 */
const openVault = async (page: Page) => {
  const create = page.getByRole('heading', { name: 'Create your vault' })
  const unlock = page.getByRole('heading', { name: 'Unlock your vault' })
  const frame = page.getByRole('button', { name: 'Lock', exact: true })
  await expect(create.or(unlock).or(frame)).toBeVisible(derive)
  if (await frame.isVisible()) return
  await page.getByLabel('Master password', { exact: true }).fill(password)
  if (await create.isVisible()) {
    await page.getByLabel('Confirm master password').fill(password)
    await page.getByLabel('Confirm master password').press('Enter')
  } else {
    await page.getByLabel('Master password', { exact: true }).press('Enter')
  }
  await expect(frame).toBeVisible(derive)
}

test.describe('key inventory in web mode', () => {
  test('search, filter, save a filter, and read a renamed key’s history', async ({
    page,
    openUrl
  }) => {
    test.setTimeout(120_000)
    let renamed: CycleFakeKey | undefined
    let oldName = ''

    await test.step('create the vault and add the Cycle hub', async () => {
      await page.goto(openUrl)
      await page.getByLabel('Master password', { exact: true }).fill(password)
      await page.getByLabel('Confirm master password').fill(password)
      await page.getByLabel('Confirm master password').press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible(derive)

      await sidebar(page).getByRole('button', { name: 'Add connection' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('button', { name: /^Cycle/ }).click()
      await dialog.getByLabel('Name').fill('Acme production')
      await dialog.getByLabel('Address').fill(cycle.url)
      await dialog.getByLabel('Hub ID').fill(cycle.hubId)
      await dialog.getByLabel('API key', { exact: true }).fill(cycle.credential)
      await dialog.getByRole('radio', { name: 'Prod' }).check()
      await dialog.getByRole('button', { name: 'Add connection' }).click()
      await expect(dialog).toHaveCount(0)
      // The first sync starts by itself.
      await expect(sidebar(page).getByRole('button', { name: /^Acme production/ })).toContainText(
        'Synced just now'
      )
    })

    await test.step('rename a key in the hub, then sync again', async () => {
      renamed = listedKeys().find((key) => key.state === 'live')
      if (!renamed) throw new Error('the simulated hub has no live key')
      oldName = renamed.name
      renamed.name = 'renamed-in-the-cycle-console'
      const before = await lastRunAt(page)
      await sidebar(page).getByRole('button', { name: 'Sync all' }).click()
      await expect.poll(() => lastRunAt(page)).toBeGreaterThan(before)
    })

    await test.step('open Keys: every key of the hub, sorted by name', async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Keys/ })
        .click()
      await expect(grid(page)).toBeVisible()
      await expect(keysCount(page)).toHaveText(`${listedKeys().length} keys`)
      const first = grid(page).locator('[role="row"][data-key-id]').first()
      await expect(first).toContainText('Acme production')
      await expect(first).toContainText('prod')
    })

    await test.step('search by a name from the header (Ctrl+K)', async () => {
      const target = listedKeys().find((key) => key !== renamed)
      if (!target) throw new Error('no key to search for')
      await page.keyboard.press('Control+K')
      const search = page.getByRole('searchbox', { name: 'Search keys across hubs' })
      await expect(search).toBeFocused()
      await search.fill(target.name)
      await expect(filters(page)).toContainText(`Search: ${target.name}`)
      await expect(keysCount(page)).not.toHaveText(`${listedKeys().length} keys`)
      await expect(
        grid(page).locator('[role="row"][data-key-id]', { hasText: target.name }).first()
      ).toBeVisible()
      // Every row found carries the words searched for (name, id, tenant, hub or tags).
      const words = target.name
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean)
      for (const text of await grid(page).locator('[role="row"][data-key-id]').allTextContents()) {
        for (const word of words.slice(0, -1)) expect(text.toLowerCase()).toContain(word)
      }
      await filters(page).getByRole('button', { name: 'Clear the search' }).click()
      await expect(keysCount(page)).toHaveText(`${listedKeys().length} keys`)
      await expect(search).toHaveValue('')
    })

    await test.step('apply a filter chip: inactive keys only', async () => {
      const inactive = listedKeys().filter((key) => key.state === 'inactive').length
      expect(inactive).toBeGreaterThan(0)
      await filters(page)
        .getByRole('button', { name: /^Status/ })
        .click()
      await page.getByRole('dialog', { name: 'Status filter' }).getByLabel('Inactive').check()
      await page.keyboard.press('Escape')
      await expect(keysCount(page)).toHaveText(inactive === 1 ? '1 key' : `${inactive} keys`)
      // Status is the fifth cell of the default set (after selection, name, connection, env).
      const statuses = await grid(page)
        .locator('[role="row"][data-key-id] [role="gridcell"]:nth-child(5)')
        .allTextContents()
      expect(new Set(statuses)).toEqual(new Set(['Inactive']))
    })

    await test.step('save the filter and see it listed', async () => {
      await filters(page).getByRole('button', { name: 'Save filter' }).click()
      const form = page.getByRole('dialog', { name: 'Save filter' })
      await form.getByLabel('Name this filter').fill('Inactive Acme keys')
      await form.getByRole('button', { name: 'Save filter' }).click()
      await expect(form).toHaveCount(0)
      await filters(page).getByRole('button', { name: 'Clear all' }).click()
      await expect(keysCount(page)).toHaveText(`${listedKeys().length} keys`)
      await filters(page).getByRole('button', { name: 'Saved filters' }).click()
      const saved = page.getByRole('dialog', { name: 'Saved filters' })
      await expect(saved.getByRole('button', { name: /^Inactive Acme keys/ })).toBeVisible()
      await saved.getByRole('button', { name: /^Inactive Acme keys/ }).click()
      await expect(filters(page).getByRole('button', { name: 'Status: Inactive' })).toBeVisible()
      await filters(page).getByRole('button', { name: 'Clear all' }).click()
    })

    await test.step('open the renamed key: its history shows the rename', async () => {
      await page.getByRole('searchbox', { name: 'Search keys across hubs' }).fill('renamed-in')
      await expect(keysCount(page)).toHaveText('1 key')
      await grid(page)
        .getByRole('row', { name: /renamed-in-the-cycle-console/ })
        .click()
      await page.keyboard.press('Enter')
      const panel = page.getByRole('complementary', { name: 'renamed-in-the-cycle-console' })
      await expect(panel).toBeVisible()
      await expect(panel).toContainText(renamed?.id ?? 'no id')
      const history = panel.getByRole('list', { name: 'Changes, newest first' })
      const entry = history.getByRole('listitem').filter({ hasText: 'Renamed' })
      await expect(entry).toContainText(oldName)
      await expect(entry).toContainText('renamed-in-the-cycle-console')
      // Focus follows: the opened key's panel has it, F6 goes between it and the grid, Esc
      // hands it back to the row.
      const details = panel.getByRole('region', { name: 'Key details' })
      await expect(details).toBeFocused()
      await page.keyboard.press('Shift+F6')
      await expect(grid(page)).toBeFocused()
      await page.keyboard.press('F6')
      await expect(details).toBeFocused()
      await page.keyboard.press('Escape')
      await expect(panel).toHaveCount(0)
      await expect(grid(page)).toBeFocused()
    })

    await test.step('the palette (Ctrl+P) jumps to a key', async () => {
      await page.keyboard.press('Control+P')
      const palette = page.getByRole('dialog', { name: 'Command palette' })
      await expect(palette.getByRole('combobox')).toBeFocused()
      await palette.getByRole('combobox').fill('acme prod')
      await expect(palette.getByRole('option', { name: /^Acme production/ })).toBeVisible()
      await palette.getByRole('combobox').fill('renamed-in-the')
      await expect(
        palette.getByRole('option', { name: /^renamed-in-the-cycle-console/ })
      ).toBeVisible()
      await page.keyboard.press('Enter')
      await expect(palette).toHaveCount(0)
      const panel = page.getByRole('complementary', { name: 'renamed-in-the-cycle-console' })
      await expect(panel).toBeVisible()
      await expect(panel.getByRole('region', { name: 'Key details' })).toBeFocused()
    })
  })

  test('exports upcoming expiries as an .ics file through a blob download', async ({
    page,
    openUrl
  }) => {
    test.setTimeout(60_000)
    await page.goto(openUrl)
    await openVault(page)

    // DCT accounts carry expiry dates; add one server through the page's bridge and sync it.
    const server = dct.describeForDemo()[0]
    if (!server) throw new Error('the simulated DCT described no server')
    const added = await invoke<{ id: string }>(page, 'connections:add', {
      name: 'DCT lab',
      kind: 'dct',
      baseUrl: server.url,
      settings: server.settings,
      credential: server.credential,
      environment: 'dev'
    })
    expect(added.error?.message).toBeUndefined()
    const synced = await invoke<{ results: { outcome: string }[] }>(page, 'sync:start', {})
    expect(synced.value?.results.every((result) => result.outcome === 'ok')).toBe(true)

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Hygiene/ })
      .click()
    await expect(page.getByRole('button', { name: /Expiring within 30 days/ })).toBeVisible()
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export upcoming expiries (.ics)' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/\.ics$/)
    const text = readFileSync(await download.path(), 'utf8')
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text).toContain('BEGIN:VEVENT')
    await expect(page.getByRole('status').filter({ hasText: '.ics:' })).toBeVisible()
  })
})
