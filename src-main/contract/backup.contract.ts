// Schemas of the `backup:*` channels (status, back up now, restore with the backup's master password); shared by all layers.
import { z } from 'zod'
import { passwordMaxLength } from './vault.contract'
import { answersLocked, channel, needsUnlock } from './channel-spec'

const filePath = z.string().trim().min(1, 'Give the path of a backup file.').max(4096)

export const backupStatusSchema = z
  .object({
    /** When the newest backup in the folder was made (epoch ms); null when there is none. */
    lastBackupAt: z.number().nullable(),
    lastBackupPath: z.string().nullable(),
    /** The folder backups go to (the `backupDir` preference, or `<data folder>/backups`). */
    dir: z.string(),
    /** How many backups the folder keeps. */
    keep: z.number().int(),
    count: z.number().int().nonnegative()
  })
  .strict()
export type BackupStatus = z.output<typeof backupStatusSchema>

export const backupMadeSchema = z.object({ path: z.string(), at: z.number() }).strict()
export type BackupMade = z.output<typeof backupMadeSchema>

export const restoreResultSchema = z
  .object({
    restoredFrom: z.string(),
    /** Where the content replaced by the restore was kept. */
    keptAside: z.string()
  })
  .strict()
export type RestoreResult = z.output<typeof restoreResultSchema>

export const backupChannels = {
  // Status only reads the folder, so it answers while locked.
  'backup:status': channel(z.object({}).strict(), backupStatusSchema, {
    ...answersLocked,
    audit: false
  }),
  /** `out` writes one copy exactly there (the CLI's --out); without it the copy goes to the folder. */
  'backup:create': channel(z.object({ out: filePath.optional() }).strict(), backupMadeSchema, {
    ...needsUnlock,
    audit: 'backup'
  }),
  /**
   * The password is the backup's own master password: it is checked against the backup's vault
   * row before anything is replaced. The vault is locked afterwards; unlock the restored one.
   */
  'backup:restore': channel(
    z.object({ file: filePath, password: z.string().min(1).max(passwordMaxLength) }).strict(),
    restoreResultSchema,
    // Restore proves the backup's own master password first, so it may run while locked.
    // Recorded in the restored file's log, after its own entries (dispatch writes after the call).
    { ...answersLocked, carriesSecret: 'request', audit: 'restore' }
  )
} as const
