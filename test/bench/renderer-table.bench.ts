// Benchmark: the key table in Chromium over web mode with 100,000 cached keys: time to first rows and scroll frame times; run by the bench runner under Node.
import { chromium, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import { createAppCore } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { spawnWebMode, ensureBuilt } from '../helpers/spawn-web-mode'
import { seedInventory } from '../integration/inventory/inventory-seed'
import { roundMs, summarise, type Metrics } from './bench-metrics'

const keyCount = 100_000
const password = 'renderer benchmark vault'
/** Cold opens of the Keys screen (page reloaded each time); the median is reported. */
const openRuns = 5
/** Pixels scrolled per frame: about six rows, a fast flick through the table. */
const scrollStep = 200
const scrollFrames = 600

/** A vault made by the real vault code at the minimum KDF cost, so unlocking takes milliseconds. */
const createVault = async (dataDir: string): Promise<void> => {
  const stores = openSqliteStores({ dataDir })
  const core = createAppCore({
    facts: { name: 'Hubkeys', version: 'bench', mode: 'web', dataDir, platform: process.platform },
    stores,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ theme: 'light', idleMinutes: 0, clipboardSeconds: 30 }),
    kdfParams: { ...minimumKdfParams }
  })
  try {
    const created = (await core.dispatch('vault:create', { password }, { transport: 'test' })) as {
      ok: boolean
      error?: { message: string }
    }
    if (!created.ok) throw new Error(`vault:create failed: ${created.error?.message}`)
  } finally {
    await core.close()
    stores.close()
  }
}

/** The few browser globals the page functions touch; the node tsconfig has no DOM lib. */
interface PageGlobals {
  document: {
    querySelector(selector: string): { scrollTop: number; scrollHeight: number } | null
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; click(): void }>
    body: unknown
  }
  performance: { now(): number }
  requestAnimationFrame(callback: (at: number) => void): void
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void
    disconnect(): void
  }
}

/** Clicks "Keys" in the sidebar and resolves with the ms until a frame shows the first rows. */
const timeFirstRows = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals
        const nav = Array.from(g.document.querySelectorAll('nav[aria-label="Screens"] button'))
        const keys = nav.find((button) => button.textContent?.startsWith('Keys'))
        if (!keys) return reject(new Error('no Keys item in the sidebar'))
        const started = g.performance.now()
        const painted = () => g.requestAnimationFrame(() => resolve(g.performance.now() - started))
        const observer = new g.MutationObserver(() => {
          if (!g.document.querySelector('[role="row"][data-key-id]')) return
          observer.disconnect()
          painted()
        })
        observer.observe(g.document.body, { childList: true, subtree: true })
        keys.click()
      })
  )

/** Scrolls the table `frames` frames by `step` px each and returns every frame's interval. */
const scrollFramesOf = (page: Page, frames: number, step: number) =>
  page.evaluate(
    ([count, px]) =>
      new Promise<{ deltas: number[]; rows: number }>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals
        const grid = g.document.querySelector('[role="grid"]')
        if (!grid) return reject(new Error('no key table'))
        const deltas: number[] = []
        let last = -1
        let left = count
        const frame = (at: number) => {
          if (last >= 0) deltas.push(at - last)
          last = at
          if (left-- <= 0) return resolve({ deltas, rows: Math.round(grid.scrollTop / 32) })
          grid.scrollTop += px
          g.requestAnimationFrame(frame)
        }
        g.requestAnimationFrame(frame)
      }),
    [frames, step] as const
  )

/**
 * Seeds a data folder with a vault and 100,000 keys over seven connections, serves it in web
 * mode, unlocks in Chromium, then:
 * - `renderer_first_rows_ms`: from the click on "Keys" to the first frame showing rows, the
 *   page reloaded before each of five runs (median);
 * - `renderer_scroll_frame_p95_ms`: the table scrolled 200 px a frame for 600 frames, pages
 *   loading as it goes; Chromium runs with vsync and the frame-rate cap off, so each
 *   requestAnimationFrame interval is the time the page took to produce that frame (p95).
 */
export async function run(): Promise<Metrics> {
  ensureBuilt()
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-renderer-'))
  let server: Awaited<ReturnType<typeof spawnWebMode>> | undefined
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-frame-rate-limit',
      '--disable-gpu-vsync'
    ]
  })
  try {
    const phase = (label: string, since: number) =>
      console.log(
        `bench renderer-table: ${label} in ${((performance.now() - since) / 1000).toFixed(1)} s`
      )
    let since = performance.now()
    await createVault(dataDir)
    const { db } = openStore({ dataDir })
    seedInventory(db, { keys: keyCount, seed: 11 })
    db.close()
    phase('seeded 100,000 keys', since)
    server = await spawnWebMode(['--data-dir', dataDir])
    since = performance.now()

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; the
    // functions handed to page.evaluate run in the page, which has no such helper.
    await page.addInitScript('globalThis.__name = (fn) => fn')
    await page.goto(server.openUrl)
    await page.getByLabel('Master password', { exact: true }).fill(password)
    await page.getByLabel('Master password', { exact: true }).press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 30_000 })

    const opens: number[] = []
    for (let run = 0; run < openRuns; run += 1) {
      if (run > 0) {
        await page.reload()
        await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
      }
      // Let the frame settle (connections, hygiene counts) so the click is what is timed.
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(1000)
      opens.push(await timeFirstRows(page))
      const count = await page.getByTestId('keys-count').textContent()
      if (count !== '100,000 keys') throw new Error(`the table says ${count}`)
    }

    phase('opened the table', since)
    since = performance.now()
    // Warm up (the first pages, the JIT), back to the top, then the measured scroll.
    await scrollFramesOf(page, 60, scrollStep)
    await page.evaluate(() => {
      const grid = (globalThis as unknown as PageGlobals).document.querySelector('[role="grid"]')
      if (grid) grid.scrollTop = 0
    })
    await page.waitForTimeout(500)
    const scrolled = await scrollFramesOf(page, scrollFrames, scrollStep)
    if (scrolled.rows < 2000) throw new Error(`the table scrolled only ${scrolled.rows} rows`)
    const frames = summarise(scrolled.deltas)
    phase('scrolled', since)

    return {
      renderer_first_rows_ms: { value: roundMs(summarise(opens).median), unit: 'ms' },
      renderer_scroll_frame_p95_ms: { value: roundMs(frames.p95), unit: 'ms' },
      renderer_scroll_frame_median_ms: { value: roundMs(frames.median), unit: 'ms' },
      renderer_scroll_rows: { value: scrolled.rows, unit: 'rows' }
    }
  } finally {
    await browser.close()
    await server?.stop('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
