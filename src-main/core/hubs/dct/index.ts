// The Delphix DCT hub kind: capabilities, connection checks and the adapter factory; runs in main.
import type { Connection } from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import type { Secret } from '../../../common/secret'
import type { HubKindModule } from '../hub-adapter'
import { bareToken, createDctAdapter, looksLikeDctToken, type DctAdapter } from './dct.adapter'
import { dctCapabilities } from './dct.capabilities'
import { resolveDctProfile } from './dct.version'

export type { DctAdapter, GlobalKeyExpiry, RegeneratedKey } from './dct.adapter'
export { capabilitiesFor, dctCapabilities } from './dct.capabilities'
export { defaultDctBasePath, resolveDctProfile, type DctProfile } from './dct.version'
export { idempotencyTagKey } from './dct.adapter'
export { looksLikeDctToken }

/**
 * Checks a DCT connection before it is saved or used: a base path (or server version) that says
 * which API the server speaks, and an API key. The key's `<accountId>.<64 chars>` shape is only
 * inferred from DCT's examples, so a different shape is accepted (the UI may hint with
 * `looksLikeDctToken`).
 */
const checkConnection = (connection: Connection, credential: Secret | undefined): void => {
  if (connection.kind !== 'dct')
    throw new AppError('BAD_REQUEST', 'This connection is not a DCT connection.')
  resolveDctProfile(connection.settings)
  // Revealed only to check its shape.
  const token = credential ? bareToken(credential.reveal()) : ''
  if (!token) {
    throw new AppError('BAD_REQUEST', 'Enter the DCT API key (the part after "apk ").')
  }
  if (/\s/.test(token)) {
    throw new AppError('BAD_REQUEST', 'A DCT API key has no spaces or line breaks; paste it again.')
  }
}

/** The DCT kind. `satisfies` keeps the factory's DCT-specific return type (reset, regenerate, ...). */
export const dctHub = {
  kind: 'dct' as const,
  capabilities: dctCapabilities,
  checkConnection,
  create: (context: Parameters<HubKindModule['create']>[0]): DctAdapter => createDctAdapter(context)
} satisfies HubKindModule
