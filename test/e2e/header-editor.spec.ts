// End-to-end test of the Data Hub header editor in web mode (Chromium): record two keys of a simulated Owl Data Hub, edit one's headers with a placeholder completion, see the diff and Owl's steps, apply, copy the set to the other key, and axe on the dialog in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createDatahubFake, type DatahubFake } from '../fakes/hubs/datahub.fake'
import { expect, test } from './fixtures'
import { createVault, grid, invoke, keysCount, openKeyPanel } from './web-app-steps'

const password = 'copper lantern meadow 42'
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21aa']

let owl: DatahubFake

test.beforeAll(async () => {
  owl = await createDatahubFake({
    seed: 5,
    tenants: 1,
    keysPerTenant: 2,
    // Two known values to record; the fake accepts them as active, unrestricted keys.
    credentials: [`dh_${'s'.repeat(40)}`, `dh_${'p'.repeat(40)}`]
  })
})

test.afterAll(async () => {
  await owl?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

/** Serious or critical axe findings inside the open dialog, in light and dark. */
const dialogFindings = async (page: Page): Promise<string[]> => {
  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    const results = await new AxeBuilder({ page })
      .withTags(wcagTags)
      .include('[role="dialog"]')
      .analyze()
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue
      for (const node of violation.nodes) {
        found.push(`[${theme}] ${violation.id}: ${node.target.join(' ')}`)
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}

test('a Data Hub key’s headers are edited with completions, a diff and Owl’s steps, then copied to another key', async ({
  page,
  openUrl
}) => {
  test.setTimeout(120_000)

  await test.step('create the vault, add the Owl Data Hub and record two of its keys', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    const added = await invoke<{ id: string }>(page, 'connections:add', {
      name: 'Owl products',
      kind: 'datahub',
      baseUrl: owl.url,
      settings: { exportPath: owl.exportPath },
      environment: 'prod'
    })
    expect(added.ok, added.error?.message).toBe(true)
    const connectionId = added.value?.id
    for (const [index, name] of ['shop-export', 'partner-export'].entries()) {
      const recorded = await invoke(page, 'keys:record', {
        connectionId,
        name,
        secret: owl.credentials[index],
        headers:
          index === 0
            ? [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }]
            : []
      })
      expect(recorded.ok, recorded.error?.message).toBe(true)
    }
  })

  const panel = page.getByRole('complementary', { name: 'shop-export' })
  const dialog = page.getByRole('dialog', { name: 'Response headers of shop-export' })

  await test.step('open the key and its header editor', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await expect(keysCount(page)).toHaveText('2 keys')
    await openKeyPanel(page, grid(page).getByRole('row', { name: /shop-export/ }), 'shop-export')
    await panel
      .getByRole('toolbar', { name: 'Key actions' })
      .getByRole('button', { name: 'Edit headers…' })
      .click()
    await expect(dialog).toBeVisible()
    await expect(dialog.getByText('No changes yet.')).toBeVisible()
  })

  await test.step('add a header by keyboard, the placeholder picked from the list', async () => {
    await dialog.getByRole('button', { name: 'Add header' }).click()
    const row = dialog.getByRole('group', { name: /^Header 2/ })
    await expect(row.getByRole('textbox', { name: 'Name' })).toBeFocused()
    await page.keyboard.type('X Offset')
    const value = row.getByRole('combobox', { name: 'Value' })
    await value.focus()
    // Leaving the name shows why it is refused.
    await expect(row).toContainText('is not a header name: it holds a space')
    await row.getByRole('textbox', { name: 'Name' }).fill('X-Offset')
    await value.focus()
    await page.keyboard.type('${collection.meta.o')
    await expect(value).toHaveAttribute('aria-expanded', 'true')
    await expect(dialog.getByRole('option')).toHaveText([/\$\{collection\.meta\.offset\}/])
    await page.keyboard.press('Enter')
    await expect(value).toHaveValue('${collection.meta.offset}')
    await dialog
      .getByRole('group', { name: 'Header 1: X-Total-Count' })
      .getByRole('checkbox', { name: 'Not sent' })
      .check()
    await expect(dialog.getByRole('list', { name: 'Header changes' })).toContainText(
      'Add X-Offset: ${collection.meta.offset}'
    )
    const steps = dialog.getByRole('region', { name: 'Changes for Owl’s console' })
    await expect(steps.getByRole('listitem')).toHaveText([
      'In Owl, open the API key shop-export and go to its response headers.',
      'Mark X-Total-Count with a check (Owl stops sending it).',
      'Add a header named X-Offset with the value ${collection.meta.offset}, leaving its check empty (sent).',
      'Save the API key in Owl.'
    ])
  })

  await test.step('axe finds nothing serious in the dialog, light or dark', async () => {
    expect(await dialogFindings(page)).toEqual([])
  })

  await test.step('apply: Hubkeys’ record changes and the steps stay to be followed', async () => {
    await dialog.getByRole('button', { name: 'Apply' }).click()
    await expect(dialog.getByRole('status')).toContainText('Saved in Hubkeys’ record')
    await expect(dialog.getByRole('region', { name: 'Changes for Owl’s console' })).toBeVisible()
    await expect(panel).toContainText('X-Offset')
    await expect(panel).toContainText('(not sent)')
  })

  await test.step('copy the set to the other key: preview, then a result per key', async () => {
    await dialog.getByRole('button', { name: 'Copy to other keys…' }).click()
    const copy = page.getByRole('dialog', { name: 'Copy headers of shop-export' })
    await copy.getByRole('checkbox', { name: /partner-export/ }).check()
    await copy.getByRole('button', { name: 'Preview for 1 key' }).click()
    await expect(
      copy.getByRole('region', { name: 'Changes for Owl’s console: partner-export' })
    ).toContainText('Add a header named X-Offset')
    expect(await dialogFindings(page)).toEqual([])
    await copy.getByRole('button', { name: 'Copy to 1 key' }).click()
    await expect(copy.getByRole('list', { name: 'Results' })).toContainText('Copied (2 changes)')
    await copy.getByRole('button', { name: 'Close' }).last().click()
    await expect(copy).toHaveCount(0)
  })

  await test.step('the other key now carries the set', async () => {
    const key = await invoke<{ rows: { id: string; name: string }[] }>(page, 'keys:query', {
      search: 'partner-export'
    })
    const id = key.value?.rows[0]?.id
    const detail = await invoke<{ headers: unknown[] }>(page, 'keys:get', { id })
    expect(detail.value?.headers).toEqual([
      { name: 'X-Total-Count', value: '${collection.meta.count}', enabled: false },
      { name: 'X-Offset', value: '${collection.meta.offset}', enabled: true }
    ])
  })
})
