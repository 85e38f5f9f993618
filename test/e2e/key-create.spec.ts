// End-to-end test of the new-key dialog in web mode (Chromium): a key created on each simulated hub kind, its value seen once, the key in the table, axe on the dialog in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { startFakeHubs } from '../fakes/hubs/start-fake-hubs'
import { expect, test } from './fixtures'
import {
  addCycleHub,
  addHubThroughBridge,
  createVault,
  grid,
  keysCount,
  type BridgeConnection
} from './web-app-steps'

const password = 'copper meadow whistle 58'
const themes = ['light', 'dark'] as const

let hubs: Awaited<ReturnType<typeof startFakeHubs>>

test.beforeAll(async () => {
  hubs = await startFakeHubs({ seed: 11, tenants: 1, keysPerTenant: 4 })
})

test.afterAll(async () => {
  await hubs?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

const firstOf = (kind: string): BridgeConnection => {
  const found = hubs.connections.find((connection) => connection.kind === kind)
  if (!found) throw new Error(`no simulated ${kind} hub`)
  return found
}

/** Serious or critical axe findings inside the open dialog, in the light and the dark theme. */
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

const newKeyButton = (page: Page) =>
  page.getByRole('toolbar', { name: 'Filters' }).getByRole('button', { name: 'New key' })

/** Opens the dialog from the Keys screen and picks the connection. */
const openOn = async (page: Page, connectionName: string) => {
  await newKeyButton(page).click()
  const dialog = page.getByRole('dialog')
  const select = dialog.getByLabel('Connection')
  const id = await select.locator('option', { hasText: connectionName }).getAttribute('value')
  await select.selectOption(id ?? '')
  await expect(dialog).toHaveAccessibleName(`New key on ${connectionName}`)
  return dialog
}

/** The value is shown once; Done closes the dialog, gives focus back and the key is in the table. */
const finish = async (page: Page, name: string, shown: boolean) => {
  const dialog = page.getByRole('dialog')
  await expect(
    dialog.getByText("Stored in Hubkeys' vault; you can copy it later from the key's panel.")
  ).toBeVisible()
  const value = dialog.getByLabel("The new key's value")
  if (shown) {
    await expect(dialog).toHaveAccessibleName('Key created')
    const secret = (await value.textContent()) ?? ''
    expect(secret.length).toBeGreaterThan(8)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(page.getByRole('dialog')).toHaveCount(0)
    // Shown once: nothing on the page holds it after the dialog closed.
    await expect(page.getByText(secret)).toHaveCount(0)
  } else {
    await expect(value).toHaveCount(0)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(page.getByRole('dialog')).toHaveCount(0)
  }
  await expect(newKeyButton(page)).toBeFocused()
  await page.getByRole('searchbox', { name: 'Search keys across hubs' }).fill(name)
  await expect(
    grid(page).locator('[role="row"][data-key-id]').filter({ hasText: name })
  ).toHaveCount(1)
  await page.getByRole('searchbox', { name: 'Search keys across hubs' }).fill('')
}

test('a key is created on each simulated hub kind, its value shown once, and listed in the table', async ({
  page,
  openUrl
}) => {
  test.setTimeout(180_000)
  const findings: string[] = []
  const cycle = firstOf('cycle')
  const dct = firstOf('dct')
  const optidash = firstOf('optidash')
  const datahub = firstOf('datahub')
  const dmhub = firstOf('dmhub')

  await test.step('create the vault, add Cycle through its dialog and the other kinds through the bridge', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, hubs.fakes.cycle, cycle.name)
    for (const hub of [dct, optidash, datahub, dmhub]) await addHubThroughBridge(page, hub)
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await expect(keysCount(page)).toContainText('keys')
  })

  await test.step('Cycle: a role picked from the hub roles (with what each grants) and an IP list', async () => {
    const dialog = await openOn(page, cycle.name)
    const developer = dialog.getByRole('radio', { name: /^Developer/ })
    await expect(developer).toBeVisible()
    await expect(dialog.getByText('Every capability')).toBeVisible()
    findings.push(...(await dialogFindings(page, 'new key: Cycle form')))
    await dialog.getByLabel('Name').fill('e2e-cycle-deployer')
    await developer.check()
    await dialog.getByRole('checkbox', { name: 'Only listed addresses may use this key' }).check()
    await dialog.getByRole('button', { name: 'Add rule' }).click()
    await dialog.getByLabel('Rule 1', { exact: true }).fill('203.0.113.7')
    // Double-clicked: one key all the same.
    await dialog.getByRole('button', { name: 'Create key' }).dblclick()
    await expect(dialog).toHaveAccessibleName('Key created')
    findings.push(...(await dialogFindings(page, 'new key: value shown once')))
    expect(
      hubs.fakes.cycle.hubs[0]!.keys.filter((key) => key.name === 'e2e-cycle-deployer')
    ).toHaveLength(1)
    await finish(page, 'e2e-cycle-deployer', true)
  })

  await test.step('DCT, from the palette: an account with a generated key', async () => {
    await newKeyButton(page).focus()
    await page.keyboard.press('Control+p')
    const palette = page.getByRole('dialog', { name: 'Command palette' })
    await palette.getByRole('combobox').fill(`New key on ${dct.name}`)
    await palette.getByRole('option', { name: new RegExp(`New key on ${dct.name}`) }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toHaveAccessibleName(`New key on ${dct.name}`)
    await expect(dialog.getByRole('group', { name: 'Role' })).toHaveCount(0)
    await dialog.getByLabel('Name').fill('e2e-dct-reports')
    await dialog.getByLabel('Name').press('Enter')
    await expect(dialog).toHaveAccessibleName('Key created')
    await finish(page, 'e2e-dct-reports', true)
  })

  await test.step('Optidash: a unique name, checked against the cache first', async () => {
    let dialog = await openOn(page, optidash.name)
    await dialog.getByLabel('Name').fill('e2e-optidash-upload')
    await dialog.getByRole('button', { name: 'Create key' }).click()
    await expect(dialog).toHaveAccessibleName('Key created')
    await finish(page, 'e2e-optidash-upload', true)

    dialog = await openOn(page, optidash.name)
    await dialog.getByLabel('Name').fill('e2e-optidash-upload')
    await dialog.getByRole('button', { name: 'Create key' }).click()
    await expect(dialog.getByText(/already has a key named “e2e-optidash-upload”/)).toBeVisible()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(newKeyButton(page)).toBeFocused()
  })

  await test.step('Data Hub: a generic token generated in main, inactive, with an IP filter and a header', async () => {
    const dialog = await openOn(page, datahub.name)
    await dialog.getByLabel('Name').fill('e2e-owl-export')
    await dialog.getByRole('radio', { name: /Generic token/ }).check()
    await dialog.getByRole('radio', { name: 'Generate one' }).check()
    await dialog.getByRole('radio', { name: 'Inactive' }).check()
    await dialog.getByRole('checkbox', { name: 'Only listed addresses may use this key' }).check()
    await dialog.getByRole('button', { name: 'Add rule' }).click()
    await dialog.getByLabel('Rule 1', { exact: true }).fill('10.0.0.0 255.0.0.0')
    await dialog.getByRole('button', { name: 'Add header' }).click()
    await dialog.getByLabel('Header 1 name').fill('X-Total-Count')
    await dialog.getByLabel('Header 1 value').fill('${collection.meta.count}')
    findings.push(...(await dialogFindings(page, 'new key: Data Hub form')))
    await dialog.getByRole('button', { name: 'Create key' }).click()
    await expect(dialog).toHaveAccessibleName('Key created')
    await finish(page, 'e2e-owl-export', true)
  })

  await test.step('DM-Hub: the value pasted, with an expiry; recorded, not shown back', async () => {
    const dialog = await openOn(page, dmhub.name)
    await dialog.getByLabel('Name').fill('e2e-dmhub-ana')
    await dialog.getByRole('textbox', { name: 'Value' }).fill('dmhub-pasted-value-0001')
    await dialog.getByLabel(/Expires on/).fill('2030-01-31')
    await dialog.getByRole('button', { name: 'Create key' }).click()
    await expect(dialog).toHaveAccessibleName('Key recorded')
    await finish(page, 'e2e-dmhub-ana', false)
  })

  await test.step('record a key made elsewhere (Data Hub API key)', async () => {
    const dialog = await openOn(page, datahub.name)
    await dialog.getByRole('radio', { name: 'Record a key I already have' }).check()
    await expect(dialog).toHaveAccessibleName(`Record a key on ${datahub.name}`)
    await dialog.getByLabel('Name').fill('e2e-owl-existing')
    await dialog.getByRole('textbox', { name: 'Value' }).fill('owl-made-value-0002')
    await dialog.getByRole('button', { name: 'Record key' }).click()
    await expect(dialog).toHaveAccessibleName('Key recorded')
    await finish(page, 'e2e-owl-existing', false)
  })

  expect(findings, findings.join('\n')).toEqual([])
})
