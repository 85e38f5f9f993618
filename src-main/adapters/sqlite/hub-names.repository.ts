// Stores the names a hub gives the role ids its keys carry (table hub_names), replaced per connection at each sync that read them; main process only.
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

/**
 * Replaces a connection's role names with `names` (id -> name), in one transaction (nested in the
 * caller's when there is one). Ids no longer listed lose their name; their keys show the id.
 * Prepared on first use, so a sync store opened on an older schema (a migration's own test) works.
 */
export const roleNamesWriter = (db: SqliteDb) => {
  let replace: ((connectionId: string, names: ReadonlyMap<string, string>) => void) | undefined
  const prepared = () => {
    const current = db.prepare<[string], { hub_id: string; name: string }>(
      "SELECT hub_id, name FROM hub_names WHERE connection_id = ? AND kind = 'role'"
    )
    const remove = db.prepare<[string, string]>(
      "DELETE FROM hub_names WHERE connection_id = ? AND kind = 'role' AND hub_id = ?"
    )
    const insert = db.prepare<[string, string, string]>(
      "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES (?, 'role', ?, ?)"
    )
    // Only what changed is written: each write re-indexes the keys holding that role for search.
    return db.transaction((connectionId: string, names: ReadonlyMap<string, string>) => {
      const stored = new Map(current.all(connectionId).map((row) => [row.hub_id, row.name]))
      for (const [id, name] of stored) {
        if (names.get(id) !== name) remove.run(connectionId, id)
      }
      for (const [id, name] of names) {
        if (stored.get(id) !== name) insert.run(connectionId, id, name)
      }
    })
  }
  return (connectionId: string, names: ReadonlyMap<string, string>): void => {
    try {
      replace ??= prepared()
      replace(connectionId, names)
    } catch (error) {
      throw translateStoreError(error, 'store the role names')
    }
  }
}
