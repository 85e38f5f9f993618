// End-to-end check of the key table's fit in web mode (Chromium): the default columns fit 1280x800 and 1920x1080 without sideways scrolling, Name stays pinned when scrolled, the column chooser; screenshots in both themes.
import type { Locator, Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import { addCycleHub, createVault, grid } from './web-app-steps'

const password = 'violet harbour lantern 42'
const defaultSet = [
  'Name',
  'Connection',
  'Environment',
  'Status',
  'Expires',
  'Last used',
  'IP rules'
]
const viewports = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
]

let cycle: CycleFake

// No theme or popover fade: screenshots show the settled page.
test.use({ reducedMotion: 'reduce' })

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 16, tenants: 1, keysPerTenant: 40 })
})

test.afterAll(async () => {
  await cycle?.close()
})

const header = (page: Page, name: string) =>
  grid(page).locator(`[role="columnheader"][title="${name}"]`)

const box = async (locator: Locator) => {
  const found = await locator.boundingBox()
  if (!found) throw new Error('not laid out')
  return found
}

/** Whether the point at the middle of `locator` shows that element (not something over it). */
const onTop = (locator: Locator) =>
  locator.evaluate((element) => {
    const rect = element.getBoundingClientRect()
    const hit = element.ownerDocument.elementFromPoint(
      rect.left + rect.width / 2,
      rect.top + rect.height / 2
    )
    return hit !== null && element.contains(hit)
  })

test('the default columns fit 1280 and 1920 px wide, and Name stays while scrolling sideways', async ({
  page,
  openUrl
}, testInfo) => {
  test.setTimeout(120_000)
  await page.setViewportSize(viewports[0] as { width: number; height: number })
  await page.goto(openUrl)
  await createVault(page, password)
  await addCycleHub(page, cycle, 'Acme production with a rather long connection name')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Keys/ })
    .click()
  const firstRow = grid(page).locator('[role="row"][data-key-id]').first()
  await expect(firstRow).toBeVisible()

  for (const viewport of viewports) {
    await test.step(`${viewport.width}x${viewport.height}: every default column in view`, async () => {
      await page.setViewportSize(viewport)
      const area = await box(grid(page))
      const widths = await grid(page).evaluate((element) => ({
        scroll: element.scrollWidth,
        client: element.clientWidth
      }))
      expect(widths.scroll).toBeLessThanOrEqual(widths.client)
      for (const name of defaultSet) {
        const cell = await box(header(page, name))
        expect(cell.x, name).toBeGreaterThanOrEqual(area.x)
        expect(cell.x + cell.width, name).toBeLessThanOrEqual(area.x + area.width + 0.5)
      }
      // Every badge in view (environment, status) shows its whole word at the default widths.
      const clipped = await grid(page)
        .locator('[role="row"][data-key-id] [role="gridcell"][class*="badge"]')
        .evaluateAll((cells) =>
          cells
            .filter((cell) => cell.scrollWidth > cell.clientWidth)
            .map((cell) => cell.textContent)
        )
      expect(clipped).toEqual([])
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme })
        await page.screenshot({
          path: testInfo.outputPath(`keys-${viewport.width}x${viewport.height}-${theme}.png`)
        })
      }
      await page.emulateMedia({ colorScheme: 'light' })
    })
  }

  await test.step('the keyboard row shows its clipped texts in full', async () => {
    await page.setViewportSize(viewports[0] as { width: number; height: number })
    await grid(page).focus()
    await page.keyboard.press('ArrowDown')
    // The connection's name is the cell's own text: the cell grows to show all of it.
    const connection = firstRow.getByRole('gridcell').nth(2)
    await expect
      .poll(() => connection.evaluate((element) => element.scrollWidth <= element.clientWidth))
      .toBe(true)
    await page.screenshot({ path: testInfo.outputPath('keys-keyboard-row-1280x800.png') })
    await page.keyboard.press('Escape')
  })

  await test.step('show every column, scroll right: Name and the checkboxes stay', async () => {
    await page.setViewportSize(viewports[0] as { width: number; height: number })
    await page.getByRole('button', { name: 'Columns' }).click()
    const chooser = page.getByRole('dialog', { name: 'Columns' })
    const boxes = chooser.getByRole('checkbox')
    for (let index = 0; index < (await boxes.count()); index += 1) {
      if (!(await boxes.nth(index).isDisabled())) await boxes.nth(index).check()
    }
    await page.screenshot({ path: testInfo.outputPath('keys-chooser-1280x800.png') })
    await page.keyboard.press('Escape')
    await expect(chooser).toHaveCount(0)

    const name = header(page, 'Name')
    const nameBefore = await box(name)
    await grid(page).evaluate((element) => {
      element.scrollLeft = element.scrollWidth
    })
    await expect
      .poll(() => grid(page).evaluate((element) => element.scrollLeft))
      .toBeGreaterThan(400)
    expect((await box(name)).x).toBeCloseTo(nameBefore.x, 0)
    expect(await onTop(name)).toBe(true)
    const nameCell = firstRow.getByRole('gridcell').nth(1)
    expect((await box(nameCell)).x).toBeCloseTo(nameBefore.x, 0)
    expect(await onTop(nameCell)).toBe(true)
    expect(await onTop(firstRow.getByRole('checkbox'))).toBe(true)
    // The last column came into view beside them.
    expect(await onTop(header(page, 'Owner'))).toBe(true)
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await page.screenshot({ path: testInfo.outputPath(`keys-scrolled-1280x800-${theme}.png`) })
    }
  })
})
