// Benchmark: the key table in Chromium over web mode with 100,000 cached keys: time to first rows, scroll frame times beside a bare virtual list's, scrollbar jumps; run by the bench runner under Node.
import { chromium, type Page } from '@playwright/test'
import { build } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import { createAppCore } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { spawnWebMode, ensureBuilt } from '../helpers/spawn-web-mode'
import { seedInventory } from '../integration/inventory/inventory-seed'
import type { SqliteDb } from '../../src-main/adapters/sqlite/open-db'
import { keyStatusSchema } from '../../src-main/contract/hubs.contract'
import { roundMs, summarise, type Metrics } from './bench-metrics'
import type { BaselineRow } from './scroll-baseline-row'
import { frameCpuSplit, type FrameCpuSplit } from './frame-cpu-split'
import { applyVariant, removeVariant, scrollVariants, type ScrollVariant } from './scroll-variants'

const keyCount = 100_000
const password = 'renderer benchmark vault'
/** Cold opens of the Keys screen (page reloaded each time); the median is reported. */
const openRuns = 5
/** Pixels scrolled per frame: about six rows, a fast flick through the table. */
const scrollStep = 200
const scrollFrames = 600
/** Measured rounds: each scrolls the table, its diagnostic variants and the bare list once. */
const rounds = 3
/** Where the traced scroll of each page starts (after the rounds), and how many frames it takes. */
const tracedStartRow = 75_000
const tracedFrames = 300
/** The scrollbar drags, as fractions of the table, each from where the last one left it. */
const jumpFractions = [0.5, 0.93, 0.12, 0.71, 0.3, 0.99]

/**
 * Rows where each measured scroll starts, `count` of them: places no earlier scroll, jump or the
 * traced scroll has loaded, so every scroll of the table loads its pages as it goes.
 */
const freshStartRows = (count: number): number[] => {
  const span = Math.ceil((scrollFrames * scrollStep) / 32) + 250
  const taken: (readonly [number, number])[] = [
    // A jump loads the pages around the row it lands on.
    ...jumpFractions.map((fraction) => {
      const row = Math.round(fraction * keyCount)
      return [row - 1500, row + 1500] as const
    }),
    [tracedStartRow - 250, tracedStartRow + Math.ceil((tracedFrames * scrollStep) / 32) + 250]
  ]
  const starts: number[] = []
  for (let row = 2_000; starts.length < count; row += 250) {
    if (row + span > keyCount) throw new Error(`no room for ${count} fresh scrolls`)
    const clashes = [...taken, ...starts.map((start) => [start, start + span] as const)].some(
      ([from, to]) => row < to && row + span > from
    )
    if (!clashes) starts.push(row)
  }
  return starts
}

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
    querySelector(selector: string): {
      scrollTop: number
      scrollHeight: number
      clientWidth: number
      clientHeight: number
      getAttribute(name: string): string | null
    } | null
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; click(): void }>
    body: unknown
  }
  performance: { now(): number }
  requestAnimationFrame(callback: (at: number) => void): void
  innerHeight: number
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

/** The key table's default columns and widths: the select box, then key-columns.tsx's default set. */
const baselineWidths = [36, 240, 170, 88, 120, 112, 124, 116]
/** Name and Connection grow with a wide table (key-columns.tsx `grow`). */
const baselineGrows = [false, true, true, false, false, false, false, false]

/**
 * Every key's fields the default columns show, in the table's default order (name); the page words
 * them with the table's own formatters.
 */
const baselineRows = (db: SqliteDb): BaselineRow[] =>
  (
    db
      .prepare(
        `SELECT k.name, c.name AS connection, c.environment, k.status, k.expires_at, k.last_used_at,
           k.ip_rules FROM keys k JOIN connections c ON c.id = k.connection_id
         ORDER BY k.name COLLATE NOCASE, k.rowid`
      )
      .raw(true)
      .all() as [string, string, string, string, number | null, number | null, string][]
  ).map(([name, connection, environment, status, expiresAt, lastUsedAt, ipRules]) => {
    const rules = JSON.parse(ipRules) as string[] | null
    return [
      name,
      connection,
      environment,
      // As the table reads them: a status this build does not know shows as unknown.
      (keyStatusSchema.options as readonly string[]).includes(status) ? status : 'unknown',
      expiresAt,
      lastUsedAt,
      rules === null ? null : rules.length,
      rules?.some((rule) => rule.endsWith('/0')) ?? false
    ]
  })

/** The baseline page's script: scroll-baseline.page.tsx with React and TanStack Virtual, one file. */
const bundleBaseline = async (): Promise<string> => {
  const result = await build({
    entryPoints: [join(fileURLToPath(new URL('.', import.meta.url)), 'scroll-baseline.page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}

/** Puts the table (or the bare list) at row `row` and lets it settle before a measured scroll. */
const settleAt = async (target: Page, row: number): Promise<void> => {
  await target.evaluate((top) => {
    const grid = (globalThis as unknown as PageGlobals).document.querySelector('[role="grid"]')
    if (grid) grid.scrollTop = top
  }, row * 32)
  await target.waitForTimeout(500)
}

/**
 * Drags the scrollbar to `fraction` of the table in one move and resolves with the ms until the
 * row at the viewport's centre shows its key (not a placeholder) in a painted frame.
 */
const timeJump = (page: Page, fraction: number) =>
  page.evaluate(
    (to) =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals
        const grid = g.document.querySelector('[role="grid"]')
        if (!grid) return reject(new Error('no key table'))
        const target = Math.floor(((grid.scrollHeight - grid.clientHeight) * to) / 32)
        const started = g.performance.now()
        const ready = () => {
          // aria-rowindex counts the header row as 1, so row index i is i + 2.
          const row = g.document.querySelector(`[role="row"][aria-rowindex="${target + 2}"]`)
          return row !== null && row.getAttribute('data-key-id') !== null
        }
        const check = () => {
          if (ready()) return resolve(g.performance.now() - started)
          if (g.performance.now() - started > 20_000)
            return reject(new Error(`rows at ${Math.round(to * 100)}% never showed`))
          g.requestAnimationFrame(check)
        }
        grid.scrollTop = target * 32 - grid.clientHeight / 2 + 16 + 32
        g.requestAnimationFrame(check)
      }),
    fraction
  )

/**
 * Seeds a data folder with a vault and 100,000 keys over seven connections, serves it in web
 * mode, unlocks in Chromium, then:
 * - `renderer_first_rows_ms`: from the click on "Keys" to the first frame showing rows, the
 *   page reloaded before each of five runs (median);
 * - `renderer_scroll_frame_p95_ms`: the table scrolled 200 px a frame for 600 frames, pages
 *   loading as it goes; Chromium runs with vsync and the frame-rate cap off, so each
 *   requestAnimationFrame interval is the time the page took to produce that frame (p95, the
 *   median of three rounds, each from a place no earlier scroll loaded);
 * - `renderer_scroll_baseline_p95_ms`: the same scroll of a bare TanStack Virtual list of the
 *   same rows, columns, widths and text in a scroller of the table's size, in the same browser
 *   (scroll-baseline.page.tsx), right after the table's in each round; `renderer_scroll_ratio`
 *   is the median of the rounds' p95 ratios (target 1.15): one p95 of 600 frames swung
 *   1.4-2.0x between runs of the same code, so one round alone says little;
 * - `renderer_scroll_{frameless,plain_rows,plain}_{p95_ms,ratio,task_ms}`: where that gap lies,
 *   from the same scroll of the same table in each round with the app frame taken out (the grid
 *   kept in place), with its rows drawn as plain text (no badges, dots, borders or tints), or both
 *   (scroll-variants.ts); `*_task_ms` beside `renderer_scroll_task_ms` and
 *   `renderer_scroll_baseline_task_ms` is the page's main-thread task time per frame (Chromium's
 *   TaskDuration), which a busy machine sways far less than frame times;
 * - `renderer_scrollbar_jump_ms`: the slowest of six scrollbar drags to far places, from the
 *   move until the row at the viewport's centre shows its key (target 200 ms);
 * - `renderer_scroll_cpu_*_ms` beside `renderer_scroll_baseline_cpu_*_ms`: one more traced scroll
 *   of each, its main thread's CPU per frame split by phase (frame-cpu-split.ts): where the gap is.
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
    const baseline = baselineRows(db)
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
    // Warm up (the first pages, the JIT); the measured scrolls come after the bare list is ready.
    await scrollFramesOf(page, 60, scrollStep)
    phase('warmed up', since)

    // Scrollbar drags to far places, each from where the last one left the table.
    since = performance.now()
    const jumps: number[] = []
    for (const fraction of jumpFractions) {
      jumps.push(await timeJump(page, fraction))
      await page.waitForTimeout(300)
    }
    phase('jumped', since)

    // The same rows, columns and text in a bare virtual list, same browser, same viewport.
    since = performance.now()
    const size = await page.evaluate(() => {
      const grid = (globalThis as unknown as PageGlobals).document.querySelector('[role="grid"]')
      return { width: grid?.clientWidth ?? 1200, height: grid?.clientHeight ?? 700 }
    })
    const script = await bundleBaseline()
    const basePage = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await basePage.addInitScript('globalThis.__name = (fn) => fn')
    // Key names may hold markup (the seed has some): `<` escaped keeps them inside the script.
    const input = JSON.stringify({
      rows: baseline,
      widths: baselineWidths,
      grows: baselineGrows,
      now: Date.now(),
      ...size
    }).replace(/</g, '\\u003c')
    const baseUrl = 'http://baseline.bench/'
    await basePage.route(baseUrl, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><body style="margin:0;font:13px system-ui,sans-serif"><div id="root"></div>
<script>globalThis.baselineInput = ${input}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`
      })
    )
    await basePage.goto(baseUrl)
    await basePage.locator('[role="row"]').first().waitFor()
    await scrollFramesOf(basePage, 60, scrollStep)
    phase('opened the bare list', since)

    // Rounds, one scroll of each per round from its own fresh place (rows no scroll has loaded),
    // so all see the same load of a shared machine; the ratio is the median of the rounds'.
    since = performance.now()
    const variants = Object.keys(scrollVariants) as ScrollVariant[]
    const starts = freshStartRows(rounds * (variants.length + 1))
    /** One measured scroll: its frame times, and its page's main-thread task time per frame. */
    type Scroll = ReturnType<typeof summarise> & { task: number }
    const measured: { table: Scroll; bare: Scroll; variants: Record<ScrollVariant, Scroll> }[] = []
    // Chromium's own count of main-thread task time: steadier than frame times on a busy machine.
    const taskSeconds = async (target: Page): Promise<() => Promise<number>> => {
      const cdp = await target.context().newCDPSession(target)
      await cdp.send('Performance.enable')
      return async () => {
        const { metrics } = await cdp.send('Performance.getMetrics')
        return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN
      }
    }
    const tableTasks = await taskSeconds(page)
    const bareTasks = await taskSeconds(basePage)
    let scrolledRows = 0
    const scrollFrom = async (
      target: Page,
      tasks: () => Promise<number>,
      startRow: number
    ): Promise<Scroll> => {
      await settleAt(target, startRow)
      const before = await tasks()
      const { deltas, rows } = await scrollFramesOf(target, scrollFrames, scrollStep)
      const task = (((await tasks()) - before) * 1000) / scrollFrames
      if (target === page) {
        scrolledRows = rows - startRow
        if (scrolledRows < 2000) throw new Error(`the table scrolled only ${scrolledRows} rows`)
      }
      return { ...summarise(deltas), task }
    }
    for (let round = 0; round < rounds; round += 1) {
      const roundStarts = starts.slice(round * (variants.length + 1))
      const table = await scrollFrom(page, tableTasks, roundStarts[0]!)
      const variantScrolls = {} as Record<ScrollVariant, Scroll>
      for (const [index, variant] of variants.entries()) {
        await applyVariant(page, variant)
        try {
          variantScrolls[variant] = await scrollFrom(page, tableTasks, roundStarts[index + 1]!)
        } finally {
          await removeVariant(page)
        }
      }
      // The bare list holds every row from the start, so its place only has to match the table's.
      const bare = await scrollFrom(basePage, bareTasks, roundStarts[0]!)
      measured.push({ table, bare, variants: variantScrolls })
    }
    phase(
      `scrolled the table, its ${variants.length} variants and the bare list ${rounds} times`,
      since
    )

    // One more scroll of each under a trace: where each frame's CPU goes, table beside bare list.
    since = performance.now()
    const traced = async (target: Page): Promise<FrameCpuSplit> => {
      await settleAt(target, tracedStartRow)
      await browser.startTracing(target, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
      })
      await scrollFramesOf(target, tracedFrames, scrollStep)
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
        traceEvents: Parameters<typeof frameCpuSplit>[0]
      }
      return frameCpuSplit(trace.traceEvents, tracedFrames)
    }
    const tableCpu = await traced(page)
    const bareCpu = await traced(basePage)
    await basePage.close()
    phase('traced both', since)
    const cpuMetrics: Metrics = {}
    for (const key of Object.keys(tableCpu) as (keyof FrameCpuSplit)[]) {
      const name = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
      cpuMetrics[`renderer_scroll_cpu_${name}_ms`] = { value: roundMs(tableCpu[key]), unit: 'ms' }
      cpuMetrics[`renderer_scroll_baseline_cpu_${name}_ms`] = {
        value: roundMs(bareCpu[key]),
        unit: 'ms'
      }
    }
    const middle = (values: number[]) => summarise(values).median
    const ratios = measured.map((round) => round.table.p95 / round.bare.p95)
    const frames = {
      p95: middle(measured.map((round) => round.table.p95)),
      median: middle(measured.map((round) => round.table.median))
    }
    const baseFrames = {
      p95: middle(measured.map((round) => round.bare.p95)),
      median: middle(measured.map((round) => round.bare.median))
    }
    const ratio = (values: number[]) => Math.round(middle(values) * 100) / 100
    const variantMetrics: Metrics = {}
    for (const variant of variants) {
      variantMetrics[`renderer_scroll_${variant}_p95_ms`] = {
        value: roundMs(middle(measured.map((round) => round.variants[variant].p95))),
        unit: 'ms'
      }
      variantMetrics[`renderer_scroll_${variant}_ratio`] = {
        value: ratio(measured.map((round) => round.variants[variant].p95 / round.bare.p95)),
        unit: 'x'
      }
      variantMetrics[`renderer_scroll_${variant}_task_ms`] = {
        value: roundMs(middle(measured.map((round) => round.variants[variant].task))),
        unit: 'ms'
      }
    }
    variantMetrics.renderer_scroll_task_ms = {
      value: roundMs(middle(measured.map((round) => round.table.task))),
      unit: 'ms'
    }
    variantMetrics.renderer_scroll_baseline_task_ms = {
      value: roundMs(middle(measured.map((round) => round.bare.task))),
      unit: 'ms'
    }

    return {
      renderer_first_rows_ms: { value: roundMs(summarise(opens).median), unit: 'ms' },
      renderer_scroll_frame_p95_ms: { value: roundMs(frames.p95), unit: 'ms' },
      renderer_scroll_frame_median_ms: { value: roundMs(frames.median), unit: 'ms' },
      renderer_scroll_baseline_p95_ms: { value: roundMs(baseFrames.p95), unit: 'ms' },
      renderer_scroll_baseline_median_ms: { value: roundMs(baseFrames.median), unit: 'ms' },
      renderer_scroll_ratio: { value: ratio(ratios), unit: 'x' },
      // Where the gap lies: the same table with its frame unpainted, its rows plain, or both.
      ...variantMetrics,
      renderer_scroll_rows: { value: scrolledRows, unit: 'rows' },
      renderer_scrollbar_jump_ms: { value: roundMs(Math.max(...jumps)), unit: 'ms' },
      renderer_scrollbar_jump_median_ms: { value: roundMs(summarise(jumps).median), unit: 'ms' },
      // CPU per frame (thread time, so less swayed by a busy machine than frame times), by phase.
      ...cpuMetrics
    }
  } finally {
    await browser.close()
    await server?.stop('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
