// End-to-end tests of the app shell in web mode (Chromium): version through the real bridge, reload, and the token guard.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { transport } from '../../src-main/contract/api'
import { contentSecurityPolicyFor, parseCspHashManifest } from '../../src-main/core/security/csp'
import { repoRoot } from '../helpers/spawn-web-mode'
import { expect, test, type BrowserGlobals } from './fixtures'

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string
}
/** The build's script hashes (global-setup builds first), which the served policy must carry. */
const { scripts } = parseCspHashManifest(
  readFileSync(join(repoRoot, 'out/renderer/csp-hashes.json'), 'utf8')
)

/** How a socket opened inside the page ended: `open`, or `closed <code>` when refused. */
const openFromPage = ({ path, offered }: { path: string; offered: string[] }) =>
  new Promise<string>((resolve) => {
    const page = globalThis as unknown as BrowserGlobals
    const ws = new page.WebSocket(`ws://${page.location.host}${path}`, offered)
    ws.onopen = () => {
      ws.close()
      resolve('open')
    }
    ws.onclose = (event) => resolve(`closed ${event.code}`)
  })

/** How a socket opened from Node ended: `open`, or the HTTP status it was refused with. */
const openFromNode = (url: string, protocols: string[], origin: string) =>
  new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { origin })
    ws.once('open', () => {
      ws.close()
      resolve('open')
    })
    ws.once('unexpected-response', (req, res) => {
      req.destroy()
      resolve(`refused ${res.statusCode}`)
    })
    ws.once('error', reject)
  })

test.describe('app shell in web mode', () => {
  test('shows the version from app:info through the web bridge', async ({ page, openUrl }) => {
    const response = await page.goto(openUrl)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toBe(
      contentSecurityPolicyFor({ scripts })
    )

    await expect(page.getByTestId('app-version')).toContainText(version)
    await expect(
      page.locator(`script[src="/web-bridge.js"][integrity="${scripts['web-bridge.js']}"]`)
    ).toHaveCount(1)

    // window.api is the bridge's: a ping goes over the socket and comes back with our nonce.
    const pong = await page.evaluate(() => {
      const api = (globalThis as unknown as BrowserGlobals).api
      return api ? api.invoke('app:ping', { nonce: 'from-e2e' }) : 'no window.api'
    })
    expect(pong).toMatchObject({ ok: true, value: { pong: true, nonce: 'from-e2e' } })
  })

  test("runs only the build's own scripts: one from this origin without its hash is refused", async ({
    page,
    openUrl,
    pageProblems
  }) => {
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toContainText(version)
    // Our own bridge file, served by our own server, but added without its integrity: under
    // 'self' it would run; under the hash policy neither the header nor the meta tag admits it.
    const ran = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          // The page's DOM, typed as far as this needs (the e2e tsconfig has no DOM lib).
          const page = globalThis as unknown as {
            document: {
              head: { append(node: unknown): void }
              createElement(tag: 'script'): {
                src: string
                onload: () => void
                onerror: () => void
              }
            }
          }
          const script = page.document.createElement('script')
          script.src = '/web-bridge.js?again'
          script.onload = () => resolve('ran')
          script.onerror = () => resolve('refused')
          page.document.head.append(script)
        })
    )
    expect(ran).toBe('refused')
    await expect
      .poll(() => pageProblems.seen.filter((problem) => problem.kind === 'csp').length)
      .toBe(2)
    pageProblems.expect(/^csp: script-src-elem blocked http:\/\/127\.0\.0\.1:\d+\/web-bridge\.js/)
    pageProblems.expect(/^console: .*web-bridge\.js.*Content Security Policy/)
  })

  test('answers bad calls from the page with envelopes and stays connected', async ({
    page,
    openUrl
  }) => {
    await page.goto(openUrl)
    await expect(page.getByTestId('app-version')).toContainText(version)
    const answers = await page.evaluate(async (maxBytes) => {
      const api = (globalThis as unknown as BrowserGlobals).api
      if (!api) return 'no window.api'
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      return {
        unknown: await api.invoke('nope:never', {}),
        cyclic: await api.invoke('app:ping', cyclic),
        // Under the cap in UTF-16 units, over it in UTF-8 bytes: must be refused before sending,
        // or the server closes the socket and every pending call fails.
        wide: await api.invoke('app:ping', { nonce: '\u20ac'.repeat(Math.ceil(maxBytes / 2.5)) }),
        after: await api.invoke('app:ping', { nonce: 'still-here' })
      }
    }, transport.maxMessageBytes)
    expect(answers).toMatchObject({
      unknown: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } },
      cyclic: { ok: false, error: { code: 'BAD_REQUEST' } },
      wide: { ok: false, error: { code: 'BAD_REQUEST', message: 'The request is too large.' } },
      after: { ok: true, value: { pong: true, nonce: 'still-here' } }
    })
  })

  test('keeps working after a reload, with the token out of the address bar', async ({
    page,
    webMode
  }) => {
    await page.goto(webMode.openUrl)
    await expect(page.getByTestId('app-version')).toContainText(version)
    // The bridge moved the token from the fragment into this tab's session storage.
    await expect(page).toHaveURL(webMode.url)
    const stored = await page.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('hubkeys.token')
    )
    expect(stored).toBe(webMode.token)

    await page.reload()
    await expect(page.getByTestId('app-version')).toContainText(version)
    await expect(page).toHaveURL(webMode.url)
  })

  test('shows a clear error, not a spinner, when opened without the token', async ({
    page,
    webMode
  }) => {
    await page.goto(webMode.url)
    await expect(page.getByRole('alert')).toContainText('opened without its access token')
    await expect(page.getByTestId('app-version')).toHaveCount(0)
  })

  test('refuses a socket the page opens without the token or with a wrong one', async ({
    page,
    webMode,
    pageProblems
  }) => {
    await page.goto(webMode.openUrl)
    await expect(page.getByTestId('app-version')).toContainText(version)
    const path = transport.wsPath
    const withToken = [transport.wsProtocol, `${transport.wsTokenPrefix}${webMode.token}`]
    const wrongToken = [transport.wsProtocol, `${transport.wsTokenPrefix}${'a'.repeat(64)}`]

    // Control: the same code with the token connects, so a refusal below is the guard's doing.
    expect(await page.evaluate(openFromPage, { path, offered: withToken })).toBe('open')
    expect(await page.evaluate(openFromPage, { path, offered: [transport.wsProtocol] })).toBe(
      'closed 1006'
    )
    expect(await page.evaluate(openFromPage, { path, offered: wrongToken })).toBe('closed 1006')
    // Chromium logs each refused handshake; its wording for a 401 is "HTTP Authentication failed".
    const refusal = /^console: WebSocket connection to .*\/api' failed: HTTP Authentication failed/
    pageProblems.expect(refusal)
    await expect
      .poll(() => pageProblems.seen.filter((p) => refusal.test(`${p.kind}: ${p.text}`)).length)
      .toBe(2)
  })

  test('refuses a socket from Node with a foreign Origin', async ({ webMode }) => {
    const url = `ws://127.0.0.1:${webMode.port}${transport.wsPath}`
    const offered = [transport.wsProtocol, `${transport.wsTokenPrefix}${webMode.token}`]
    expect(await openFromNode(url, offered, `http://127.0.0.1:${webMode.port}`)).toBe('open')
    expect(await openFromNode(url, offered, 'http://evil.example')).toBe('refused 403')
  })
})
