// `npm run fake-hubs`: starts the five simulated hubs and prints their addresses and credentials as JSON.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../../src-main/adapters/platform/install-node-platform'
import { parseArgs } from 'node:util'
import { startFakeHubs } from './start-fake-hubs'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    tenants: { type: 'string', default: '2' },
    keys: { type: 'string', default: '20' },
    latency: { type: 'string', default: '0' }
  }
})
const hubs = await startFakeHubs({
  seed: Number(values.seed),
  tenants: Number(values.tenants),
  keysPerTenant: Number(values.keys),
  latencyMs: Number(values.latency)
})
// Test credentials of simulated hubs only; they unlock nothing real.
console.log(JSON.stringify({ connections: hubs.connections }, null, 2))
const stop = () => void hubs.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
