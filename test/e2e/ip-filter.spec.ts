// End-to-end test of the IP-rule actions in web mode (Chromium): edit a Cycle key's IP rules with the diff preview, a bulk change with a dry run over keys of two hubs, axe on the dialogs in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake, type CycleFakeHub } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import {
  addCycleHub,
  createVault,
  grid,
  invoke,
  keysCount,
  lastRunAt,
  openKeyPanel
} from './web-app-steps'

const password = 'copper lantern meadow 58'
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21aa']

/** The one browser global this spec reads (the node tsconfig has no DOM lib). */
interface MediaQueries {
  matchMedia(query: string): { matches: boolean }
}

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 58, tenants: 2, keysPerTenant: 5 })
})

test.afterAll(async () => {
  await cycle?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

const hub = (index: number): CycleFakeHub => {
  const found = cycle.hubs[index]
  if (!found) throw new Error(`the simulated Cycle has no hub ${index}`)
  return found
}

/** A live key that is not the connection's own credential, so editing its IPs locks nobody out. */
const ordinaryKey = (of: CycleFakeHub, skip: readonly string[] = []) => {
  const key = of.keys.find(
    (candidate) =>
      candidate.state === 'live' &&
      candidate.secret !== of.adminSecret &&
      candidate.secret !== of.limitedSecret &&
      !skip.includes(candidate.name)
  )
  if (!key) throw new Error(`no ordinary live key on ${of.name}`)
  return key
}

/** The serious and critical axe findings inside the open dialog, in the light and dark theme. */
const dialogFindings = async (page: Page, where: string): Promise<string[]> => {
  const findings: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (globalThis as unknown as MediaQueries).matchMedia('(prefers-color-scheme: dark)')
              .matches
        )
      )
      .toBe(theme === 'dark')
    const results = await new AxeBuilder({ page })
      .withTags(wcagTags)
      .include('[role="dialog"]')
      .analyze()
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue
      for (const node of violation.nodes) {
        findings.push(`${where} [${theme}]: ${violation.id} ${node.target.join(' ')}`)
      }
    }
  }
  return findings
}

const rowNamed = (page: Page, name: string) =>
  grid(page)
    .locator('[role="row"][data-key-id]')
    .filter({ has: page.getByRole('gridcell', { name, exact: true }) })

test('IP rules: edited with a diff preview, changed in bulk across hubs after a dry run, dialogs pass axe', async ({
  page,
  openUrl
}) => {
  test.setTimeout(150_000)
  const findings: string[] = []
  // Names unique across both hubs, so each row is found by its name alone.
  const namesOf = (of: CycleFakeHub) => of.keys.map((key) => key.name)
  const edited = ordinaryKey(hub(0), namesOf(hub(1)))
  const second = ordinaryKey(hub(0), [...namesOf(hub(1)), edited.name])
  const other = ordinaryKey(hub(1), namesOf(hub(0)))

  await test.step('create the vault and add both simulated Cycle hubs', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, cycle, 'Acme production')
    const before = await lastRunAt(page)
    const added = await invoke(page, 'connections:add', {
      name: 'Beta staging',
      kind: 'cycle',
      baseUrl: cycle.url,
      settings: { hubId: hub(1).id },
      credential: hub(1).adminSecret,
      environment: 'staging'
    })
    expect(added.ok, added.error?.message).toBe(true)
    expect((await invoke(page, 'sync:start', {})).ok).toBe(true)
    await expect.poll(() => lastRunAt(page)).toBeGreaterThan(before)
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await expect(keysCount(page)).not.toHaveText('Reading the cache…')
    await expect(rowNamed(page, other.name)).toHaveCount(1)
  })

  await test.step("edit one key's IP rules: the editor, its simulator, the diff preview", async () => {
    const panel = await openKeyPanel(page, rowNamed(page, edited.name), edited.name)
    await panel
      .getByRole('toolbar', { name: 'Key actions' })
      .getByRole('button', { name: 'Edit IP rules…' })
      .click()
    const dialog = page.getByRole('dialog', { name: 'Edit IP rules' })
    await expect(dialog).toBeVisible()
    const restrict = dialog.getByRole('checkbox', {
      name: 'Only listed addresses may use this key'
    })
    if (!(await restrict.isChecked())) await restrict.check()
    const before = edited.ips ?? []
    await dialog.getByRole('button', { name: 'Add rule' }).click()
    const added = dialog.getByRole('textbox', { name: `Rule ${before.length + 1}` })
    await expect(added).toBeFocused()
    await added.fill('010.1.1.1')
    await expect(dialog).toContainText('"010" has a leading zero')
    await added.fill('198.51.100.0 255.255.255.0')
    await expect(dialog).toContainText('Saved as 198.51.100.0/24.')
    await dialog.getByRole('textbox', { name: 'Address to check' }).fill('198.51.100.77')
    await expect(dialog.getByRole('status')).toContainText(
      `198.51.100.77 is allowed by rule ${before.length + 1} (198.51.100.0/24).`
    )
    findings.push(...(await dialogFindings(page, 'edit IP rules')))
    await dialog.getByRole('button', { name: 'Review changes' }).click()
    const review = page.getByRole('dialog', { name: 'Review the IP rule changes' })
    await expect(review.getByRole('region', { name: 'Changes' })).toContainText('+ 198.51.100.0/24')
    findings.push(...(await dialogFindings(page, 'IP rules diff preview')))
    // Nothing reached the hub before Apply.
    expect(hub(0).keys.find((key) => key.id === edited.id)?.ips ?? []).not.toContain(
      '198.51.100.0/24'
    )
    await review.getByRole('button', { name: 'Apply' }).click()
    await expect(review).toHaveCount(0)
    await expect
      .poll(() => hub(0).keys.find((key) => key.id === edited.id)?.ips)
      .toContain('198.51.100.0/24')
    await expect(page.getByRole('complementary', { name: edited.name })).toContainText(
      '198.51.100.0/24'
    )
  })

  await test.step('change IP rules for keys of both hubs: a dry run, then per-key results', async () => {
    await page.getByRole('button', { name: 'Close key details' }).click()
    await rowNamed(page, second.name).click()
    await rowNamed(page, other.name).click({ modifiers: ['ControlOrMeta'] })
    await page.getByRole('button', { name: 'Change IP rules…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Change IP rules' })
    await dialog.getByRole('radio', { name: 'Add entries' }).check()
    await dialog.getByRole('textbox', { name: 'Rule 1' }).fill('203.0.113.9')
    findings.push(...(await dialogFindings(page, 'bulk IP change')))
    await dialog.getByRole('button', { name: 'Dry run' }).click()
    const plan = dialog.getByRole('table', { name: 'Dry run per key' })
    await expect(plan.getByRole('row')).toHaveCount(3)
    await expect(plan.getByRole('row', { name: new RegExp(second.name) })).toContainText(
      'Acme production'
    )
    await expect(plan.getByRole('row', { name: new RegExp(other.name) })).toContainText(
      'Beta staging'
    )
    await expect(dialog.getByRole('status')).toHaveText('2 keys would change, 0 would not.')
    findings.push(...(await dialogFindings(page, 'bulk IP change, dry run')))
    expect(hub(1).keys.find((key) => key.id === other.id)?.ips ?? []).not.toContain('203.0.113.9')
    await dialog.getByRole('button', { name: 'Apply to 2 keys' }).click()
    const results = dialog.getByRole('table', { name: 'Results per key' })
    await expect(dialog.getByRole('status')).toHaveText('2 keys changed.')
    await expect(results.getByRole('row', { name: new RegExp(other.name) })).toContainText(
      'Applied'
    )
    // Cycle's adapter writes a single address without its /32.
    expect(hub(0).keys.find((key) => key.id === second.id)?.ips).toContain('203.0.113.9')
    expect(hub(1).keys.find((key) => key.id === other.id)?.ips).toContain('203.0.113.9')
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(dialog).toHaveCount(0)
  })

  expect(findings, findings.join('\n')).toEqual([])
})
