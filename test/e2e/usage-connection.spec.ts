// End-to-end test of connection-level usage in web mode (Chromium): an Optidash account's keys stacked and its busiest keys compared, its quota burn-down, a DM-Hub connection's storage per fileset; the hub's own numbers in legends and tooltips, the same from the cache with every hub stopped, axe and screenshots in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { createDmhubFake, type DmhubFake } from '../fakes/hubs/dmhub.fake'
import { createOptidashFake, type OptidashFake } from '../fakes/hubs/optidash.fake'
import { expect, test } from './fixtures'
import { addHubThroughBridge, createVault, invoke, sidebar } from './web-app-steps'

const password = 'amber harbour lantern 31'
const day = 86_400_000
const optidashName = 'Optidash images'
const dmhubName = 'DM-Hub research'

let optidash: OptidashFake
let dmhub: DmhubFake

test.beforeAll(async () => {
  optidash = await createOptidashFake({ seed: 21, keysPerTenant: 6 })
  dmhub = await createDmhubFake({ seed: 21 })
})

test.afterAll(async () => {
  await optidash?.close()
  await dmhub?.close()
})

// UTC and en-US: the tooltip's local-time label and grouped digits are then known here too.
test.use({
  viewport: { width: 1280, height: 800 },
  reducedMotion: 'reduce',
  timezoneId: 'UTC',
  locale: 'en-US'
})

/** The tooltip's first line for a daily bucket, as the chart writes it in en-US and UTC. */
const dayLabel = (at: number) =>
  new Date(at).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric'
  })

/** Daily request counts of one key, straight from the simulated Optidash. */
const hubDays = async (key: string, from: number, to: number): Promise<Map<string, number>> => {
  const url = new URL(`${optidash.url}/1.0/keys/${encodeURIComponent(key)}`)
  url.searchParams.set('from', new Date(from).toISOString())
  url.searchParams.set('to', new Date(to).toISOString())
  url.searchParams.set('interval', 'day')
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${optidash.credential}:`).toString('base64')}` }
  })
  const body = (await response.json()) as { results: Array<{ bucket: string; count: number }> }
  return new Map(body.results.map((b) => [dayLabel(Date.parse(b.bucket)), b.count]))
}

/** A fileset's stored bytes on a UTC day: the sum over its members, as the hub's time series. */
const hubStorage = (fileset: string, dayStart: number): number => {
  const members = dmhub.filesets.find((f) => f.name === fileset)?.members ?? []
  return members.reduce((sum, user) => sum + dmhub.storageOf(user, fileset, dayStart), 0)
}

/** Hovers the chart at `share` of its width and returns the tooltip's lines. */
const tooltipAt = async (page: Page, section: Locator, share: number): Promise<string[]> => {
  const over = section.getByTestId('usage-chart').locator('.u-over')
  await over.scrollIntoViewIfNeeded()
  const box = await over.boundingBox()
  if (!box) throw new Error('the chart has no plotting area')
  await page.mouse.move(box.x + box.width * share, box.y + box.height / 2)
  const tip = section.getByRole('status').filter({ hasText: /\d{4}/ })
  await expect(tip).toBeVisible()
  const text = (await tip.textContent()) ?? ''
  await page.mouse.move(0, 0)
  return text.split('\n')
}

/** `label: 1,234` lines as a map from label to the number. */
const valuesOf = (lines: readonly string[]): Map<string, number> =>
  new Map(
    lines.map((line) => {
      const at = line.lastIndexOf(': ')
      const digits = /^[\d,]+/.exec(line.slice(at + 2))?.[0] ?? 'NaN'
      return [line.slice(0, at), Number(digits.replace(/,/g, ''))]
    })
  )

/** The legend's series names. */
const legendOf = (section: Locator) =>
  section.getByTestId('usage-chart').locator('.u-legend .u-series .u-label')

const findingsOf = async (page: Page, include: string, theme: string): Promise<string[]> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .include(include)
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${theme} ${include}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Axe in both themes on the usage section, and a 1280x800 screenshot of each with the chart in view. */
const auditAndShoot = async (page: Page, section: Locator, shot: string): Promise<string[]> => {
  const findings: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await section.getByTestId('usage-chart').scrollIntoViewIfNeeded()
    await page.screenshot({ path: test.info().outputPath(`${shot}-${theme}.png`) })
    findings.push(...(await findingsOf(page, '[aria-labelledby="connection-usage"]', theme)))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return findings
}

test('a connection’s usage: keys stacked, busiest compared, quota burn-down and DM-Hub storage, also from the cache with every hub stopped', async ({
  page,
  openUrl
}) => {
  test.setTimeout(180_000)
  const account = optidash.accounts[0]
  const keys = [...(account?.keys.values() ?? [])]
  if (!account || keys.length < 6) throw new Error('the simulated Optidash has too few keys')
  const names = keys.map((_, i) => `svc-${i + 1}`)
  const filesets = dmhub.filesets.slice(0, 2).map((f) => f.name)
  const panelOf = (name: string) => page.getByRole('dialog', { name: new RegExp(name) })
  const usageOf = (name: string) =>
    panelOf(name).getByRole('region', { name: 'Usage', exact: true })
  const openPanel = async (name: string) => {
    await sidebar(page)
      .getByRole('button', { name: `Settings of ${name}` })
      .click()
    await expect(usageOf(name)).toBeVisible()
  }
  const closePanel = async (name: string) => {
    await panelOf(name).getByRole('button', { name: 'Close panel' }).click()
    await expect(panelOf(name)).toHaveCount(0)
  }
  const findings: string[] = []
  // The hub's daily counts per key label, keyed by the tooltip's day label.
  const expectedDays = new Map<string, Map<string, number>>()
  let busiest: string[] = []

  await test.step('create the vault, add the Optidash account with six keys and a DM-Hub connection with two filesets', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    const connectionId = await addHubThroughBridge(page, {
      kind: 'optidash',
      name: optidashName,
      url: optidash.url,
      credential: optidash.credential,
      settings: {},
      environment: 'prod'
    })
    for (const [i, key] of keys.entries()) {
      const recorded = await invoke(page, 'keys:record', {
        connectionId,
        name: names[i],
        secret: key.key
      })
      expect(recorded.ok, recorded.error?.message).toBe(true)
    }
    await addHubThroughBridge(page, {
      kind: 'dmhub',
      name: dmhubName,
      url: dmhub.url,
      credential: dmhub.credential,
      settings: { filesets },
      environment: 'prod'
    })
  })

  const optidashUsage = usageOf(optidashName)
  const chartPicker = optidashUsage.getByRole('radiogroup', { name: 'Chart' })

  await test.step('every key stacked: refresh 30 days from the hub; the legend names each key and the tooltip shows the hub’s counts', async () => {
    await openPanel(optidashName)
    await expect(optidashUsage).toContainText('No usage of this range is cached yet')
    const to = Date.now()
    await optidashUsage.getByRole('button', { name: 'Refresh from hub' }).click()
    await expect(optidashUsage.getByTestId('usage-chart').locator('canvas')).toBeVisible()
    await expect(optidashUsage).toContainText(/cached (just now|1 min ago)/)
    for (const [i, key] of keys.entries())
      expectedDays.set(names[i] as string, await hubDays(key.key, to - 31 * day, to))
    // Top of the stack first, as the areas are drawn.
    await expect(legendOf(optidashUsage)).toHaveText([...names].reverse())
    for (const share of [0.3, 0.7]) {
      const [label, ...rows] = await tooltipAt(page, optidashUsage, share)
      const shown = valuesOf(rows)
      expect([...shown.keys()]).toEqual(names)
      for (const name of names)
        expect(shown.get(name), `${name} on ${label}`).toBe(
          expectedDays.get(name)?.get(label ?? '')
        )
    }
    findings.push(...(await auditAndShoot(page, optidashUsage, 'usage-stacked')))
  })

  await test.step('the quota burn-down: the hub’s used and remaining, the recent rate and the day it runs out', async () => {
    await optidashUsage.getByRole('button', { name: 'Read quota' }).click()
    const quota = optidashUsage.getByRole('term').filter({ hasText: 'Remaining' })
    await expect(quota).toBeVisible()
    const used = Math.round(account.quotaTotal * 0.37)
    const facts = optidashUsage.locator('dl')
    await expect(facts).toContainText(`Used${account.period ? ` this ${account.period}` : ''}`)
    await expect(facts.locator('div').filter({ hasText: /^Used/ }).locator('dd')).toHaveText(
      used.toLocaleString('en-US')
    )
    await expect(
      facts
        .locator('div')
        .filter({ hasText: /^Remaining/ })
        .locator('dd')
    ).toHaveText((account.quotaTotal - used).toLocaleString('en-US'))
    await expect(optidashUsage.getByRole('meter', { name: 'Quota used' })).toHaveJSProperty(
      'value',
      used / account.quotaTotal
    )
    const summary = await invoke<{
      quota: { ratePerDay: number | null; runsOutAt: number | null }
    }>(page, 'usage:summary', { connectionId: await connectionIdOf(page, optidashName) })
    const { ratePerDay, runsOutAt } = summary.value?.quota ?? {}
    expect(ratePerDay).toBeGreaterThan(0)
    expect(runsOutAt).toBeGreaterThan(Date.now())
    await expect(
      facts
        .locator('div')
        .filter({ hasText: /^Recent rate/ })
        .locator('dd')
    ).toHaveText(`${Math.round(ratePerDay ?? 0).toLocaleString('en-US')} a day`)
    await expect(
      facts
        .locator('div')
        .filter({ hasText: /^Runs out/ })
        .locator('dd')
    ).toHaveText(new Date(runsOutAt ?? 0).toLocaleDateString('en-US', { dateStyle: 'medium' }))
    // The rate is the last 7 days of the hub's own counts over every key, a day (today's part
    // may differ by the seconds between the two reads) at most.
    const weekAgo = Date.now() - 7 * day
    let lastWeek = 0
    for (const days of expectedDays.values())
      for (const [label, count] of days)
        if (Date.parse(`${label} UTC`) >= weekAgo) lastWeek += count
    expect(ratePerDay).toBeGreaterThan((lastWeek / 7) * 0.8)
    expect(ratePerDay).toBeLessThan((lastWeek / 7) * 1.2)
    await optidashUsage.locator('h4', { hasText: 'Quota' }).scrollIntoViewIfNeeded()
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await page.screenshot({ path: test.info().outputPath(`usage-quota-${theme}.png`) })
    }
    await page.emulateMedia({ colorScheme: 'light' })
    busiest = [...expectedDays.entries()]
      .map(([name, days]) => ({
        name,
        total: [...days].reduce(
          (sum, [label, count]) =>
            Date.parse(`${label} UTC`) >= Date.now() - 30 * day ? sum + count : sum,
          0
        )
      }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 5)
      .map((entry) => entry.name)
  })

  await test.step('the busiest keys compared: the five with the most requests in 30 days, with the hub’s counts', async () => {
    await chartPicker.getByText('Busiest keys compared').click()
    await expect(optidashUsage.getByTestId('usage-chart').locator('canvas')).toBeVisible()
    await expect(legendOf(optidashUsage)).toHaveText(busiest)
    const [label, ...rows] = await tooltipAt(page, optidashUsage, 0.5)
    const shown = valuesOf(rows)
    expect([...shown.keys()]).toEqual(busiest)
    for (const name of busiest)
      expect(shown.get(name), `${name} on ${label}`).toBe(expectedDays.get(name)?.get(label ?? ''))
    findings.push(...(await auditAndShoot(page, optidashUsage, 'usage-compared')))
    await closePanel(optidashName)
  })

  const dmhubUsage = usageOf(dmhubName)

  await test.step('DM-Hub storage per fileset: one line each, the hub’s bytes in the tooltip', async () => {
    await openPanel(dmhubName)
    await expect(dmhubUsage).toContainText('No usage of this range is cached yet')
    await dmhubUsage.getByRole('button', { name: 'Refresh from hub' }).click()
    await expect(dmhubUsage.getByTestId('usage-chart').locator('canvas')).toBeVisible()
    // The chart replaced the empty state; the keyboard's place stays on the button.
    await expect(dmhubUsage.getByRole('button', { name: 'Refresh from hub' })).toBeFocused()
    await expect(legendOf(dmhubUsage)).toHaveText(filesets)
    await checkStorage(page, dmhubUsage, filesets)
    findings.push(...(await auditAndShoot(page, dmhubUsage, 'usage-storage')))
    await closePanel(dmhubName)
  })

  await test.step('with every hub stopped, each chart and the quota draw again from the cache', async () => {
    await Promise.all([optidash.close(), dmhub.close()])
    await openPanel(optidashName)
    await expect(optidashUsage.getByTestId('usage-chart').locator('canvas')).toBeVisible()
    await expect(legendOf(optidashUsage)).toHaveText([...names].reverse())
    const [label, ...rows] = await tooltipAt(page, optidashUsage, 0.5)
    for (const [name, value] of valuesOf(rows))
      expect(value, `${name} on ${label}`).toBe(expectedDays.get(name)?.get(label ?? ''))
    await expect(
      optidashUsage.locator('dl div').filter({ hasText: /^Used/ }).locator('dd')
    ).toHaveText(Math.round(account.quotaTotal * 0.37).toLocaleString('en-US'))
    await chartPicker.getByText('Busiest keys compared').click()
    await expect(legendOf(optidashUsage)).toHaveText(busiest)
    await closePanel(optidashName)
    await openPanel(dmhubName)
    await expect(legendOf(dmhubUsage)).toHaveText(filesets)
    await checkStorage(page, dmhubUsage, filesets)
  })

  expect(findings, 'serious or critical axe violations').toEqual([])
})

/** The connection's id, from the contract's list. */
const connectionIdOf = async (page: Page, name: string): Promise<string> => {
  const list = await invoke<Array<{ id: string; name: string }>>(page, 'connections:list', {})
  const found = list.value?.find((connection) => connection.name === name)
  if (!found) throw new Error(`no connection named ${name}`)
  return found.id
}

/** Hovers a storage chart and checks each fileset's bytes against the hub's for that day. */
const checkStorage = async (page: Page, section: Locator, filesets: readonly string[]) => {
  const [label, ...rows] = await tooltipAt(page, section, 0.5)
  const dayStart = Date.parse(`${label} UTC`)
  expect(Number.isNaN(dayStart), `a day label: ${label}`).toBe(false)
  const shown = valuesOf(rows)
  expect([...shown.keys()]).toEqual(filesets)
  for (const fileset of filesets)
    expect(shown.get(fileset), `${fileset} on ${label}`).toBe(hubStorage(fileset, dayStart))
}
