// Schema step 12 of the local store (a cross-process lease on each rotation, and what a DCT credential regeneration needs to recover from a lost answer); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0012: Migration = {
  version: 12,
  name: 'rotation lease and credential recovery',
  up: (db) => {
    db.exec(`
      -- The desktop app, web mode and the CLI may open one data folder at once: the process that
      -- runs a rotation holds its row's lease (owner id, expiry, who for the message), taken with
      -- one conditional UPDATE and renewed while it runs; an expired lease can be taken over.
      ALTER TABLE rotation_journal ADD COLUMN lease_owner TEXT;
      ALTER TABLE rotation_journal ADD COLUMN lease_until INTEGER;
      ALTER TABLE rotation_journal ADD COLUMN lease_holder TEXT;
      -- regenerate-own: a second DCT connection on the same server whose account may reset ours,
      -- used when the regenerate answer was lost; and our account's name for the messages that
      -- must name it once its key no longer works.
      ALTER TABLE rotation_journal ADD COLUMN recovery_connection_id TEXT
        REFERENCES connections (id) ON DELETE SET NULL;
      ALTER TABLE rotation_journal ADD COLUMN account_name TEXT;
    `)
  }
}
