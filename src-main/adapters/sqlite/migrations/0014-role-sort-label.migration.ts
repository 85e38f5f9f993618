// Schema step 14 of the local store (the Role sort orders keys by the role name the table shows, not by the hub's role id, through a maintained label column and its index); main process only. Never edit a shipped step: add a new one.
import type { Migration } from '../migration'

/** The name a connection's hub gives a role id, or the id itself when it has none (or an empty one). */
const labelOf = (connection: string, role: string) =>
  `coalesce((SELECT nullif(n.name, '') FROM hub_names n
    WHERE n.connection_id = ${connection} AND n.kind = 'role' AND n.hub_id = ${role}), ${role})`

export const migration0014: Migration = {
  version: 14,
  name: 'role sort by the name shown',
  up: (db) => {
    db.exec(`
      -- What the Role column shows (step 9's name for the id, else the id): the sort reads it in
      -- order from its index. A join to hub_names in the ORDER BY would sort every key per page.
      ALTER TABLE keys ADD COLUMN role_label TEXT;
      UPDATE keys SET role_label = ${labelOf('keys.connection_id', 'keys.role')}
        WHERE role IS NOT NULL;
      DROP INDEX keys_role;
      CREATE INDEX keys_role_label ON keys (role_label COLLATE NOCASE);

      -- The label follows the role wherever it is written. A sync's bulk insert computes it in the
      -- statement (so this stands aside); any other insert or a role change sets it here.
      CREATE TRIGGER keys_role_label_insert AFTER INSERT ON keys
      WHEN new.role IS NOT NULL AND new.role_label IS NULL BEGIN
        UPDATE keys SET role_label = ${labelOf('new.connection_id', 'new.role')}
          WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER keys_role_label_update AFTER UPDATE OF role, connection_id ON keys
      WHEN old.role IS NOT new.role OR old.connection_id IS NOT new.connection_id BEGIN
        UPDATE keys SET role_label = CASE WHEN new.role IS NULL THEN NULL
          ELSE ${labelOf('new.connection_id', 'new.role')} END
          WHERE rowid = new.rowid;
      END;
      -- A role named, renamed or no longer named: every key of that connection holding it.
      CREATE TRIGGER keys_role_label_named AFTER INSERT ON hub_names WHEN new.kind = 'role' BEGIN
        UPDATE keys SET role_label = ${labelOf('new.connection_id', 'new.hub_id')}
          WHERE connection_id = new.connection_id AND role = new.hub_id;
      END;
      CREATE TRIGGER keys_role_label_renamed AFTER UPDATE ON hub_names
      WHEN new.kind = 'role' OR old.kind = 'role' BEGIN
        UPDATE keys SET role_label = ${labelOf('keys.connection_id', 'keys.role')}
          WHERE (connection_id = old.connection_id AND role = old.hub_id)
            OR (connection_id = new.connection_id AND role = new.hub_id);
      END;
      CREATE TRIGGER keys_role_label_unnamed AFTER DELETE ON hub_names WHEN old.kind = 'role' BEGIN
        UPDATE keys SET role_label = ${labelOf('old.connection_id', 'old.hub_id')}
          WHERE connection_id = old.connection_id AND role = old.hub_id;
      END;
    `)
  }
}
