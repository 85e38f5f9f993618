// End-to-end test of policy rules in web mode (Chromium): set rules for a synced Cycle hub, see the keys that break them, open the policy report and save it as printable HTML and JSON.
import { readFileSync } from 'node:fs'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import { addCycleHub, createVault, grid } from './web-app-steps'

const password = 'copper lantern meadow 31'

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 21, tenants: 1, keysPerTenant: 10 })
})

test.afterAll(async () => {
  await cycle?.close()
})

test.describe('policy rules in web mode', () => {
  test('sets rules, lists the breakers and saves the report', async ({ page, openUrl }) => {
    test.setTimeout(120_000)

    await test.step('create the vault and add the Cycle hub', async () => {
      await page.goto(openUrl)
      await createVault(page, password)
      await addCycleHub(page, cycle)
    })

    await test.step('Hygiene: no rule yet, then an expiry rule for all connections', async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Hygiene/ })
        .click()
      const panel = page.getByRole('region', { name: 'Policy' })
      await expect(panel).toContainText('No rule is turned on')
      await panel.getByRole('button', { name: 'Set up rules…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Policy rules' })
      await dialog.getByLabel('Maximum key age (days)').fill('0')
      await dialog.getByRole('button', { name: 'Save rules' }).click()
      await expect(dialog.getByText(/Give a whole number of days, 1 to 3650/)).toBeVisible()
      await dialog.getByLabel('Maximum key age (days)').fill('')
      // Cycle keys carry no expiry date, so every key breaks this rule.
      await dialog.getByLabel(/Expiry required/).check()
      await dialog.getByRole('button', { name: 'Save rules' }).click()
      await expect(dialog).toHaveCount(0)
      await expect(panel).toContainText(/(\d+) of \1 keys break a rule/)
    })

    await test.step('the key table marks the rule breakers', async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Keys/ })
        .click()
      await expect(
        grid(page)
          .getByLabel(/^Breaks a policy rule/)
          .first()
      ).toBeVisible()
    })

    await test.step('open the report and save it as HTML and JSON', async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Hygiene/ })
        .click()
      await page
        .getByRole('region', { name: 'Policy' })
        .getByRole('button', { name: 'Report…' })
        .click()
      const report = page.getByRole('dialog', { name: 'Policy report' })
      await expect(report.getByRole('cell', { name: 'Every key has an expiry date' })).toBeVisible()
      await expect(report.getByText('Has no expiry date.').first()).toBeVisible()

      const html = page.waitForEvent('download')
      await report.getByRole('button', { name: 'Printable report (HTML)' }).click()
      const htmlFile = await html
      expect(htmlFile.suggestedFilename()).toMatch(/^hubkeys-policy-report-.*\.html$/)
      const text = readFileSync(await htmlFile.path(), 'utf8')
      expect(text).toContain('<h1>Hubkeys policy report</h1>')
      expect(text).toContain('Has no expiry date.')
      expect(text).not.toContain(cycle.credential)

      const json = page.waitForEvent('download')
      await report.getByRole('button', { name: 'JSON' }).click()
      const parsed = JSON.parse(readFileSync(await (await json).path(), 'utf8')) as {
        format: string
        keysChecked: number
        results: Array<{ violations: unknown[] }>
      }
      expect(parsed.format).toBe('hubkeys-policy-report')
      expect(parsed.results).toHaveLength(parsed.keysChecked)
      expect(parsed.results.every((result) => result.violations.length === 1)).toBe(true)
    })
  })
})
