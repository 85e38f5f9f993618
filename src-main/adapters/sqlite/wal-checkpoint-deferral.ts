// Holds SQLite's automatic WAL checkpoints while syncs are writing and runs one passive checkpoint once they are done; main process only.
import type { SqliteDb } from './migrations'

/**
 * Why: with WAL, a commit that leaves the log over `wal_autocheckpoint` pages (1,000 by default)
 * copies the log into the database file before it returns. A sync's apply transactions are the
 * store's biggest writes, so they paid for it, inside the serial tail after the last page (the
 * 100,000-key first sync spent ~0.6 s of its apply there). Durability does not depend on it: a
 * committed transaction is in the log either way. So while any sync stage is open the automatic
 * checkpoint waits, and a passive one (it never blocks readers or writers) runs shortly after the
 * last stage closes, off the sync's path. The setting is per connection and never persisted, so a
 * crash mid-sync leaves nothing behind but a longer log, checkpointed on the next open or close.
 */
export interface CheckpointDeferral {
  /** Holds automatic checkpoints (again); cancels a checkpoint not yet run. */
  hold(): void
  /** Restores automatic checkpoints and schedules the passive checkpoint. Idempotent. */
  release(): void
}

export interface CheckpointDeferralOptions {
  /** How long after the release the checkpoint runs (ms); the UI redraws after a sync first. */
  delayMs?: number
  /** Timer seam for tests. */
  schedule?: (run: () => void, delayMs: number) => { cancel(): void }
}

const unrefTimer = (run: () => void, delayMs: number) => {
  const timer = setTimeout(run, delayMs)
  // A checkpoint due must not keep a finishing process (the CLI) alive: closing checkpoints too.
  timer.unref?.()
  return { cancel: () => clearTimeout(timer) }
}

export const createCheckpointDeferral = (
  db: SqliteDb,
  options: CheckpointDeferralOptions = {}
): CheckpointDeferral => {
  const delayMs = options.delayMs ?? 1000
  const schedule = options.schedule ?? unrefTimer
  let held: number | undefined
  let pending: { cancel(): void } | undefined

  return {
    hold() {
      pending?.cancel()
      pending = undefined
      if (held !== undefined) return
      held = db.pragma('wal_autocheckpoint', { simple: true }) as number
      db.pragma('wal_autocheckpoint = 0')
    },
    release() {
      if (held === undefined) return
      db.pragma(`wal_autocheckpoint = ${held}`)
      held = undefined
      pending = schedule(() => {
        pending = undefined
        // The store may have closed meanwhile (it checkpoints on close), or a new hold begun.
        if (!db.open || held !== undefined) return
        try {
          db.pragma('wal_checkpoint(PASSIVE)')
        } catch {
          // A busy or failed passive checkpoint is harmless: the next commit over the limit, or
          // closing the store, checkpoints again.
        }
      }, delayMs)
    }
  }
}
