// The shape of one request channel (schemas plus the facts dispatch, the lock gate, logging and the audit log read); shared by all layers.
import type { z } from 'zod'
import type { AuditAction } from './audit-actions'

/**
 * What every channel must say about itself. Each field is required, so a new channel cannot be
 * added without deciding them; dispatch and the lock gate read them here, never from a list.
 */
export interface ChannelFacts {
  /** Answers while the vault is locked: it describes or unlocks the vault, or holds nothing secret. */
  whileLocked: boolean
  /**
   * Which side may carry a secret (a password, a hub credential, a key's value). Dispatch never
   * logs the payload of such a side.
   */
  carriesSecret: 'none' | 'request' | 'response' | 'both'
  /** It changes something at a hub (creates, edits or deletes a key there), not only Hubkeys' own data. */
  changesHub: boolean
  /**
   * What the audit log records for every call (dispatch writes the entry, so a channel cannot
   * forget it), or `false` for channels that only read or describe. Never a preset: each channel
   * decides it where it is defined.
   */
  audit: false | AuditAction
}

/** The facts presets leave to each channel: whether and how it is audited. */
export type PresetFacts = Omit<ChannelFacts, 'audit'>

export interface ChannelSpec<
  Request extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType
> {
  request: Request
  response: Response
  facts: ChannelFacts
}

/** Builds a channel spec; `facts` is required so each channel states them where it is defined. */
export const channel = <Request extends z.ZodType, Response extends z.ZodType>(
  request: Request,
  response: Response,
  facts: ChannelFacts
): ChannelSpec<Request, Response> => ({ request, response, facts })

/** The common case: needs the vault unlocked, carries no secret, changes nothing at a hub. */
export const needsUnlock: PresetFacts = {
  whileLocked: false,
  carriesSecret: 'none',
  changesHub: false
}

/** Describes the app or the vault; answers while locked, carries no secret. */
export const answersLocked: PresetFacts = {
  whileLocked: true,
  carriesSecret: 'none',
  changesHub: false
}
