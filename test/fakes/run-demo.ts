// `npm run demo`: simulated hubs with realistic data, a demo vault and connections, and Hubkeys in web mode.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../../src-main/adapters/platform/install-node-platform'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createAppCore } from '../../src-main/core/app-core'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { createFileLogger } from '../../src-main/adapters/logging/file-logger'
import { appVersion } from '../../src-main/adapters/paths/app-version'
import { openConfPreferences } from '../../src-main/adapters/preferences/conf.preferences'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import type { ChannelName, RequestOf, ResponseOf } from '../../src-main/contract/channels'
import { startWebServer } from '../../src-main/web/web-server'
import { startFakeHubs } from './hubs/start-fake-hubs'
import { fetchDemoUsage } from './demo-usage'

/** The demo vault's password: printed, because this vault holds only simulated credentials. */
export const demoPassword = 'hubkeys demo vault'

const palette = [
  '#e5484d',
  '#3e63dd',
  '#30a46c',
  '#f76b15',
  '#8e4ec6',
  '#12a594',
  '#ffb224',
  '#d6409f'
]

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    tenants: { type: 'string', default: '3' },
    keys: { type: 'string', default: '40' },
    latency: { type: 'string', default: '15' },
    json: { type: 'boolean', default: false }
  }
})

const say = (line: string) => {
  if (!values.json) console.log(line)
}

const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'hubkeys-demo-')))
say('Starting simulated Cycle, DCT, Optidash, Data Hub and DM-Hub servers…')
const hubs = await startFakeHubs({
  seed: 2026,
  tenants: Number(values.tenants),
  keysPerTenant: Number(values.keys),
  latencyMs: Number(values.latency)
})

const stores = openSqliteStores({ dataDir })
const core = createAppCore({
  facts: { name: 'Hubkeys', version: appVersion, mode: 'web', dataDir, platform: process.platform },
  stores,
  kdf: createArgon2Kdf(),
  http: httpClientFactory,
  preferences: openConfPreferences(dataDir),
  logger: createFileLogger({ dataDir }),
  backgroundSync: true
})

/**
 * The demo sets itself up through the contract, as the app and the CLI do, so its audit log and
 * every channel check see the same calls a person would make.
 */
const call = async <C extends ChannelName>(
  channel: C,
  payload: RequestOf<C>
): Promise<ResponseOf<C>> => {
  const result = await core.dispatch(channel, payload, { transport: 'cli' })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

const status = await call('vault:status', {})
if (status.state === 'absent') {
  say('Creating the demo vault…')
  await call('vault:create', { password: demoPassword })
} else {
  await call('vault:unlock', { password: demoPassword })
}

let recorded = 0
// A demo data folder used again keeps what happened in it; only a new one is set up.
const fresh = (await call('connections:list', {})).length === 0
if (fresh) {
  say('Adding the connections…')
  for (const [index, hub] of hubs.connections.entries()) {
    const connection = await call('connections:add', {
      name: hub.name,
      kind: hub.kind,
      baseUrl: hub.url,
      settings: hub.settings,
      environment: hub.environment,
      colour: palette[index % palette.length],
      ...(hub.credential ? { credential: hub.credential } : {})
    })
    // Hubs without a key list: Hubkeys records the keys it is given, values sealed in the vault.
    for (const key of hub.keys) {
      await call('keys:record', { connectionId: connection.id, ...key })
      recorded += 1
    }
  }
}
say('Syncing every connection…')
let { results } = await call('sync:start', {})

/**
 * So "Missing at hub" shows on first open: on the first Cycle hub a key made through Hubkeys (its
 * value stored, as Cycle shows it only once) and a key Hubkeys only synced are removed, as an admin
 * would in Cycle's own console, and that connection syncs again.
 */
const dropKeysAtTheHub = async (): Promise<string[]> => {
  const hub = hubs.fakes.cycle.hubs[0]
  const connection = (await call('connections:list', {})).find(
    (candidate) => candidate.kind === 'cycle' && candidate.settings.hubId === hub?.id
  )
  const role = hub?.roles.find((candidate) => candidate.name !== 'Owner') ?? hub?.roles[0]
  if (!hub || !connection || !role) return []
  const { key: made } = await call('keys:create', {
    connectionId: connection.id,
    name: 'nightly-export',
    role: role.id
  })
  const synced = hub.keys.find(
    (key) =>
      key.state === 'live' &&
      key.id !== made.hubKeyId &&
      key.secret !== hub.adminSecret &&
      key.secret !== hub.limitedSecret
  )
  const gone = new Set([made.hubKeyId, ...(synced ? [synced.id] : [])])
  // Two more changes made in Cycle's own console, so drift history has something to show.
  const others = hub.keys.filter(
    (key) =>
      key.state === 'live' &&
      !gone.has(key.id) &&
      key.secret !== hub.adminSecret &&
      key.secret !== hub.limitedSecret
  )
  const renamed = others[0]
  if (renamed) renamed.name = `${renamed.name}-renamed`
  const narrowed = others[1]
  if (narrowed) narrowed.ips = ['203.0.113.0/24', '198.51.100.7/32']
  hub.keys = hub.keys.filter((key) => !gone.has(key.id))
  const { results: again } = await call('sync:start', { connectionIds: [connection.id] })
  results = results.map(
    (result) => again.find((other) => other.connectionId === result.connectionId) ?? result
  )
  return [made.name, ...(synced ? [synced.name] : [])]
}
const missing = fresh ? await dropKeysAtTheHub() : []
if (fresh) await fetchDemoUsage(call)
// A rotation in flight: a Cycle key rotated with a 24-hour grace window (new key live and stored,
// the old one still valid), and a rotation policy that proposes the oldest keys.
const rotateOneKey = async () => {
  const cycle = (await call('connections:list', {})).find((c) => c.kind === 'cycle')
  if (!cycle) return
  const page = await call('keys:query', {
    search: '',
    filter: { connectionIds: [cycle.id], statuses: ['active'] },
    sort: { field: 'name', direction: 'asc' },
    limit: 1
  })
  const key = page.rows[0]
  if (key) await call('rotation:start', { connectionId: cycle.id, keyId: key.id, grace: '24h' })
  await call('rotation:set-policy', { connectionId: cycle.id, maxAgeDays: 180 })
}
if (fresh) await rotateOneKey()
// Policy rules worth a look: nothing open to every address, rotation at least yearly, and no key
// left missing at its hub.
if (fresh)
  await call('prefs:set', {
    policies: [
      {
        scope: 'all',
        rules: {
          maxKeyAgeDays: 730,
          expiryRequired: false,
          ipRestrictionOnProd: false,
          noAllowAll: true,
          namePattern: null,
          rotationOverdueDays: 365,
          missingAtHubDays: 0
        }
      }
    ]
  })
const pulled = results.reduce((sum, result) => sum + result.keys, 0)
const failed = results.filter((result) => result.outcome !== 'ok')

const server = await startWebServer({
  rendererDir: resolve(import.meta.dirname, '../../out/renderer'),
  dispatch: core.dispatch,
  events: core.events,
  port: Number(values.port)
})

if (values.json) {
  console.log(
    JSON.stringify({ openUrl: server.openUrl, url: server.url, password: demoPassword, dataDir })
  )
} else {
  say('')
  say(
    `Hubkeys demo: ${(await call('connections:list', {})).length} connections, ${pulled} keys pulled from hubs, ${recorded} recorded by hand.`
  )
  if (missing.length > 0)
    say(
      `Missing at hub (removed at a simulated Cycle hub after the first sync): ${missing.join(', ')}.`
    )
  for (const result of failed)
    say(`  (a sync did not finish: ${result.error?.message ?? result.outcome})`)
  say(`Open:            ${server.openUrl}`)
  say(`Vault password:  ${demoPassword}`)
  say(`Data folder:     ${dataDir}`)
  say('Everything here is simulated; the hubs run in this process. Ctrl+C stops the demo.')
}

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await server.close()
  await core.close()
  stores.close()
  await hubs.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
