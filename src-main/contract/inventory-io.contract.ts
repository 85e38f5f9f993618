// Schemas of the inventory export (JSON or CSV, metadata only, or encrypted with the values) and the CSV import of recorded keys; shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'

/** The same floor as the master password: the file may leave this machine. */
export const exportPassphraseMinLength = 12

const passphrase = z
  .string()
  .min(
    exportPassphraseMinLength,
    `Use a passphrase of at least ${exportPassphraseMinLength} characters; the file may leave this computer.`
  )
  .max(1024)

export const exportRequestSchema = z
  .object({
    format: z.enum(['json', 'csv']),
    /** Connections to export; all when absent. */
    connectionIds: z.array(z.string().min(1).max(100)).max(500).optional(),
    /** The keys' values too, only on explicit request, and then only in a file sealed with `passphrase`. */
    withSecrets: z.boolean().default(false),
    passphrase: passphrase.optional()
  })
  .strict()
  .refine((request) => !request.withSecrets || request.passphrase !== undefined, {
    message: 'Exporting the values needs a passphrase to encrypt the file with.',
    path: ['passphrase']
  })
export type ExportRequest = z.input<typeof exportRequestSchema>

export const exportFileSchema = z
  .object({
    fileName: z.string(),
    mediaType: z.enum(['application/json', 'text/csv']),
    /** The file's text; with values, an encrypted envelope (JSON) that holds no plaintext. */
    text: z.string(),
    keys: z.number().int().nonnegative(),
    encrypted: z.boolean()
  })
  .strict()
export type ExportFile = z.output<typeof exportFileSchema>

/** Five megabytes of CSV is tens of thousands of keys: more than anyone records by hand. */
export const maxImportBytes = 5_000_000

export const importRequestSchema = z
  .object({
    connectionId: z.string().min(1).max(100),
    /** The CSV with a header row; its value column holds key material. Never log it. */
    csv: z
      .string()
      .min(1, 'The file is empty.')
      .max(maxImportBytes, 'Import at most 5 MB of CSV at a time.'),
    /** Check every row and say what would happen; record nothing. */
    dryRun: z.boolean().default(true)
  })
  .strict()

export const importRowSchema = z
  .object({
    /** The line the row starts on in the file. */
    line: z.number().int().positive(),
    name: z.string(),
    outcome: z.enum(['ready', 'imported', 'error']),
    /** Why the row cannot be imported, or what was recorded. */
    detail: z.string()
  })
  .strict()
export type ImportRow = z.output<typeof importRowSchema>

export const importResultSchema = z
  .object({
    dryRun: z.boolean(),
    /** What was odd about the file itself (columns Hubkeys does not read, say). */
    notes: z.array(z.string()),
    rows: z.array(importRowSchema),
    ready: z.number().int().nonnegative(),
    imported: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative()
  })
  .strict()
export type ImportResult = z.output<typeof importResultSchema>

/** The columns an import reads (header names, any case); `name` and `value` are required. */
export const importColumns = [
  'name',
  'value',
  'status',
  'expires',
  'created',
  'owner',
  'ip_rules'
] as const

export const inventoryIoChannels = {
  /** The inventory as a file; values only when asked, and then sealed with the passphrase. */
  'inventory:export': channel(exportRequestSchema, exportFileSchema, {
    ...needsUnlock,
    // The passphrase travels in; the values leave only inside the sealed envelope.
    carriesSecret: 'request',
    audit: 'export'
  }),
  /** Records keys made elsewhere from CSV rows (name, value, ...): a dry run first, then for real. */
  'inventory:import': channel(importRequestSchema, importResultSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    audit: 'import'
  })
} as const
