// Seeds the real SQLite store with connections, keys and secrets for integration tests and the store benchmark; plain Node.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SqliteDb } from '../../../src-main/adapters/sqlite/migrations'

const kinds = ['cycle', 'dct', 'optidash', 'datahub', 'dmhub'] as const
const environments = ['prod', 'staging', 'dev'] as const

/** Inserts `count` connections named `hub-<n>` and returns their ids. Needs schema 2 or later. */
export const seedConnections = (db: SqliteDb, count: number, at = 1_700_000_000_000): string[] => {
  const insert = db.prepare(
    `INSERT INTO connections (id, name, kind, base_url, settings, colour, environment, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const ids: string[] = []
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const id = `conn-${n}`
      insert.run(
        id,
        `hub-${n}`,
        kinds[n % kinds.length],
        `https://hub-${n}.example.test`,
        '{}',
        '#336699',
        environments[n % environments.length],
        at,
        at
      )
      ids.push(id)
    }
  })()
  return ids
}

/** Inserts `count` realistic key rows spread over the connections, in one transaction. */
export const seedKeys = (
  db: SqliteDb,
  connectionIds: readonly string[],
  count: number,
  at = 1_700_000_000_000
): void => {
  const insert = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, scopes, ip_rules, headers,
       created_at, expires_at, last_used_at, usage_7d, usage_30d, owner, notes, tags, fingerprint, synced_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const day = 86_400_000
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const connectionId = connectionIds[n % connectionIds.length] ?? 'conn-0'
      insert.run(
        `key-${n}`,
        connectionId,
        `tenant-${n % 17}`,
        `hk_${n.toString(36).padStart(8, '0')}`,
        `service account ${n} for team ${n % 43}`,
        n % 11 === 0 ? 'disabled' : 'active',
        n % 3 === 0 ? 'admin' : 'read',
        JSON.stringify(['keys:read', `scope-${n % 7}`]),
        JSON.stringify(n % 5 === 0 ? [] : [`10.${n % 256}.0.0/16`]),
        '[]',
        at - (n % 900) * day,
        n % 4 === 0 ? null : at + (n % 400) * day,
        n % 9 === 0 ? null : at - (n % 120) * day,
        n % 1000,
        n % 5000,
        `owner-${n % 29}@example.test`,
        n % 13 === 0 ? 'rotate before the audit' : null,
        JSON.stringify([`team-${n % 43}`]),
        `fp:${(n * 2654435761).toString(16).padStart(12, '0')}`,
        at
      )
    }
  })()
}

/** Every file in a folder with its bytes, to prove what was (not) written. */
export const snapshotFiles = (dir: string): Map<string, Buffer> =>
  new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]))
