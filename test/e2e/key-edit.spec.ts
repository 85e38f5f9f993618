// End-to-end test of editing keys in web mode (Chromium) against the simulated Cycle hub: rename with a before → after review, a hub error that changes nothing, verify from the panel, bulk verify over a filter that says the count first, and axe on the dialogs in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import { addCycleHub, createVault, grid, invoke, keysCount, openKeyPanel } from './web-app-steps'

const password = 'copper meadow lantern 58'
const themes = ['light', 'dark'] as const

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 58, tenants: 1, keysPerTenant: 8 })
})

test.afterAll(async () => {
  await cycle?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

/** Serious or critical axe findings inside the open dialog, in light and dark. */
const dialogFindings = async (page: Page, where: string): Promise<string[]> => {
  const findings: string[] = []
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .include('[role="dialog"]')
      .analyze()
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue
      for (const node of violation.nodes)
        findings.push(`${where} [${theme}]: ${violation.id} ${node.target.join(' ')}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return findings
}

test('edits a key with a review first, survives a hub error, verifies, and bulk-verifies a filter', async ({
  page,
  openUrl
}) => {
  test.setTimeout(150_000)
  const findings: string[] = []
  const panel = () => page.getByRole('complementary', { name: /^nightly-export/ })

  await test.step('create the vault, add the Cycle hub, make a key whose value Hubkeys holds', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, cycle)
    const [connection] = (await invoke<{ id: string }[]>(page, 'connections:list', {})).value ?? []
    const role = cycle.hubs[0]?.roles.find((candidate) => candidate.name === 'Developer')
    const created = await invoke(page, 'keys:create', {
      connectionId: connection?.id,
      name: 'nightly-export',
      role: role?.id
    })
    expect(created.ok, created.error?.message).toBe(true)
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await expect(grid(page)).toBeVisible()
  })

  await test.step('open it and rename it: the review shows before → after, then Apply', async () => {
    await openKeyPanel(
      page,
      grid(page).getByRole('row', { name: /nightly-export/ }),
      /^nightly-export/
    )
    await panel().getByRole('button', { name: 'Edit…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit key' })
    await dialog.getByLabel('Name').fill('nightly-export-2')
    await dialog.getByLabel(/^Tags/).fill('ops')
    findings.push(...(await dialogFindings(page, 'edit dialog')))
    await dialog.getByRole('button', { name: 'Review changes' }).click()
    const review = page.getByRole('dialog', { name: 'Review changes' })
    const changes = review.getByRole('list', { name: 'Changes to apply' })
    await expect(changes.getByRole('listitem')).toHaveText([
      /^Namenightly-export.*nightly-export-2$/,
      /^TagsNone.*ops$/
    ])
    findings.push(...(await dialogFindings(page, 'edit review')))
    await review.getByRole('button', { name: 'Apply 2 changes' }).click()
    await expect(review).toHaveCount(0)
    await expect(page.getByRole('complementary', { name: 'nightly-export-2' })).toBeVisible()
    await expect(panel()).toContainText('ops')
  })

  await test.step('the hub refuses the next edit: the dialog says what it answered, nothing changes', async () => {
    cycle.fail({ kind: 'status', status: 409, detail: 'the key is locked' }, 1, /^PATCH /)
    await panel().getByRole('button', { name: 'Edit…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit key' })
    await dialog.getByLabel('Name').fill('should-not-stick')
    await dialog.getByLabel(/^Notes/).fill('should not stick either')
    await dialog.getByRole('button', { name: 'Review changes' }).click()
    const review = page.getByRole('dialog', { name: 'Review changes' })
    await review.getByRole('button', { name: 'Apply 2 changes' }).click()
    await expect(review.getByRole('alert')).toContainText(
      'Nothing was changed. Acme production answered:'
    )
    findings.push(...(await dialogFindings(page, 'edit hub error')))
    await review.getByRole('button', { name: 'Cancel editing' }).click()
    await expect(page.getByRole('complementary', { name: 'nightly-export-2' })).toBeVisible()
    await expect(panel()).not.toContainText('should not stick')
    await expect(grid(page).getByRole('row', { name: /should-not-stick/ })).toHaveCount(0)
  })

  await test.step('verify from the panel', async () => {
    await panel().getByRole('button', { name: 'Verify' }).click()
    await expect(panel().getByRole('toolbar').getByRole('status')).toContainText('Valid')
  })

  await test.step('the delete dialog asks for the name on production (kept here)', async () => {
    await panel().getByRole('button', { name: 'Delete…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete this key?' })
    await expect(dialog.getByRole('button', { name: 'Delete key' })).toHaveAttribute(
      'aria-disabled',
      'true'
    )
    await expect(dialog.getByLabel('Type “nightly-export-2” to confirm')).toBeVisible()
    findings.push(...(await dialogFindings(page, 'delete dialog')))
    await dialog.getByRole('button', { name: 'Keep it' }).click()
    await expect(dialog).toHaveCount(0)
    await panel().getByRole('button', { name: 'Close key details' }).click()
  })

  await test.step('bulk verify every key matching a filter: the count comes first', async () => {
    const search = page.getByRole('searchbox', { name: 'Search keys across hubs' })
    await search.fill('status:active')
    await search.press('Enter')
    await expect(search).toHaveValue('')
    // The count is read once the filtered page is on screen: every row active, as many as counted.
    const rows = grid(page).locator('[role="row"][data-key-id]')
    const counted = async () =>
      Number(((await keysCount(page).textContent()) ?? '').replace(/\D/g, ''))
    await expect
      .poll(
        async () =>
          (await rows.filter({ hasNotText: /Active/ }).count()) === 0 &&
          (await rows.count()) === (await counted())
      )
      .toBe(true)
    const count = await counted()
    expect(count).toBeGreaterThan(1)
    // One row selected shows the bar, which offers every key the filter matches.
    await grid(page).locator('[role="row"][data-key-id]').first().click()
    const bar = page.getByRole('group', { name: 'Bulk actions' })
    await expect(bar).toContainText('1 selected')
    await bar.getByRole('button', { name: `Select all ${count} matching` }).click()
    await bar.getByRole('button', { name: 'Verify…' }).click()
    const dialog = page.getByRole('dialog', {
      name: `Verify ${count} keys matching the filter?`
    })
    await expect(dialog).toBeVisible()
    findings.push(...(await dialogFindings(page, 'bulk confirm')))
    await dialog.getByRole('button', { name: `Verify ${count} keys` }).click()
    await expect(dialog.getByRole('status')).toContainText(`${count} of ${count} keys done:`)
    await expect(
      dialog.getByRole('list', { name: 'Results per key' }).getByRole('listitem')
    ).toHaveCount(count)
    await expect(
      dialog.getByRole('listitem').filter({ hasText: 'nightly-export-2' })
    ).toContainText('Valid')
    findings.push(...(await dialogFindings(page, 'bulk results')))
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
    await expect(dialog).toHaveCount(0)
  })

  expect(findings, 'serious or critical axe violations in the key dialogs').toEqual([])
})
