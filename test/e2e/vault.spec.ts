// End-to-end test of the vault in web mode (Chromium): create, lock (button, Ctrl+L), a wrong password, unlock, change it, theme.
import type { Locator, Page } from '@playwright/test'
import { expect, test, type BrowserGlobals } from './fixtures'

const first = 'violet harbour lantern 42'
const second = 'granite meadow compass 97'
const wrong = 'not the right one at all'

/** Argon2id runs with the shipped parameters here (64 MiB, t=3): allow for a slow, busy machine. */
const derive = { timeout: 20_000 }

/** What main says about the vault, asked through the page's own bridge. */
const vaultStatus = (page: Page) =>
  page.evaluate(async () => {
    const api = (globalThis as unknown as BrowserGlobals).api
    if (!api) throw new Error('no window.api')
    return (await api.invoke('vault:status', {})) as {
      ok: boolean
      value?: { state: string; failures: number }
    }
  })

const selection = (input: Locator) =>
  input.evaluate((element) => {
    const field = element as unknown as { selectionStart: number; selectionEnd: number }
    return [field.selectionStart, field.selectionEnd]
  })

const unlockHeading = (page: Page) => page.getByRole('heading', { name: 'Unlock your vault' })
/** The app frame, whichever screen it shows: the lock button is in its header. */
const unlocked = (page: Page) => page.getByRole('button', { name: 'Lock', exact: true })
const masterPassword = (page: Page) => page.getByLabel('Master password', { exact: true })

const unlockWith = async (page: Page, password: string) => {
  await masterPassword(page).fill(password)
  await masterPassword(page).press('Enter')
}

test.describe('vault in web mode', () => {
  test('create, lock, refuse a wrong password, unlock, change the password', async ({
    page,
    openUrl
  }) => {
    // Each key derivation takes about a second with the shipped parameters; there are eight.
    test.setTimeout(120_000)

    await test.step('first run creates the vault', async () => {
      await page.goto(openUrl)
      await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
      await expect(page.getByTestId('app-version')).toBeVisible()
      await expect(masterPassword(page)).toBeFocused()

      await masterPassword(page).fill('too short')
      await page.getByRole('button', { name: 'Create vault' }).click()
      await expect(page.getByText('Use at least 12 characters; this one has 9.')).toBeVisible()
      expect((await vaultStatus(page)).value?.state).toBe('absent')

      await masterPassword(page).fill(first)
      await page.getByLabel('Confirm master password').fill(first)
      await page.getByLabel('Confirm master password').press('Enter')
      await expect(unlocked(page)).toBeVisible(derive)
      expect((await vaultStatus(page)).value?.state).toBe('unlocked')
    })

    await test.step('the header button locks', async () => {
      const lock = page.getByRole('button', { name: 'Lock', exact: true })
      await expect(lock).toHaveAttribute('title', 'Lock (Ctrl+L)')
      await lock.click()
      await expect(unlockHeading(page)).toBeVisible()
      await expect(masterPassword(page)).toBeFocused()
      expect((await vaultStatus(page)).value?.state).toBe('locked')
    })

    await test.step('Ctrl+L locks from anywhere', async () => {
      await unlockWith(page, first)
      await expect(unlocked(page)).toBeVisible(derive)
      await page.getByRole('button', { name: /^Settings/ }).click()
      await page.keyboard.press('Control+L')
      await expect(unlockHeading(page)).toBeVisible()
      expect((await vaultStatus(page)).value?.state).toBe('locked')
    })

    await test.step('a wrong password is refused, and nothing is lost', async () => {
      await unlockWith(page, wrong)
      await expect(page.getByRole('alert')).toContainText('Wrong master password.', derive)
      const input = masterPassword(page)
      await expect(input).toHaveValue(wrong)
      await expect(input).toBeFocused()
      expect(await selection(input)).toEqual([0, wrong.length])
      expect((await vaultStatus(page)).value).toMatchObject({ state: 'locked', failures: 1 })

      // The vault is still there after a reload: the unlock screen, not the first run.
      await page.reload()
      await expect(unlockHeading(page)).toBeVisible()
      await unlockWith(page, first)
      await expect(unlocked(page)).toBeVisible(derive)
      expect((await vaultStatus(page)).value).toMatchObject({ state: 'unlocked', failures: 0 })
    })

    await test.step('settings change the master password', async () => {
      await page.getByRole('button', { name: /^Settings/ }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
      await page.getByLabel('Current master password', { exact: true }).fill(first)
      await page.getByLabel('New master password', { exact: true }).fill(second)
      await page.getByLabel('Confirm new master password').fill(second)
      await page.getByRole('button', { name: 'Change password' }).click()
      await expect(page.getByRole('status')).toContainText('Master password changed.', derive)
      await expect(page.getByLabel('Current master password', { exact: true })).toHaveValue('')
    })

    await test.step('after a lock only the new password unlocks', async () => {
      await page.getByRole('button', { name: 'Lock', exact: true }).click()
      await expect(unlockHeading(page)).toBeVisible()
      await unlockWith(page, first)
      await expect(page.getByRole('alert')).toContainText('Wrong master password.', derive)
      await unlockWith(page, second)
      await expect(unlocked(page)).toBeVisible(derive)
      expect((await vaultStatus(page)).value?.state).toBe('unlocked')
    })

    await test.step('settings apply the theme at once', async () => {
      await page.getByRole('button', { name: /^Settings/ }).click()
      const theme = page.getByRole('radiogroup', { name: 'Theme' })
      await theme.getByText('Dark').click()
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      await theme.getByText('System').click()
      await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/)
    })
  })
})
