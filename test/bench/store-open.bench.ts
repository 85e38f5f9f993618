// Benchmark: opening the local store (checks, pragmas, migrate when current) holding 100,000 keys; run by the bench runner under Node.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDatabase, openStore } from '../../src-main/adapters/sqlite/open-db'
import { migrate } from '../../src-main/adapters/sqlite/migrations'
import { seedConnections, seedKeys } from '../integration/sqlite/store-seed'

const keyCount = 100_000
const runs = 7

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
}

const round = (value: number): number => Math.round(value * 10) / 10

/**
 * Builds a store with 100,000 keys over 5 connections (one transaction, timed apart), then takes the
 * median of seven `openDatabase` + `migrate` calls on it; closing is not timed.
 */
export async function run(): Promise<Record<string, { value: number; unit: string }>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-bench-store-'))
  try {
    const buildStarted = performance.now()
    const built = openStore({ dataDir })
    seedKeys(built.db, seedConnections(built.db, 5), keyCount)
    built.db.close()
    const buildMs = performance.now() - buildStarted

    const timings: number[] = []
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now()
      const { db } = openDatabase({ dataDir })
      migrate(db)
      timings.push(performance.now() - started)
      const keys = db.prepare('SELECT count(*) FROM keys').pluck().get()
      db.close()
      if (keys !== keyCount) throw new Error(`expected ${keyCount} keys, found ${String(keys)}`)
    }
    return {
      store_open_100k_keys_ms: { value: round(median(timings)), unit: 'ms' },
      store_build_100k_keys_ms: { value: round(buildMs), unit: 'ms' },
      store_file_100k_keys_mb: {
        value: round(statSync(join(dataDir, 'hubkeys.db')).size / 1_048_576),
        unit: 'MB'
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
