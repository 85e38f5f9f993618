// End-to-end test of the Audit log in web mode (Chromium): unlock, sync a simulated Cycle hub, read the entries, filter by action, export CSV through a blob download.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import { addCycleHub, createVault, derive } from './web-app-steps'

const password = 'amber quarry whistle 57'

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 14, tenants: 1, keysPerTenant: 12 })
})

test.afterAll(async () => {
  await cycle?.close()
})

const entries = (page: Page) => page.getByRole('table', { name: 'Audit entries, newest first' })
/** The Action cell of every row shown. */
const actionCells = (page: Page) => entries(page).locator('tbody tr td:nth-child(2)')

test.describe('audit log in web mode', () => {
  test('records unlock and sync, filters by action and exports CSV', async ({ page, openUrl }) => {
    test.setTimeout(120_000)

    await test.step('create the vault, lock it and unlock it again', async () => {
      await page.goto(openUrl)
      await createVault(page, password)
      await page.getByRole('button', { name: 'Lock', exact: true }).click()
      await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible()
      await page.getByLabel('Master password', { exact: true }).fill(password)
      await page.getByLabel('Master password', { exact: true }).press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible(derive)
    })

    await test.step('add the Cycle hub; its first sync runs', async () => {
      await addCycleHub(page, cycle)
    })

    await test.step('open the Audit log: unlock, lock, connection and sync entries, chain intact', async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Audit log/ })
        .click()
      await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
      await expect(entries(page)).toBeVisible()
      await expect(
        actionCells(page)
          .filter({ hasText: /^Sync$/ })
          .first()
      ).toBeVisible()
      await expect(actionCells(page).filter({ hasText: /^Unlock$/ })).toHaveCount(1)
      await expect(actionCells(page).filter({ hasText: /^Lock$/ })).toHaveCount(1)
      await expect(actionCells(page).filter({ hasText: /^Connection added$/ })).toHaveCount(1)
      await expect(entries(page).locator('tbody tr', { hasText: 'Sync' }).first()).toContainText(
        'Acme production'
      )
      await expect(page.getByTestId('audit-chain')).toContainText(/Chain intact: \d+ entries/)
    })

    await test.step('filter by action: only syncs remain', async () => {
      await page.getByRole('combobox', { name: 'Action' }).selectOption('sync')
      await expect(actionCells(page).filter({ hasText: /^Unlock$/ })).toHaveCount(0)
      const shown = await actionCells(page).allTextContents()
      expect(shown.length).toBeGreaterThan(0)
      expect(new Set(shown)).toEqual(new Set(['Sync']))
    })

    await test.step('export the entries shown as CSV', async () => {
      const rows = await actionCells(page).count()
      const downloading = page.waitForEvent('download')
      await page.getByRole('button', { name: 'Export CSV' }).click()
      const download = await downloading
      expect(download.suggestedFilename()).toMatch(/^hubkeys-audit-\d{4}-\d\d-\d\d\.csv$/)
      const lines = readFileSync(await download.path(), 'utf8')
        .trimEnd()
        .split('\r\n')
      expect(lines[0]).toMatch(/^seq,time,action,outcome,/)
      expect(lines).toHaveLength(rows + 1)
      for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,[^,]+Z,sync,ok,web,/)
      expect(lines.join('\n')).not.toContain(cycle.credential)
      expect(lines.join('\n')).not.toContain(password)
    })
  })
})
