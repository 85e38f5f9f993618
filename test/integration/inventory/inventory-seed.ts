// Seeds a real store with a deterministic, deliberately awkward key inventory (ties, NULLs, odd IP rules) for inventory tests and benchmarks; plain Node.
import type { SqliteDb } from '../../../src-main/adapters/sqlite/migrations'
import { seededRandom } from '../../fakes/hubs/seeded-random'

export const day = 86_400_000
/** The fixed "now" seeded timestamps are relative to (2025-06-15T12:00:00Z). */
export const seedNow = Date.UTC(2025, 5, 15, 12)

export interface SeedConnection {
  id: string
  name: string
  kind: 'cycle' | 'dct' | 'optidash' | 'datahub' | 'dmhub'
  environment: 'prod' | 'staging' | 'dev'
  colour: string | null
}

/** Mixed case names, every kind and environment, one connection without a colour. */
export const seedConnectionList: readonly SeedConnection[] = [
  { id: 'conn-a', name: 'Cycle EU', kind: 'cycle', environment: 'prod', colour: '#ef4444' },
  { id: 'conn-b', name: 'cycle-us', kind: 'cycle', environment: 'staging', colour: '#f59e0b' },
  { id: 'conn-c', name: 'DCT lab', kind: 'dct', environment: 'dev', colour: null },
  { id: 'conn-d', name: 'optidash', kind: 'optidash', environment: 'prod', colour: '#10b981' },
  { id: 'conn-e', name: 'Owl Data Hub', kind: 'datahub', environment: 'prod', colour: '#3b82f6' },
  {
    id: 'conn-f',
    name: 'dm-hub Marketing',
    kind: 'dmhub',
    environment: 'staging',
    colour: '#8b5cf6'
  },
  { id: 'conn-g', name: 'Zeta archive', kind: 'dct', environment: 'dev', colour: '#64748b' }
]

const statuses = [
  ...Array<string>(13).fill('active'),
  // Kept by Hubkeys after a complete listing no longer had it.
  'missing',
  'inactive',
  'inactive',
  'pending',
  'deleting',
  'deleted',
  'expired',
  'expired',
  'unknown',
  // Not a status Hubkeys knows: must read back as 'unknown'.
  'suspended'
]

/** Every shape an IP rule list takes in the store, including the awkward ones. */
const ipRuleShapes: readonly (string[] | null)[] = [
  null,
  [],
  ['203.0.113.0/24'],
  ['198.51.100.7/32', '2001:db8::/32'],
  ['0.0.0.0/0'],
  ['::/0'],
  ['10.0.0.0/8', '0.0.0.0/0'],
  ['0.0.0.0/0.0.0.0'],
  ['192.0.2.0 0.0.0.0'],
  ['10.20.30.0/20'],
  ['not-an-address/0'],
  ['  0.0.0.0/0  '],
  ['100.64.0.0/10'],
  ['192.0.2.1/30']
]

const tagPool = ['ops', 'Billing', 'team-a', 'legacy', 'pci', 'OPS', 'ci/cd', 'rotate-q3']
const notePool = [
  'rotate before the audit',
  'owner said "do not touch"',
  'used by the nightly ETL; see runbook 12',
  'temporary, delete after migration',
  "partner's key (ask ops)",
  'café exporter — naïve retries'
]

export interface SeedOptions {
  keys: number
  seed?: number
  now?: number
  connections?: readonly SeedConnection[]
}

/**
 * Inserts the connections and `keys` keys. Keys go through a temporary table and one INSERT ...
 * SELECT: the FTS triggers then run inside one statement, which is many times faster than one
 * INSERT per key (each statement makes FTS5 flush its pending terms).
 */
export const seedInventory = (db: SqliteDb, options: SeedOptions): void => {
  const now = options.now ?? seedNow
  const connections = options.connections ?? seedConnectionList
  const random = seededRandom(options.seed ?? 42)
  const insertConnection = db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, settings, colour, environment, created_at, updated_at)
     VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?)`
  )
  const maybe = <T>(chance: number, value: () => T): T | null =>
    random.next() < chance ? null : value()

  db.transaction(() => {
    for (const c of connections) {
      insertConnection.run(
        c.id,
        c.name,
        c.kind,
        `https://${c.id}.example.test`,
        c.colour,
        c.environment,
        now,
        now
      )
    }
    // Cycle names its role ids; the Role column shows (and sorts by) the name. 'admin' is named
    // before the keys go in and 'writer' after, so both ways the store learns a name are seeded;
    // 'Reader' on conn-b gets an empty name, which shows (and sorts by) the id.
    const nameRole = db.prepare(
      "INSERT OR IGNORE INTO hub_names (connection_id, kind, hub_id, name) VALUES (?, 'role', ?, ?)"
    )
    const cycleIds = connections.filter((c) => c.kind === 'cycle').map((c) => c.id)
    for (const id of cycleIds) nameRole.run(id, 'admin', 'Zeta administrators')
    if (cycleIds.includes('conn-b')) nameRole.run('conn-b', 'Reader', '')
    db.exec(`CREATE TEMP TABLE seed_keys (
      id TEXT, connection_id TEXT, tenant TEXT, hub_key_id TEXT, name TEXT, status TEXT, role TEXT,
      scopes TEXT, ip_rules TEXT, headers TEXT, created_at INTEGER, expires_at INTEGER,
      last_used_at INTEGER, usage_7d INTEGER, usage_30d INTEGER, owner TEXT, notes TEXT, tags TEXT,
      fingerprint TEXT, secret_id TEXT, synced_at INTEGER, oddities TEXT)`)
    const insertKey = db.prepare(
      'INSERT INTO temp.seed_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    for (let n = 0; n < options.keys; n += 1) {
      const connection = connections[random.int(0, connections.length - 1)] as SeedConnection
      // Tenants: none on Optidash, a few per hub elsewhere, mixed case so NOCASE ordering shows.
      const tenant =
        connection.kind === 'optidash'
          ? ''
          : random.pick(['acme', 'Acme-EU', 'globex', 'initech', 'umbrella'])
      const created = maybe(0.05, () => now - random.int(0, 1500) * day - random.int(0, day - 1))
      // Expiries cluster around now so every window (1, 7, 30 days, expired) has keys; some sit
      // exactly on a day boundary to catch off-by-one filters.
      const expires = maybe(0.3, () =>
        random.next() < 0.05
          ? now + random.pick([-1, 0, 1, 7, 30, 90]) * day
          : now + random.int(-200, 400) * day + random.int(0, day - 1)
      )
      const lastUsed = maybe(0.2, () =>
        random.next() < 0.05 ? now - 90 * day : now - random.int(0, 400) * day - random.int(0, day)
      )
      const tags = Array.from({ length: random.int(0, 3) }, () => random.pick(tagPool))
      insertKey.run(
        `${random.hex(8)}-${random.hex(4)}-${n}`,
        connection.id,
        tenant,
        `${connection.kind.slice(0, 2)}_${random.alnum(10)}`,
        // keyName() repeats (grafana-readonly-07 and so on): many ties on the default sort.
        random.next() < 0.01 ? '' : random.keyName(),
        random.pick(statuses),
        maybe(0.3, () => random.pick(['admin', 'Reader', 'writer', 'owner', ''])),
        JSON.stringify(['keys:read']),
        JSON.stringify(random.pick(ipRuleShapes)),
        '[]',
        created,
        expires,
        lastUsed,
        maybe(0.3, () => random.int(0, 50)),
        maybe(0.3, () => random.int(0, 200)),
        maybe(0.5, () => `owner-${random.int(1, 20)}@example.test`),
        maybe(0.85, () => random.pick(notePool)),
        JSON.stringify([...new Set(tags)]),
        `fp:${random.hex(12)}`,
        null,
        now - random.int(0, 3) * 3_600_000,
        '[]'
      )
    }
    db.exec(`INSERT INTO main.keys (id, connection_id, tenant, hub_key_id, name, status, role, scopes,
        ip_rules, headers, created_at, expires_at, last_used_at, usage_7d, usage_30d, owner, notes, tags,
        fingerprint, secret_id, synced_at, oddities)
      SELECT * FROM temp.seed_keys;
      DROP TABLE temp.seed_keys;`)
    for (const id of cycleIds) nameRole.run(id, 'writer', 'Beta writers')
  })()
}
