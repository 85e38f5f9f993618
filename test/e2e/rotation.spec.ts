// End-to-end test of key rotation in web mode (Chromium): rotate a Cycle key in one click from its detail panel, watch its progress, copy the new value; a failing verification leaves the old key live and removes the new one; a DCT connection's own credential regenerated from its panel with the one call's window explained and a recovery connection chosen; axe on the dialogs in both themes.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { createDctFake, type DctFake } from '../fakes/hubs/dct.fake'
import { expect, test } from './fixtures'
import {
  addCycleHub,
  addHubThroughBridge,
  createVault,
  grid,
  invoke,
  openKeyPanel,
  sidebar
} from './web-app-steps'

const password = 'copper lantern orbit 42'
let cycle: CycleFake
let dct: DctFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 41, tenants: 1, keysPerTenant: 8 })
  dct = await createDctFake({ seed: 42, keysPerTenant: 3 })
})

test.afterAll(async () => {
  await cycle?.close()
  await dct?.close()
})

// No motion, so axe never reads a colour still fading in after the theme switched or the dialog opened.
test.use({ reducedMotion: 'reduce' })

const hub = () => {
  const first = cycle.hubs[0]
  if (!first) throw new Error('the simulated Cycle has no hub')
  return first
}

/** A live key other than the connection's own credentials, not rotated yet. */
const liveKey = (skip: Set<string>) => {
  const key = hub().keys.find(
    (candidate) =>
      candidate.state === 'live' &&
      candidate.secret !== hub().adminSecret &&
      candidate.secret !== hub().limitedSecret &&
      !candidate.name.includes('[rot-') &&
      !skip.has(candidate.id)
  )
  if (!key) throw new Error('no live key to rotate')
  skip.add(key.id)
  return key
}

const openRotateDialog = async (page: Page, name: string) => {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Keys/ })
    .click()
  const panel = await openKeyPanel(
    page,
    grid(page).getByRole('row', { name: new RegExp(name) }),
    name
  )
  await panel
    .getByRole('toolbar', { name: 'Key actions' })
    .getByRole('button', { name: 'Rotate…' })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Rotate key' })
  await expect(dialog).toContainText('verifies it, then deletes the old key')
  return dialog
}

const axeOnDialog = (page: Page) => axeOn(page, '[role="dialog"]')

const axeOn = async (page: Page, selector: string) => {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    const results = await new AxeBuilder({ page }).include(selector).analyze()
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical'
    )
    expect(
      serious.flatMap((violation) =>
        violation.nodes.map(
          (node) =>
            `${theme}: ${violation.id} ${node.target.join(' ')} ${node.failureSummary ?? ''}`
        )
      )
    ).toEqual([])
  }
}

test("rotates a Cycle key in one click, shows its progress and copies the new value; a failed verification keeps the old key; a DCT connection's own credential is regenerated from its panel", async ({
  page,
  openUrl,
  context
}) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const used = new Set<string>()

  await test.step('create the vault and add the Cycle hub', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, cycle)
  })

  await test.step('rotate a key: the strategy first, then progress to Done, then copy', async () => {
    const old = liveKey(used)
    const dialog = await openRotateDialog(page, old.name)
    await axeOnDialog(page)
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click()
    const progress = dialog.getByRole('list', { name: 'Rotation progress' })
    await expect(progress).toContainText('New key verified')
    await expect(progress.getByRole('listitem').last()).toContainText('Done')
    const made = hub().keys.filter((key) => key.name.startsWith(`${old.name} [rot-`))
    expect(made.map((key) => key.state)).toEqual(['live'])
    expect(['deleting', 'deleted']).toContain(old.state)
    await dialog.getByRole('button', { name: 'Copy new value' }).click()
    await expect(dialog.getByRole('status')).toHaveText('Copied.')
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText()
      )
    ).toBe(made[0]?.secret)
    await axeOnDialog(page)
    await dialog.getByRole('button', { name: 'Close' }).first().click()
  })

  await test.step('the Rotation screen lists the journal and the policies; axe in both themes', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Rotation/ })
      .click()
    await expect(page.getByRole('heading', { level: 2, name: 'Journal' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Journal' })).toContainText('Done')
    await axeOn(page, 'main')
  })

  await test.step('a new key that fails verification is removed and the old one stays live', async () => {
    const old = liveKey(used)
    const dialog = await openRotateDialog(page, old.name)
    // The verification is the list request the new key makes right after its create.
    cycle.fail({ kind: 'status', status: 401 }, 1, /^GET \/v1\/hubs\/current\/api-keys$/)
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click()
    await expect(dialog.getByRole('alert')).toContainText('did not verify')
    await expect(dialog.getByRole('list', { name: 'Rotation progress' })).toContainText('Failed')
    expect(old.state).toBe('live')
    const made = hub().keys.filter((key) => key.name.startsWith(`${old.name} [rot-`))
    expect(made.length).toBe(1)
    expect(['deleting', 'deleted']).toContain(made[0]?.state)
    await dialog.getByRole('button', { name: 'Close' }).first().click()
    await expect(dialog).toBeHidden()
  })

  await test.step("regenerates a DCT connection's own credential from its panel, the window explained first", async () => {
    const [server] = dct.describeForDemo()
    const admin = dct.data.accounts.get(1)!
    const before = admin.token
    const dctHub = { ...server!, name: 'DCT lab', environment: 'dev' }
    const connectionId = await addHubThroughBridge(page, dctHub)
    await addHubThroughBridge(page, {
      ...dctHub,
      name: 'DCT lab recovery',
      credential: dct.servers[0]!.addAdmin('recovery-admin')
    })
    await sidebar(page).getByRole('button', { name: 'Settings of DCT lab', exact: true }).click()
    const panel = page.getByRole('dialog', { name: /DCT lab/ })
    await panel.getByRole('button', { name: 'Rotate credential…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Rotate credential' })
    await expect(dialog).toContainText('in one call (api-key-regenerate)')
    await expect(dialog).toContainText('Without a recovery connection nothing brings it back')
    await dialog
      .getByRole('combobox', { name: 'Recovery connection' })
      .selectOption({ label: 'DCT lab recovery' })
    await expect(dialog).toContainText('resets this account\'s key through "DCT lab recovery"')
    await axeOnDialog(page)
    expect(admin.token).toBe(before)
    await dialog.getByRole('button', { name: 'Regenerate' }).click()
    await expect(dialog.getByRole('status')).toContainText('Done')
    expect(admin.token).not.toBe(before)
    const tested = await invoke(page, 'connections:test', { id: connectionId })
    expect(tested.ok, tested.error?.message).toBe(true)
  })
})
