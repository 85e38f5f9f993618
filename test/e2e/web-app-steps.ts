// Shared Playwright steps and locators for the web-mode specs: create the vault, add a simulated hub (Cycle through its dialog, any kind through the bridge), call the bridge.
import type { Locator, Page } from '@playwright/test'
import type { CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, type BrowserGlobals } from './fixtures'

/** Argon2id runs with the shipped parameters here: allow for a slow, busy machine. */
export const derive = { timeout: 20_000 }

export const sidebar = (page: Page) => page.getByRole('complementary').first()
export const grid = (page: Page) => page.getByRole('grid', { name: 'Keys' })
export const keysCount = (page: Page) => page.getByTestId('keys-count')
export const filters = (page: Page) => page.getByRole('toolbar', { name: 'Filters' })

/** Calls a contract channel through the page's own bridge, as the renderer would. */
export const invoke = <T>(page: Page, channel: string, payload: unknown) =>
  page.evaluate(
    async ([name, body]) => {
      const api = (globalThis as unknown as BrowserGlobals).api
      if (!api) throw new Error('no window.api')
      return (await api.invoke(name as string, body)) as { ok: boolean; value?: unknown }
    },
    [channel, payload] as const
  ) as Promise<{ ok: boolean; value?: T; error?: { message: string } }>

/** When the newest sync of any connection ended (epoch ms, 0 when none has run). */
export const lastRunAt = async (page: Page): Promise<number> => {
  const status = await invoke<{ connections: { lastRunAt: number | null }[] }>(
    page,
    'sync:status',
    {}
  )
  return Math.max(0, ...(status.value?.connections ?? []).map((entry) => entry.lastRunAt ?? 0))
}

/** Creates the vault on the first-run screen and waits for the Overview. */
export const createVault = async (page: Page, password: string) => {
  await page.getByLabel('Master password', { exact: true }).fill(password)
  await page.getByLabel('Confirm master password').fill(password)
  await page.getByLabel('Confirm master password').press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible(derive)
}

/** Adds a simulated Cycle hub as a production connection and waits for its first sync. */
export const addCycleHub = async (page: Page, cycle: CycleFake, name = 'Acme production') => {
  await sidebar(page).getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: /^Cycle/ }).click()
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel('Address').fill(cycle.url)
  await dialog.getByLabel('Hub ID').fill(cycle.hubId)
  await dialog.getByLabel('API key', { exact: true }).fill(cycle.credential)
  await dialog.getByRole('radio', { name: 'Prod' }).check()
  await dialog.getByRole('button', { name: 'Add connection' }).click()
  await expect(dialog).toHaveCount(0)
  // The first sync starts by itself.
  await expect(
    sidebar(page).getByRole('button', { name: new RegExp(`^${name.slice(0, 16)}`) })
  ).toContainText('Synced just now')
}

/** What the bridge needs to add one simulated hub's connection (start-fake-hubs' `FakeConnection`). */
export interface BridgeConnection {
  kind: string
  name: string
  url: string
  credential: string | null
  settings: Record<string, unknown>
  environment: string
}

/**
 * Adds a simulated hub of any kind through the page's bridge (the contract the add dialog calls) and
 * waits for the sidebar to list it; returns its id. The dialog itself is covered by addCycleHub.
 */
export const addHubThroughBridge = async (page: Page, hub: BridgeConnection): Promise<string> => {
  const added = await invoke<{ id: string }>(page, 'connections:add', {
    name: hub.name,
    kind: hub.kind,
    baseUrl: hub.url,
    settings: hub.settings,
    environment: hub.environment,
    ...(hub.credential ? { credential: hub.credential } : {})
  })
  expect(added.ok, added.error?.message).toBe(true)
  await expect(
    sidebar(page).getByRole('button', { name: new RegExp(`^${hub.name.slice(0, 16)}`) })
  ).toBeVisible()
  return added.value!.id
}

/**
 * Opens a key's detail panel from its row: a click, then Enter. Retried as a whole because the
 * table may still be redrawing after a sync, and a redrawn row drops the focus the Enter needs.
 */
export const openKeyPanel = async (page: Page, row: Locator, name: string | RegExp) => {
  const panel = page.getByRole('complementary', { name })
  await expect(async () => {
    await row.click()
    await page.keyboard.press('Enter')
    await expect(panel).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
  return panel
}
