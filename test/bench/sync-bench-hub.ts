// Runs the simulated Cycle hub in its own process for the sync benchmark, so the hub's spec checks do not share the client's CPU; node via tsx.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../src-main/adapters/platform/install-node-platform'
import { createCycleFake, cycleZeroTime } from '../fakes/hubs/cycle.fake'

/** What the process prints as its one line on stdout once it listens. */
export interface BenchHubAddress {
  url: string
  hubs: { id: string; credential: string; keys: number }[]
}

const [tenants = 5, keysPerTenant = 2_000, latencyMs = 20] = process.argv
  .slice(2)
  .map((value) => Number(value))

const main = async () => {
  const fake = await createCycleFake({
    seed: 7,
    tenants,
    keysPerTenant,
    latencyMs,
    deleteSettleMs: 60_000
  })
  // The hub hides deleted keys from its list; bring them back so every hub lists all its keys.
  for (const hub of fake.hubs) {
    for (const key of hub.keys) {
      if (key.state === 'deleted' || key.state === 'deleting') {
        key.state = 'inactive'
        key.deleted = cycleZeroTime
      }
    }
  }
  await fake.start()
  const address: BenchHubAddress = {
    url: fake.url,
    hubs: fake.hubs.map((hub) => ({
      id: hub.id,
      credential: hub.adminSecret,
      keys: hub.keys.length
    }))
  }
  process.stdout.write(`${JSON.stringify(address)}\n`)
  // The parent ends the hub by closing stdin (or by exiting, which closes it too).
  process.stdin.resume()
  process.stdin.on('end', () => {
    void fake.close().then(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench hub failed: ${error instanceof Error ? error.message : String(error)}\n`
  )
  process.exit(1)
})
