// End-to-end test of hub connections in web mode (Chromium): add a simulated Cycle hub, test it, save it, see it in the sidebar, sync it, and a wrong key's clear error.
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test, type BrowserGlobals } from './fixtures'

const password = 'violet harbour lantern 42'
/** Argon2id runs with the shipped parameters here: allow for a slow, busy machine. */
const derive = { timeout: 20_000 }

let cycle: CycleFake

test.beforeAll(async () => {
  // Plain http on 127.0.0.1: the hub client allows http for loopback addresses only.
  cycle = await createCycleFake({ seed: 5, tenants: 1, keysPerTenant: 30 })
})

test.afterAll(async () => {
  await cycle?.close()
})

interface StatusEntry {
  connectionName: string
  state: string
  keys: number
  lastRunAt: number | null
}

/** What main says about every connection's sync, asked through the page's own bridge. */
const syncStatus = (page: Page) =>
  page.evaluate(async () => {
    const api = (globalThis as unknown as BrowserGlobals).api
    if (!api) throw new Error('no window.api')
    const answer = (await api.invoke('sync:status', {})) as {
      ok: boolean
      value?: { connections: StatusEntry[] }
    }
    return answer.value?.connections ?? []
  })

const sidebar = (page: Page) => page.getByRole('complementary')
const dialog = (page: Page) => page.getByRole('dialog')

/** Opens the add dialog from the sidebar and picks the Cycle hub kind. */
const openCycleForm = async (page: Page) => {
  await sidebar(page).getByRole('button', { name: 'Add connection' }).click()
  await expect(dialog(page)).toHaveAccessibleName('Add connection')
  // Each kind says what Hubkeys can do with it, from the capabilities main declares.
  await expect(dialog(page).getByRole('button', { name: /^Cycle/ })).toContainText('Lists keys')
  await dialog(page)
    .getByRole('button', { name: /^Cycle/ })
    .click()
  await expect(dialog(page)).toHaveAccessibleName('Add Cycle connection')
  await expect(dialog(page).getByLabel('Name')).toBeFocused()
}

const fillCycle = async (page: Page, name: string, credential: string) => {
  const form = dialog(page)
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Address').fill(cycle.url)
  await form.getByLabel('Hub ID').fill(cycle.hubId)
  await form.getByLabel('API key', { exact: true }).fill(credential)
}

test.describe('connections in web mode', () => {
  test('add a Cycle hub, test it, save it, sync it; a wrong key fails clearly', async ({
    page,
    openUrl
  }) => {
    test.setTimeout(90_000)

    await test.step('create the vault', async () => {
      await page.goto(openUrl)
      await page.getByLabel('Master password', { exact: true }).fill(password)
      await page.getByLabel('Confirm master password').fill(password)
      await page.getByLabel('Confirm master password').press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible(derive)
      await expect(sidebar(page).getByText('No connections yet.')).toBeVisible()
    })

    await test.step('fill the Cycle form and test it', async () => {
      await openCycleForm(page)
      // Sent empty, the form answers with the contract's own schema (zod, jitless under the CSP).
      await dialog(page).getByRole('button', { name: 'Add connection' }).click()
      await expect(dialog(page).getByText('Give the connection a name.')).toBeVisible()
      await expect(dialog(page).getByLabel('Name')).toBeFocused()
      await fillCycle(page, 'Acme production', cycle.credential)
      await dialog(page).getByRole('radio', { name: 'Prod' }).check()
      await dialog(page).getByRole('button', { name: 'Test connection' }).click()
      await expect(dialog(page).getByTestId('test-detail')).toContainText(
        `Reached Cycle hub ${cycle.hubId}: this API key can manage API keys`
      )
    })

    await test.step('save it: the sidebar lists it with its environment badge', async () => {
      await dialog(page).getByRole('button', { name: 'Add connection' }).click()
      await expect(dialog(page)).toHaveCount(0)
      const item = sidebar(page).getByRole('button', { name: /^Acme production/ })
      await expect(item).toBeVisible()
      await expect(item.getByText('prod', { exact: true })).toBeVisible()
      // The first sync starts by itself.
      await expect(item).toContainText('Synced just now')
    })

    await test.step('sync all: the cache holds the hub keys and says how fresh it is', async () => {
      const listed = cycle.hubs[0]?.keys.filter((key) => key.state !== 'deleted').length ?? 0
      // 30 seeded, less the few the seed made deleted (Cycle lists only keys not deleted).
      expect(listed).toBeGreaterThan(20)
      const before = (await syncStatus(page))[0]?.lastRunAt ?? 0
      await sidebar(page).getByRole('button', { name: 'Sync all' }).click()
      await expect
        .poll(async () => (await syncStatus(page))[0]?.lastRunAt ?? 0)
        .toBeGreaterThan(before)
      const row = page.getByRole('main').getByRole('row', { name: /Acme production/ })
      await expect(row.getByRole('cell').nth(2)).toHaveText(String(listed))
      await expect(row).toContainText('Up to date')
      await expect(row).toContainText('just now')

      // The connection opens its keys; its settings are the small button beside it.
      await sidebar(page)
        .getByRole('button', { name: /^Acme production/ })
        .click()
      await expect(page.getByRole('heading', { level: 1, name: 'Keys' })).toBeFocused()
      await expect(page.getByRole('button', { name: 'Connection: Acme production' })).toBeVisible()
      await expect(page.getByTestId('keys-count')).toHaveText(`${listed} keys`)
      await sidebar(page).getByRole('button', { name: 'Settings of Acme production' }).click()
      const panel = page.getByRole('dialog', { name: /Acme production/ })
      await expect(panel.getByTestId('panel-keys')).toHaveText(`${listed} keys`)
      await expect(panel.getByLabel('API key', { exact: true })).toHaveAttribute(
        'placeholder',
        /Stored/
      )
      await page.keyboard.press('Escape')
      await expect(panel).toHaveCount(0)
    })

    await test.step('a wrong key: the test says what is wrong, and nothing is saved', async () => {
      const wrong = 'not-the-key-0123456789abcdef'
      await openCycleForm(page)
      await fillCycle(page, 'Acme wrong key', wrong)
      await dialog(page).getByRole('button', { name: 'Test connection' }).click()
      const alert = dialog(page).getByRole('alert')
      await expect(alert).toContainText('The test failed.')
      const message = (await alert.getByTestId('test-error').textContent()) ?? ''
      expect(message).toMatch(/Acme wrong key/)
      expect(message).toMatch(/API key/i)
      expect(message).not.toContain(wrong)
      await page.keyboard.press('Escape')
      expect((await syncStatus(page)).map((entry) => entry.connectionName)).toEqual([
        'Acme production'
      ])
    })
  })
})
