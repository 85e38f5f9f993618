// End-to-end test of copy and reveal in web mode (Chromium, clipboard permissions granted): copy a key, read the clipboard, see it cleared after a short Settings delay, axe on the open menu in both themes, reveal then hide.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createCycleFake, type CycleFake } from '../fakes/hubs/cycle.fake'
import { expect, test } from './fixtures'
import { addCycleHub, createVault, grid, invoke, openKeyPanel } from './web-app-steps'

const password = 'copper meadow signal 58'
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21aa']

/** The browser globals this spec reads (the node tsconfig has no DOM lib). */
interface ClipboardGlobals {
  navigator: { clipboard: { readText(): Promise<string> } }
  dispatchEvent(event: unknown): boolean
  Event: new (type: string) => unknown
  matchMedia(query: string): { matches: boolean }
}

const readClipboard = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as ClipboardGlobals).navigator.clipboard.readText())

let cycle: CycleFake

test.beforeAll(async () => {
  cycle = await createCycleFake({ seed: 58, tenants: 1, keysPerTenant: 6 })
})

test.afterAll(async () => {
  await cycle?.close()
})

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })

test('copies a key to the clipboard, clears it after the delay, and reveals it for a while', async ({
  page,
  context,
  openUrl
}) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(openUrl).origin
  })
  let secret = ''
  const name = 'copy-me'

  await test.step('create the vault, add the Cycle hub, make a key whose value Hubkeys holds', async () => {
    await page.goto(openUrl)
    await createVault(page, password)
    await addCycleHub(page, cycle)
    const connections = await invoke<{ id: string }[]>(page, 'connections:list', {})
    const connectionId = connections.value?.[0]?.id
    const role = cycle.hubs[0]?.roles.find((candidate) => candidate.name === 'Developer')
    const created = await invoke<{ secret: string }>(page, 'keys:create', {
      connectionId,
      name,
      role: role?.id,
      showSecret: true
    })
    expect(created.ok, created.error?.message).toBe(true)
    secret = created.value?.secret ?? ''
    expect(secret).not.toBe('')
    // The shortest delay Settings allows, so the test sees the clearing.
    const prefs = await invoke(page, 'prefs:set', { clipboardSeconds: 5 })
    expect(prefs.ok).toBe(true)
  })

  await test.step('open the key', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    const search = page.getByRole('searchbox', { name: 'Search keys across hubs' })
    await search.fill(name)
    await search.press('Enter')
    await openKeyPanel(page, grid(page).getByRole('row', { name: new RegExp(name) }), name)
  })

  const panel = () => page.getByRole('complementary', { name })
  const toasts = () => page.getByRole('log', { name: 'Notifications' })

  await test.step('copy the value: the clipboard holds it, the toast says when it clears', async () => {
    await panel().getByRole('button', { name: 'Copy', exact: true }).click()
    await expect(toasts()).toContainText('Copied. Clipboard clears in 5 s.')
    expect(await readClipboard(page)).toBe(secret)
  })

  await test.step('after the delay the clipboard is empty', async () => {
    await expect.poll(() => readClipboard(page), { timeout: 15_000 }).toBe('')
    await expect(toasts()).toContainText('Clipboard cleared.')
  })

  await test.step('the menu copies the Authorization header by keyboard; axe finds nothing serious in either theme', async () => {
    const toggle = panel().getByRole('button', { name: 'More ways to copy' })
    await toggle.focus()
    await page.keyboard.press('ArrowDown')
    const menu = page.getByRole('menu', { name: 'Copy as' })
    await expect(menu).toBeVisible()
    await expect(menu.getByRole('menuitem').first()).toBeFocused()
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              (globalThis as unknown as ClipboardGlobals).matchMedia('(prefers-color-scheme: dark)')
                .matches
          )
        )
        .toBe(theme === 'dark')
      const results = await new AxeBuilder({ page })
        .withTags(wcagTags)
        .include('[role="toolbar"][aria-label="Key actions"]')
        .analyze()
      const serious = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical'
      )
      expect(
        serious.map((violation) => `${theme}: ${violation.id} ${violation.nodes[0]?.target}`)
      ).toEqual([])
    }
    await page.keyboard.press('Enter')
    await expect(menu).toHaveCount(0)
    await expect(toggle).toBeFocused()
    await expect.poll(() => readClipboard(page)).toBe(`Authorization: Bearer ${secret}`)
  })

  await test.step('reveal shows the value, and leaving the window hides it', async () => {
    await panel().getByRole('button', { name: 'Reveal' }).click()
    const value = panel().getByRole('group', { name: 'Key value' })
    await expect(value).toContainText(secret)
    await page.evaluate(() => {
      const page = globalThis as unknown as ClipboardGlobals
      page.dispatchEvent(new page.Event('blur'))
    })
    await expect(value).toHaveCount(0)
    await expect(panel()).not.toContainText(secret)
  })
})
