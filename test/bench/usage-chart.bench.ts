// Benchmark: 131,487 minute buckets of one key read from the usage cache, sent over the contract and drawn by the app in Chromium, beside uPlot alone drawing the same data in the same browser; run by the bench runner under Node.
import { chromium, type Page } from '@playwright/test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import type { UsagePoint } from '../../src-main/contract/hubs.contract'
import { createAppCore } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { spawnWebMode, ensureBuilt } from '../helpers/spawn-web-mode'
import { roundMs, summarise, type Metrics } from './bench-metrics'

/** Optidash's 90-day minute series (issue 12). */
const buckets = 131_487
const password = 'usage chart benchmark vault'
const runs = 7
const minute = 60_000

/** A vault, an Optidash connection, one recorded key and its 131,487 cached minute buckets. */
const seed = async (dataDir: string): Promise<void> => {
  const stores = openSqliteStores({ dataDir })
  const core = createAppCore({
    facts: { name: 'Hubkeys', version: 'bench', mode: 'web', dataDir, platform: process.platform },
    stores,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ theme: 'light', idleMinutes: 0, clipboardSeconds: 30 }),
    kdfParams: { ...minimumKdfParams }
  })
  const call = async (channel: string, payload: unknown) => {
    const result = (await core.dispatch(channel as never, payload as never, {
      transport: 'test'
    })) as { ok: boolean; value?: unknown; error?: { message: string } }
    if (!result.ok) throw new Error(`${channel} failed: ${result.error?.message}`)
    return result.value as Record<string, unknown>
  }
  try {
    await call('vault:create', { password })
    const connection = await call('connections:add', {
      name: 'Optidash bench',
      kind: 'optidash',
      baseUrl: 'https://optidash.invalid/1.0',
      credential: 'bench-master-key'
    })
    const key = await call('keys:record', {
      connectionId: connection.id,
      name: 'bench-key',
      secret: 'bench-key-value'
    })
    const end = Math.floor(Date.now() / minute) * minute
    const start = end - (buckets - 1) * minute
    const points: UsagePoint[] = new Array<UsagePoint>(buckets)
    for (let i = 0; i < buckets; i += 1) {
      const requests = (i * 7919) % 97
      points[i] = { at: start + i * minute, requests, bytes: requests * 20_000 }
    }
    stores.usage.merge(
      {
        connectionId: connection.id as string,
        scope: 'key',
        subject: key.localId as string,
        interval: 'minute'
      },
      points,
      { from: start, to: end + minute, fetchedAt: Date.now(), oddities: [] }
    )
  } finally {
    await core.close()
    stores.close()
  }
}

/** The few browser globals the page functions touch; the node tsconfig has no DOM lib. */
interface PageGlobals {
  document: {
    querySelector(selector: string): {
      value: string
      dispatchEvent(event: unknown): boolean
      clientWidth: number
    } | null
  }
  Event: new (type: string, init: { bubbles: boolean }) => unknown
  performance: {
    now(): number
    clearMarks(): void
    getEntriesByName(name: string): { startTime: number }[]
  }
  requestAnimationFrame(callback: (at: number) => void): void
  uPlot: new (options: unknown, data: unknown, target: unknown) => { destroy(): void }
}

/**
 * Switches the open key's usage interval to minute and resolves with the ms until the chart's
 * draw hook ran: the read from the store, the contract (the web bridge's socket), the renderer's
 * data shaping and uPlot's draw.
 */
const timeAppDraw = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals
        const select = g.document.querySelector('select[aria-label="Usage interval"]')
        if (!select) return reject(new Error('no usage interval picker'))
        g.performance.clearMarks()
        const started = g.performance.now()
        select.value = 'minute'
        select.dispatchEvent(new g.Event('change', { bubbles: true }))
        const poll = () => {
          const drawn = g.performance.getEntriesByName('hubkeys:usage-chart-drawn')[0]
          if (drawn) return resolve(drawn.startTime - started)
          g.requestAnimationFrame(poll)
        }
        poll()
      })
  )

export async function run(): Promise<Metrics> {
  ensureBuilt()
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-usage-'))
  let server: Awaited<ReturnType<typeof spawnWebMode>> | undefined
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  })
  try {
    await seed(dataDir)
    server = await spawnWebMode(['--data-dir', dataDir])
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // tsx's keepNames wraps functions in `__name(...)`, which the page does not have.
    await page.addInitScript('globalThis.__name = (fn) => fn')
    await page.goto(server.openUrl)
    await page.getByLabel('Master password', { exact: true }).fill(password)
    await page.getByLabel('Master password', { exact: true }).press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 30_000 })
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Keys/ })
      .click()
    await page
      .getByRole('grid', { name: 'Keys' })
      .getByRole('row', { name: /bench-key/ })
      .click()
    await page.keyboard.press('Enter')
    const usage = page.getByRole('complementary', { name: 'bench-key' })
    await usage.getByRole('combobox', { name: 'Usage range' }).selectOption('0')
    await usage.getByTestId('usage-chart').locator('canvas').waitFor({ timeout: 60_000 })

    const width = await usage.getByTestId('usage-chart').evaluate((el) => el.clientWidth)

    // uPlot alone, same browser and run: the same columns, size and two-axis options.
    const series = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as { api: { invoke(c: string, p: unknown): Promise<unknown> } }
      ).api
      const connections = (await api.invoke('connections:list', {})) as {
        value: { id: string }[]
      }
      const connectionId = connections.value[0]?.id
      const view = (await api.invoke('usage:read', {
        connectionId,
        target: { kind: 'connection' },
        interval: 'minute',
        from: 0
      })) as {
        value: {
          series: {
            at: Float64Array | { start: number; step: number; count: number }
            requests: Float64Array
            bytes: Float64Array
          }[]
        }
      }
      const s = view.value.series[0]
      if (!s) return []
      // The contract sends evenly spaced starts compactly; the app expands them to a Float64Array
      // (usageTimes), so uPlot alone gets the same column types the app gives it.
      const at = s.at
      const times =
        at instanceof Float64Array
          ? at
          : Float64Array.from({ length: at.count }, (_, i) => at.start + i * at.step)
      return [times, s.requests, s.bytes]
    })
    if (series[0]?.length !== buckets)
      throw new Error(`the cache holds ${series[0]?.length ?? 0} buckets, not ${buckets}`)
    const bare = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await bare.addInitScript('globalThis.__name = (fn) => fn')
    await bare.setContent('<div id="chart"></div>')
    const require = createRequire(import.meta.url)
    await bare.addScriptTag({
      content: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8')
    })
    const timeAlone = () =>
      bare.evaluate(
        ([data, w]) =>
          new Promise<number>((resolve) => {
            const g = globalThis as unknown as PageGlobals
            const target = g.document.querySelector('#chart')
            const started = g.performance.now()
            const chart = new g.uPlot(
              {
                width: w,
                height: 220,
                ms: 1,
                scales: { x: { time: true }, requests: { auto: true }, bytes: { auto: true } },
                axes: [{}, { scale: 'requests' }, { scale: 'bytes', side: 1 }],
                series: [
                  {},
                  { scale: 'requests', stroke: 'blue', points: { show: false } },
                  { scale: 'bytes', stroke: 'red', points: { show: false } }
                ],
                hooks: {
                  draw: [
                    () => {
                      resolve(g.performance.now() - started)
                      queueMicrotask(() => chart.destroy())
                    }
                  ]
                }
              },
              data,
              target
            )
          }),
        [series, width] as const
      )

    // Interleaved, one of each per round, so both see the same load of a shared machine.
    const app: number[] = []
    const alone: number[] = []
    for (let i = 0; i < runs; i += 1) {
      await usage.getByRole('combobox', { name: 'Usage interval' }).selectOption('hour')
      await usage.getByTestId('usage-chart').locator('canvas').waitFor()
      await page.waitForTimeout(300)
      app.push(await timeAppDraw(page))
      alone.push(await timeAlone())
    }
    return {
      usage_chart_131k_ms: { value: roundMs(summarise(app).median), unit: 'ms' },
      usage_chart_131k_uplot_ms: { value: roundMs(summarise(alone).median), unit: 'ms' }
    }
  } finally {
    await browser.close()
    await server?.stop('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
