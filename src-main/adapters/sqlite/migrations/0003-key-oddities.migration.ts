// Schema step 3 of the local store (what a hub sent that was odd, kept per key); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0003: Migration = {
  version: 3,
  name: 'what a hub sent that was odd, kept per key',
  up: (db) => {
    db.exec(`
      ALTER TABLE keys ADD COLUMN oddities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(oddities));
    `)
  }
}
