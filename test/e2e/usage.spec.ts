// End-to-end test of usage charts in web mode (Chromium): open a key's usage, refresh from the simulated Optidash, zoom, switch interval, export CSV and PNG, draw from the cache with the hub stopped, axe in both themes.
import { readFile } from 'node:fs/promises'
import { AxeBuilder } from '@axe-core/playwright'
import { createOptidashFake, type OptidashFake } from '../fakes/hubs/optidash.fake'
import { expect, test } from './fixtures'
import { createVault, grid, invoke, openKeyPanel } from './web-app-steps'

const password = 'copper meadow beacon 58'
const hour = 3_600_000

let optidash: OptidashFake

test.beforeAll(async () => {
  optidash = await createOptidashFake({ seed: 12, keysPerTenant: 2 })
})

test.afterAll(async () => {
  await optidash?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

test('a key’s usage: refresh, zoom, switch interval, export, and draw from the cache with the hub stopped', async ({
  page,
  openUrl
}) => {
  test.setTimeout(120_000)
  const account = optidash.accounts[0]
  const first = [...(account?.keys.values() ?? [])][0]
  if (!first) throw new Error('the simulated Optidash has no key')

  await test.step('create the vault, add the Optidash account and record one of its keys', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    const added = await invoke<{ id: string }>(page, 'connections:add', {
      name: 'Optidash images',
      kind: 'optidash',
      baseUrl: optidash.url,
      credential: optidash.credential,
      environment: 'prod'
    })
    expect(added.ok, added.error?.message).toBe(true)
    const recorded = await invoke(page, 'keys:record', {
      connectionId: added.value?.id,
      name: 'thumbnailer',
      secret: first.key
    })
    expect(recorded.ok, recorded.error?.message).toBe(true)
  })

  const panel = page.getByRole('complementary', { name: 'thumbnailer' })
  const usage = panel.getByRole('region', { name: 'Key details' })
  const chart = panel.getByTestId('usage-chart')

  await test.step('open the key: its usage says nothing is cached yet, then refresh hourly usage', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await openKeyPanel(page, grid(page).getByRole('row', { name: /thumbnailer/ }), 'thumbnailer')
    await expect(usage.getByRole('heading', { name: 'Usage' })).toBeVisible()
    await usage.getByRole('combobox', { name: 'Usage interval' }).selectOption('hour')
    await usage.getByRole('combobox', { name: 'Usage range' }).selectOption('7')
    await expect(usage).toContainText('No usage of this range is cached yet')
    await usage.getByRole('button', { name: 'Refresh from hub' }).click()
    await expect(chart.locator('canvas')).toBeVisible()
    await expect(usage).toContainText(/cached (just now|1 min ago)/)
  })

  await test.step('export the hourly CSV: every row is the hub’s own hour bucket', async () => {
    const downloading = page.waitForEvent('download')
    await usage.getByRole('button', { name: 'CSV' }).click()
    const file = await (await downloading).path()
    const rows = (await readFile(file, 'utf8')).trim().split('\n')
    expect(rows[0]).toBe('bucket,requests,bytes')
    const body = rows.slice(1)
    expect(body.length).toBeGreaterThanOrEqual(7 * 24)
    const from = Date.parse(body[0]?.split(',')[0] ?? '')
    const to = Date.parse(body.at(-1)?.split(',')[0] ?? '') + hour
    const url = new URL(`${optidash.url}/1.0/keys/${encodeURIComponent(first.key)}`)
    url.searchParams.set('from', new Date(from).toISOString())
    url.searchParams.set('to', new Date(to).toISOString())
    url.searchParams.set('interval', 'hour')
    const answer = (await (
      await fetch(url, {
        headers: {
          authorization: `Basic ${Buffer.from(`${optidash.credential}:`).toString('base64')}`
        }
      })
    ).json()) as { results: Array<{ bucket: string; count: number; volume: number }> }
    expect(body).toEqual(
      answer.results.map(
        (b) => `${new Date(Date.parse(b.bucket)).toISOString()},${b.count},${b.volume}`
      )
    )
  })

  await test.step('zoom by dragging, then reset', async () => {
    const over = chart.locator('.u-over')
    const box = await over.boundingBox()
    if (!box) throw new Error('the chart has no plotting area')
    const reset = usage.getByRole('button', { name: 'Reset zoom' })
    await expect(reset).toHaveAttribute('aria-disabled', 'true')
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    await expect(reset).not.toHaveAttribute('aria-disabled', 'true')
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2)
    await expect(usage.getByRole('status').filter({ hasText: 'Requests:' })).toBeVisible()
    await reset.click()
    await expect(reset).toHaveAttribute('aria-disabled', 'true')
  })

  await test.step('switch to days: summed from the cached hours, and export a PNG', async () => {
    await usage.getByRole('combobox', { name: 'Usage interval' }).selectOption('day')
    await expect(usage).toContainText('summed from cached hour buckets')
    await expect(chart.locator('canvas')).toBeVisible()
    // The chart on screen took the day buckets (it is given new data, not rebuilt): its tooltip
    // names a day, with no time of day.
    const over = chart.locator('.u-over')
    const box = await over.boundingBox()
    if (!box) throw new Error('the chart has no plotting area')
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2)
    const tip = usage.getByRole('status').filter({ hasText: 'Requests:' })
    await expect(tip).toBeVisible()
    const label = ((await tip.textContent()) ?? '').split('\n')[0] ?? ''
    expect(label).toMatch(/\d{4}/)
    expect(label).not.toMatch(/\d:\d\d/)
    const downloading = page.waitForEvent('download')
    await usage.getByRole('button', { name: 'PNG' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('usage-thumbnailer.png')
    const png = await readFile(await download.path())
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })

  await test.step('with the hub stopped, the chart still draws from the cache', async () => {
    await optidash.close()
    await panel.getByRole('button', { name: 'Close key details' }).click()
    await openKeyPanel(page, grid(page).getByRole('row', { name: /thumbnailer/ }), 'thumbnailer')
    await usage.getByRole('combobox', { name: 'Usage interval' }).selectOption('hour')
    await usage.getByRole('combobox', { name: 'Usage range' }).selectOption('7')
    await expect(chart.locator('canvas')).toBeVisible()
  })

  await test.step('axe finds nothing serious in the usage section, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      // Kept with the test's output, to look at the chart in each theme at 1280x800.
      await panel
        .locator('[aria-labelledby="key-usage"]')
        .screenshot({ path: test.info().outputPath(`key-usage-${theme}.png`) })
      // And the whole 1280x800 window with the chart in view, as the other chart kinds are kept.
      await chart.scrollIntoViewIfNeeded()
      await page.screenshot({ path: test.info().outputPath(`usage-key-${theme}.png`) })
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
        .include('[aria-labelledby="key-usage"]')
        .analyze()
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical'
      )
      expect(
        serious.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      ).toEqual([])
    }
  })
})
