// Proves the automatic page guard of fixtures.ts works (Chromium): CSP violations and page errors are seen and fail a test.
import { expect, test, type BrowserGlobals } from './fixtures'

/** Loads an image from another origin, which `img-src 'self' data:` must block. */
const breakTheCsp = () => {
  const page = globalThis as unknown as BrowserGlobals
  const img = page.document.createElement('img')
  img.src = 'http://evil.example/pixel.png'
  page.document.body.append(img)
}

test.describe('page guard', () => {
  test('sees a CSP violation through the securitypolicyviolation event', async ({
    page,
    openUrl,
    pageProblems
  }) => {
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toBeVisible()
    expect(pageProblems.seen).toEqual([])

    pageProblems.expect(/^csp: img-src blocked http:\/\/evil\.example\/pixel\.png/)
    // Chromium also logs the refusal to the console, which the guard counts as an error too.
    pageProblems.expect(/^console: .*Content Security Policy/)
    await page.evaluate(breakTheCsp)
    await expect
      .poll(() => pageProblems.seen.map((problem) => problem.kind).sort())
      .toEqual(['console', 'csp'])
  })

  test('fails a test whose page breaks the CSP without expecting it', async ({ page, openUrl }) => {
    // The guard's teardown must turn this otherwise passing test into a failure.
    test.fail()
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toBeVisible()
    await page.evaluate(breakTheCsp)
  })

  test('fails a test whose page throws', async ({ page, openUrl }) => {
    test.fail()
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toBeVisible()
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('uncaught in the page')
      }, 0)
    })
    // Let the timer fire; the guard's teardown then round-trips the page before judging.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 10)))
  })
})
