// Playwright fixtures (node side): a web-mode server per spec file, and a guard that fails any test whose pages hit CSP violations or errors.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test'
import { spawnWebMode, type WebModeProcess } from '../helpers/spawn-web-mode'

/** Something a page did that a healthy Hubkeys page never does. */
export interface PageProblem {
  kind: 'csp' | 'console' | 'pageerror' | 'crash'
  text: string
  url: string
}

export interface PageProblems {
  /** What every page of this test's context reported so far. */
  readonly seen: readonly PageProblem[]
  /**
   * Declares a problem the test provokes on purpose (matched against `kind: text`). It then does
   * not fail the test, but it must happen: an expected refusal that never shows up fails it instead.
   */
  expect(pattern: RegExp): void
}

export interface WebMode {
  url: string
  /** The address web mode printed, with the per-run token in the fragment. */
  openUrl: string
  port: number
  token: string
}

/**
 * The few browser globals the specs touch inside `page.evaluate`. The node tsconfig has no DOM lib
 * (so Node code cannot use `window` by accident); callbacks cast `globalThis` to this instead.
 */
export interface BrowserGlobals {
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: {
        violatedDirective: string
        blockedURI: string
        sourceFile: string
        lineNumber: number
      }) => void,
      capture: boolean
    ): void
    createElement(tag: 'img'): { src: string }
    body: { append(node: unknown): void }
  }
  location: { href: string; host: string }
  sessionStorage: { getItem(key: string): string | null }
  WebSocket: new (
    url: string,
    protocols?: string[]
  ) => {
    onopen: (() => void) | null
    onclose: ((event: { code: number }) => void) | null
    close(): void
  }
  api?: {
    invoke(channel: string, payload: unknown): Promise<unknown>
  }
  __hubkeysReportProblem?: (kind: 'csp', text: string) => void
}

interface ServerPerFile {
  forFile(file: string): Promise<WebModeProcess>
}

const bindingName = '__hubkeysReportProblem'

/** Runs in every page before its own scripts; forwards CSP violations to the test process. */
function listenForViolations(): void {
  const page = globalThis as unknown as BrowserGlobals
  page.document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      const text = `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile || '?'}:${event.lineNumber}`
      if (page.__hubkeysReportProblem) page.__hubkeysReportProblem('csp', text)
      // Without the binding the report still lands in the console guard.
      else console.error(`CSP violation: ${text}`)
    },
    true
  )
}

const label = (problem: PageProblem) => `${problem.kind}: ${problem.text}`

/**
 * What fails a test: problems nobody declared, and declared problems that never happened. The
 * guard's teardown asserts both lists are empty; guard.spec.ts checks this function directly.
 */
export const judgeProblems = (
  seen: readonly PageProblem[],
  expected: readonly RegExp[]
): { unexpected: string[]; missing: string[] } => ({
  unexpected: seen
    .filter((problem) => !expected.some((re) => re.test(label(problem))))
    .map((problem) => `${label(problem)} (on ${problem.url})`),
  missing: expected.filter((re) => !seen.some((problem) => re.test(label(problem)))).map(String)
})

const guardContext = async (context: BrowserContext, record: (problem: PageProblem) => void) => {
  await context.exposeBinding(bindingName, ({ page }, kind: 'csp', text: string) =>
    record({ kind, text: String(text), url: page.url() })
  )
  await context.addInitScript(listenForViolations)
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error')
        record({ kind: 'console', text: message.text(), url: page.url() })
    })
    page.on('pageerror', (error) =>
      record({ kind: 'pageerror', text: String(error), url: page.url() })
    )
    page.on('crash', () => record({ kind: 'crash', text: 'the page crashed', url: page.url() }))
  }
  context.pages().forEach(watch)
  context.on('page', watch)
}

export const test = base.extend<
  { webMode: WebMode; openUrl: string; pageProblems: PageProblems },
  { serverPerFile: ServerPerFile }
>({
  // One server per spec file (fresh data folder), started lazily and stopped when the next file
  // in this worker begins or the worker ends.
  serverPerFile: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads dependencies from this pattern; there are none.
    async ({}, use) => {
      let current: { file: string; server: WebModeProcess } | undefined
      const stop = async () => {
        if (!current) return
        const { server } = current
        current = undefined
        const end = await server.stop('SIGTERM')
        if (end.code !== 0) {
          throw new Error(
            `web mode exited with ${end.code ?? end.signal}: ${server.stderr().trim()}`
          )
        }
      }
      await use({
        async forFile(file) {
          if (current?.file === file) return current.server
          await stop()
          current = { file, server: await spawnWebMode() }
          return current.server
        }
      })
      await stop()
    },
    { scope: 'worker' }
  ],

  webMode: async ({ serverPerFile }, use, testInfo) => {
    const server = await serverPerFile.forFile(testInfo.file)
    const token = new URL(server.openUrl).hash.replace(/^#token=/, '')
    await use({ url: server.url, openUrl: server.openUrl, port: server.port, token })
  },

  openUrl: async ({ webMode }, use) => {
    await use(webMode.openUrl)
  },

  // Automatic: every test, whether or not it names this fixture, fails on a CSP violation, a
  // console error, an uncaught page error or a crash in any page of its context.
  pageProblems: [
    async ({ context }, use) => {
      const seen: PageProblem[] = []
      const expected: RegExp[] = []
      await guardContext(context, (problem) => seen.push(problem))

      await use({
        seen,
        expect(pattern) {
          expected.push(pattern)
        }
      })

      // Round-trip each open page so reports already sent reach this process before judging.
      for (const page of context.pages()) {
        await page.evaluate(() => undefined).catch(() => undefined)
      }
      const verdict = judgeProblems(seen, expected)
      expect(verdict.unexpected, 'CSP violations, console errors or page errors').toEqual([])
      expect(verdict.missing, 'problems the test provoked but that never happened').toEqual([])
    },
    { auto: true }
  ]
})

export { expect }
