// Schemas of the non-secret preferences (theme, idle lock, clipboard delay, audit retention, window state); shared by all layers.
import { z } from 'zod'
import { policiesSchema } from './policy-rules'

export const themeSchema = z.enum(['system', 'light', 'dark'])

export const windowStateSchema = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(400).max(10000),
    height: z.number().int().min(300).max(10000),
    maximized: z.boolean()
  })
  .strict()

/** At least a month, so a slip of the finger cannot drop most of the trail. */
const auditKeepDaysSchema = z.number().int().min(30).max(36500).nullable()
const backupDirSchema = z.string().trim().min(1).max(4096)
const backupKeepSchema = z.number().int().min(1).max(365)

/** Every field has a default, so a missing or damaged preferences file yields usable settings. */
export const preferencesSchema = z
  .object({
    theme: themeSchema.default('system'),
    /** Lock after this many idle minutes; 0 turns idle locking off. */
    idleMinutes: z.number().int().min(0).max(240).default(15),
    /** Clear a copied key from the clipboard after this many seconds. */
    clipboardSeconds: z.number().int().min(5).max(600).default(30),
    /** Sync every connection this often while unlocked; 0 turns background sync off. */
    syncMinutes: z.number().int().min(0).max(1440).default(30),
    /** Hygiene counts keys older than this as due for rotation. */
    maxKeyAgeDays: z.number().int().min(1).max(3650).default(365),
    /**
     * Audit entries older than this many days are removed (the cut is itself recorded, so the
     * chain stays checkable); null keeps everything.
     */
    auditKeepDays: auditKeepDaysSchema.default(null),
    /** The folder backups go to; unset means `<data folder>/backups`. */
    backupDir: backupDirSchema.optional(),
    /** How many backups that folder keeps (daily, manual and before-migration copies together). */
    backupKeep: backupKeepSchema.default(7),
    /** Policy rule sets: one for all connections and one per connection at most. */
    policies: policiesSchema.default([]),
    window: windowStateSchema.optional()
  })
  .strict()
export type Preferences = z.output<typeof preferencesSchema>

export const preferencesPatchSchema = z
  .object({
    theme: themeSchema.optional(),
    idleMinutes: z.number().int().min(0).max(240).optional(),
    clipboardSeconds: z.number().int().min(5).max(600).optional(),
    syncMinutes: z.number().int().min(0).max(1440).optional(),
    maxKeyAgeDays: z.number().int().min(1).max(3650).optional(),
    auditKeepDays: auditKeepDaysSchema.optional(),
    backupDir: backupDirSchema.optional(),
    backupKeep: backupKeepSchema.optional(),
    policies: policiesSchema.optional(),
    window: windowStateSchema.optional()
  })
  .strict()
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>
