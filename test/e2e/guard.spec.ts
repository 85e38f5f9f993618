// Proves the automatic page guard of fixtures.ts works (Chromium): CSP violations and page errors are seen and would fail a test.
import { expect, judgeProblems, test, type BrowserGlobals } from './fixtures'

/** Loads an image from another origin, which `img-src 'self' data:` must block. */
const breakTheCsp = () => {
  const page = globalThis as unknown as BrowserGlobals
  const img = page.document.createElement('img')
  img.src = 'http://evil.example/pixel.png'
  page.document.body.append(img)
}

test.describe('page guard', () => {
  test('sees a CSP violation and would fail the test unless it was declared', async ({
    page,
    openUrl,
    pageProblems
  }) => {
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toBeVisible()
    expect(pageProblems.seen).toEqual([])

    await page.evaluate(breakTheCsp)
    // Both the securitypolicyviolation event and Chromium's own console report arrive, once per
    // policy that blocks the image: the response header's and index.html's meta tag's.
    await expect
      .poll(() => pageProblems.seen.map((problem) => problem.kind).sort())
      .toEqual(['console', 'console', 'csp', 'csp'])
    const undeclared = judgeProblems(pageProblems.seen, [])
    const consoleReport = expect.stringMatching(
      /^console: .*http:\/\/evil\.example\/pixel\.png.*Content Security Policy/
    )
    const cspReport = expect.stringMatching(
      /^csp: img-src blocked http:\/\/evil\.example\/pixel\.png/
    )
    expect([...undeclared.unexpected].sort()).toEqual([
      consoleReport,
      consoleReport,
      cspReport,
      cspReport
    ])

    // Declared, they no longer fail the test (the teardown judges with these patterns).
    const declared = [
      /^csp: img-src blocked http:\/\/evil\.example\//,
      /^console: .*Content Security Policy/
    ]
    declared.forEach((pattern) => pageProblems.expect(pattern))
    expect(judgeProblems(pageProblems.seen, declared)).toEqual({ unexpected: [], missing: [] })
  })

  test('sees an uncaught page error', async ({ page, openUrl, pageProblems }) => {
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toBeVisible()
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('uncaught in the page')
      }, 0)
    })
    await expect
      .poll(() => judgeProblems(pageProblems.seen, []).unexpected)
      .toEqual([expect.stringMatching(/^pageerror: .*uncaught in the page/)])
    pageProblems.expect(/^pageerror: .*uncaught in the page/)
  })

  test('fails a test whose declared problem never happens', ({ pageProblems }) => {
    const verdict = judgeProblems(pageProblems.seen, [/^csp: never/])
    expect(verdict).toEqual({ unexpected: [], missing: ['/^csp: never/'] })
  })
})
