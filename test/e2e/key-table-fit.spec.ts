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

  await test.step('1920 px wide: Name and Connection take the spare width; a drag starts from it', async () => {
    await page.setViewportSize(viewports[1] as { width: number; height: number })
    const area = await box(grid(page))
    const last = await box(header(page, 'IP rules'))
    // The default columns reach the table's right edge (less its scrollbar), not a band short.
    expect(area.x + area.width - (last.x + last.width)).toBeLessThan(24)
    // Both grew, keeping their default proportion (240 to 170).
    const name = (await box(header(page, 'Name'))).width
    const connectionWidth = (await box(header(page, 'Connection'))).width
    expect(connectionWidth).toBeGreaterThan(250)
    expect(name / connectionWidth).toBeCloseTo(240 / 170, 1)
    const before = (await box(header(page, 'Connection'))).width
    expect(before).toBeGreaterThan(170)
    const handle = grid(page).getByRole('separator', { name: 'Resize Connection column' })
    // It announces the width on screen, not its 170 px minimum.
    await expect(handle).toHaveAttribute('aria-valuenow', String(Math.round(before)))
    const grip = await box(handle)
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2)
    await page.mouse.down()
    await page.mouse.move(grip.x + grip.width / 2 - 40, grip.y + grip.height / 2, { steps: 4 })
    await page.mouse.up()
    // Sized by hand now: 40 px narrower than it was drawn, not its 170 px default less 40.
    await expect
      .poll(async () => Math.round((await box(header(page, 'Connection'))).width))
      .toBe(Math.round(before) - 40)
    await page.getByRole('button', { name: 'Columns' }).click()
    await page
      .getByRole('dialog', { name: 'Columns' })
      .getByRole('button', { name: /^Reset/ })
      .click()
    await page.keyboard.press('Escape')
    await expect
      .poll(async () => (await box(header(page, 'Connection'))).width)
      .toBeCloseTo(before, 0)
  })

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

  await test.step('clicking a title half cut at the edge sorts by it and shows the whole column', async () => {
    const role = header(page, 'Role')
    // Role's left edge 40 px before the table's right edge: its title is cut.
    const edge = await grid(page).evaluate((element) => {
      const box = element.getBoundingClientRect()
      return { right: box.left + element.clientWidth, top: box.top }
    })
    const shift = (await box(role)).x - (edge.right - 40)
    await grid(page).evaluate((element, by) => {
      element.scrollLeft += by
    }, shift)
    await expect.poll(async () => Math.round((await box(role)).x)).toBe(Math.round(edge.right - 40))
    await page.mouse.click(edge.right - 20, edge.top + 16)
    await expect(role).toHaveAttribute('aria-sort', 'ascending')
    const shown = await box(role)
    const pinnedRight =
      (await box(header(page, 'Name'))).x + (await box(header(page, 'Name'))).width
    expect(shown.x + shown.width).toBeLessThanOrEqual(edge.right + 0.5)
    expect(shown.x).toBeGreaterThanOrEqual(pinnedRight - 0.5)
    expect(await onTop(role)).toBe(true)
  })
})
