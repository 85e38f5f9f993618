// Benchmark runner (`npm run bench`, node via tsx): runs every test/bench/*.bench.ts (or those named: `npm run bench -- sync`) and prints all metrics as one JSON line last.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../src-main/adapters/platform/install-node-platform'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Metrics } from './bench-metrics'
import { describeMetric } from './metric-references'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
/** A bench that takes longer than this is reported as failed rather than hanging the run. */
const benchTimeoutMs = 180_000

const checkMetrics = (value: unknown): Metrics => {
  if (!value || typeof value !== 'object')
    throw new Error('run() did not return an object of metrics')
  const entries = Object.entries(value)
  if (entries.length === 0) throw new Error('run() returned no metrics')
  for (const [name, metric] of entries) {
    const { value: number, unit } = (metric ?? {}) as { value?: unknown; unit?: unknown }
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw new Error(`metric name ${JSON.stringify(name)} is not snake_case`)
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      throw new Error(`metric ${name} has no finite value`)
    }
    if (typeof unit !== 'string' || unit === '') throw new Error(`metric ${name} has no unit`)
  }
  return value as Metrics
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const main = async (): Promise<number> => {
  // Names on the command line pick benches (`sync` runs sync.bench.ts): one part on a busy machine.
  const wanted = process.argv.slice(2)
  const files = readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.bench\.ts$/, '')))
    .sort()
  if (files.length === 0) {
    console.log(`bench: no *.bench.ts files in ${benchDir} match ${wanted.join(', ') || '*'}`)
    console.log(JSON.stringify({ metrics: {} }))
    return 1
  }

  const metrics: Metrics = {}
  const failed: string[] = []
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '')
    console.log(`bench ${name}: running`)
    const started = performance.now()
    try {
      const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { run?: unknown }
      if (typeof module.run !== 'function') throw new Error('the module exports no run() function')
      const result = checkMetrics(await withTimeout(Promise.resolve(module.run()), benchTimeoutMs))
      const taken = Object.keys(result).filter((metric) => metric in metrics)
      if (taken.length > 0)
        throw new Error(`metric ${taken.join(', ')} is already reported by another bench`)
      for (const [metric, { value, unit }] of Object.entries(result))
        metrics[metric] = { value, unit }
      // Each beside its floor, baseline or target when it has one (metric-references.ts).
      for (const metric of Object.keys(result)) {
        console.log(`bench ${name}: ${metric} = ${describeMetric(metric, metrics)}`)
      }
      console.log(`bench ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    } catch (error) {
      failed.push(name)
      const message = error instanceof Error ? error.message : String(error)
      console.log(`bench ${name}: FAILED: ${message.split('\n')[0]}`)
    }
  }
  if (failed.length > 0)
    console.log(`bench: ${failed.length} of ${files.length} failed: ${failed.join(', ')}`)
  // The last line is the machine-readable result, even when a bench failed (it is then missing).
  console.log(JSON.stringify({ metrics }))
  return failed.length > 0 ? 1 : 0
}

main()
  .catch((error: unknown) => {
    console.log(
      `bench: the runner failed: ${error instanceof Error ? error.message : String(error)}`
    )
    console.log(JSON.stringify({ metrics: {} }))
    return 1
  })
  // Exit explicitly once stdout is flushed: a bench that leaks a handle must not hang the run.
  .then((code) => process.stdout.write('', () => process.exit(code)))
