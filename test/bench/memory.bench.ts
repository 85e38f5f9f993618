// Benchmark: main-process memory (RSS) with 100,000 keys in the store after a session of inventory queries, measured in a fresh child process; run by the bench runner under Node.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { seedInventory } from '../integration/inventory/inventory-seed'
import type { Metrics } from './bench-metrics'

const keyCount = 100_000
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10

interface ProbeResult {
  rss: number
  heapUsed: number
  baselineRss: number
  rows: number
  listed: number
}

const probe = (dataDir: string): Promise<ProbeResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test/bench/memory-probe.ts'), dataDir],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? ''
      if (code !== 0 || line === '') {
        reject(
          new Error(`the memory probe exited (${code}): ${stderr.trim().split('\n')[0] ?? ''}`)
        )
        return
      }
      resolve(JSON.parse(line) as ProbeResult)
    })
  })

/**
 * Seeds a store with 100,000 keys here, then a fresh Node process (no test code, no seed data in
 * its heap) opens it, scrolls, searches, counts hygiene, exports the calendar and pages through
 * every key, and reports its RSS. `main_rss_baseline_mb` is that process before opening the store
 * (Node plus the TypeScript loader), for scale.
 */
export async function run(): Promise<Metrics> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-memory-'))
  try {
    const { db } = openStore({ dataDir })
    seedInventory(db, { keys: keyCount, seed: 5 })
    db.close()
    const result = await probe(dataDir)
    if (result.listed !== keyCount) {
      throw new Error(`the probe listed ${result.listed} keys, expected ${keyCount}`)
    }
    return {
      main_rss_100k_mb: { value: mb(result.rss), unit: 'MB' },
      main_heap_100k_mb: { value: mb(result.heapUsed), unit: 'MB' },
      main_rss_baseline_mb: { value: mb(result.baselineRss), unit: 'MB' }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
