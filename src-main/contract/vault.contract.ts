// Schemas of the vault channels and events (create, unlock, lock, change password, remember); shared by all layers.
import { z } from 'zod'
import { answersLocked, channel, needsUnlock } from './channel-spec'

/** Long passphrases are welcome; the cap only bounds the work an attacker can make us do. */
export const passwordMaxLength = 1024
export const passwordMinLength = 12

const newPassword = z
  .string()
  .min(passwordMinLength, `The master password needs at least ${passwordMinLength} characters.`)
  .max(passwordMaxLength)
const anyPassword = z.string().min(1, 'Enter the master password.').max(passwordMaxLength)

/** A new master password's rules (create, change password); the renderer's forms check with it. */
export const newPasswordSchema = newPassword

export const lockReasonSchema = z.enum(['manual', 'idle', 'suspend', 'screen-lock', 'quit'])
export type LockReason = z.output<typeof lockReasonSchema>

export const vaultStatusSchema = z
  .object({
    state: z.enum(['absent', 'locked', 'unlocked']),
    /** Failed unlocks in a row; after five each further attempt waits longer. */
    failures: z.number().int().nonnegative(),
    /** Seconds until the next unlock attempt is accepted, when a wait applies. */
    retryAfterSeconds: z.number().nonnegative().optional(),
    /** Desktop only: the data key is also wrapped by the OS keychain. */
    remembered: z.boolean(),
    /** Desktop only: the OS keychain really encrypts (not Linux's `basic_text`), so it may be turned on. */
    rememberAvailable: z.boolean()
  })
  .strict()
export type VaultStatus = z.output<typeof vaultStatusSchema>

/**
 * Turning "remember on this device" on proves the master password again (whoever sits at an
 * unlocked window must not make it open without one from then on); turning it off needs nothing.
 */
export const rememberRequestSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(true), password: anyPassword }).strict(),
  z.object({ enabled: z.literal(false) }).strict()
])
export type RememberRequest = z.output<typeof rememberRequestSchema>

export const vaultChannels = {
  'vault:status': channel(z.object({}).strict(), vaultStatusSchema, {
    ...answersLocked,
    audit: false
  }),
  'vault:create': channel(z.object({ password: newPassword }).strict(), vaultStatusSchema, {
    ...answersLocked,
    carriesSecret: 'request',
    audit: 'vault-create'
  }),
  'vault:unlock': channel(z.object({ password: anyPassword }).strict(), vaultStatusSchema, {
    ...answersLocked,
    carriesSecret: 'request',
    // A failed attempt is recorded as `unlock-failed` (derived from the outcome).
    audit: 'unlock'
  }),
  'vault:lock': channel(z.object({}).strict(), vaultStatusSchema, {
    ...answersLocked,
    audit: 'lock'
  }),
  // Changing the password needs the data key, so the vault must be open.
  'vault:change-password': channel(
    z.object({ current: anyPassword, next: newPassword }).strict(),
    vaultStatusSchema,
    { ...needsUnlock, carriesSecret: 'request', audit: 'password-change' }
  ),
  /** The renderer reports user activity (throttled) so idle locking follows the person, not the calls. */
  'vault:touch': channel(z.object({}).strict(), z.object({}).strict(), {
    ...answersLocked,
    audit: false
  }),
  /** Desktop only: wraps the data key with the OS keychain (or forgets it); needs the vault unlocked. */
  'vault:remember': channel(rememberRequestSchema, vaultStatusSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    // Turning it off is recorded as `forget`.
    audit: 'remember'
  }),
  /** Desktop only: unlocks with the key the OS keychain holds, when `remembered`. */
  'vault:unlock-remembered': channel(z.object({}).strict(), vaultStatusSchema, {
    ...answersLocked,
    audit: 'unlock'
  })
} as const

export const vaultEvents = {
  'vault:locked': z.object({ reason: lockReasonSchema }).strict(),
  'vault:unlocked': z.object({}).strict()
} as const
