// Schema step 6 of the local store (audit entries are removed only by a recorded retention cut); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

export const migration0006: Migration = {
  version: 6,
  name: 'audit entries are removed only by a recorded retention cut',
  up: (db) => {
    db.exec(`
      -- Finds retention anchors (and audit:list's action filter) without a scan.
      CREATE INDEX audit_log_action ON audit_log (action, seq);
      -- Like the append-only trigger of step 1, this keeps honest code from removing entries; the
      -- hash chain is what shows removals made around it. An entry may go only once a retention
      -- anchor written after it covers it (audit.repository.ts writes the anchor, then deletes).
      CREATE TRIGGER audit_log_retention_only BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (
        SELECT 1 FROM audit_log AS anchor
        WHERE anchor.action = 'retention' AND anchor.seq > old.seq
          AND json_extract(anchor.detail, '$.removedThrough') >= old.seq
      )
      BEGIN
        SELECT RAISE(ABORT, 'audit_log entries are removed only by retention');
      END;
    `)
  }
}
