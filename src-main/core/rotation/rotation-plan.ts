// What a rotation of one key will do and how risky it is, from its hub's declared strategy, before anything runs; pure, runs in main.
import type { Capabilities, Environment } from '../../contract/hubs.contract'
import {
  graceWindows,
  type GraceWindow,
  type RotationPlanItem,
  type RotationRisk,
  type RotationStrategy
} from '../../contract/rotation.contract'

/** The strategy a hub kind declares, or null when Hubkeys cannot rotate its keys. */
export const strategyOf = (capabilities: Capabilities): RotationStrategy | null =>
  capabilities.rotation === 'manual' ? null : capabilities.rotation

/** Grace windows a strategy can honour: a reset replaces the only key at once. */
export const graceWindowsOf = (strategy: RotationStrategy | null): GraceWindow[] =>
  strategy === 'reset-cutover' || strategy === 'regenerate-own' || strategy === null
    ? ['0']
    : [...graceWindows]

/** The steps in plain words, shown before anything runs (UI) and printed by `hubkeys rotate`. */
export const explanationOf = (strategy: RotationStrategy | null, hubLabel: string): string => {
  switch (strategy) {
    case 'create-verify-delete':
      return `Creates a new key at ${hubLabel} with the same role and IP rules, stores its value, verifies it, then deletes the old key (after the grace window, if you choose one). If the new key does not verify, it is deleted and the old one stays.`
    case 'reset-cutover':
      return `Resets the key at ${hubLabel}: the hub replaces it at once, so every consumer of the old key breaks until it switches to the new value. The new value is stored, then verified. There is no grace window and no way back.`
    case 'create-verify-retire':
      return `Creates a new key at ${hubLabel}, stores its value and verifies it. ${hubLabel}'s API cannot delete keys: the old key keeps working until you remove it with ${hubLabel}'s own tools; Hubkeys retires its record once its usage has stopped.`
    case 'guided':
      return `Guided: make the new key in ${hubLabel}'s console (or let Hubkeys generate a generic token), paste its value, Hubkeys stores and verifies it live, then lists what to change in the console; you mark the old key revoked when it is gone there.`
    case 'regenerate-own':
      return credentialExplanationOf(hubLabel)
    case null:
      return `Hubkeys cannot rotate keys at ${hubLabel} through its API: make a new key there and record it, then delete the old one there.`
  }
}

/**
 * The connection's own credential (DCT api-key-regenerate): one call whose answer is the only copy
 * of the new key while the old one already stops working, so the window is named before it runs.
 */
export const credentialExplanationOf = (hubLabel: string, recoveryLabel?: string): string =>
  `Regenerates the connection's own credential at ${hubLabel} in one call (api-key-regenerate): DCT returns the new key once and the old one stops working at that moment; Hubkeys stores the new one as the connection's credential in the same step, then verifies it. The risk is that one call: if Hubkeys is stopped inside it (a crash, a lost network), the new key can be lost while the old one is already dead. ${
    recoveryLabel
      ? `Hubkeys then resets this account's key through "${recoveryLabel}" (another account on the same DCT server) and stores that instead.`
      : `Without a recovery connection nothing brings it back: a DCT admin must reset this account's key, and you store it with "Replace credential". Choose another connection to the same DCT server as the recovery connection to avoid that.`
  }`

export const riskOf = (
  strategy: RotationStrategy | null,
  environment: Environment
): RotationRisk => {
  if (strategy === null) return 'blocked'
  if (strategy === 'reset-cutover' || strategy === 'regenerate-own') return 'high'
  if (strategy === 'create-verify-delete') return environment === 'prod' ? 'medium' : 'low'
  // The old key stays live (no delete API) or is changed by hand in a console.
  return 'medium'
}

export interface PlanInput {
  keyId: string
  keyName: string
  connectionId: string
  hubLabel: string
  environment: Environment
  capabilities: Capabilities
  /** Why this key cannot be rotated now (deleted, missing, a rotation unfinished), if so. */
  blockedBecause?: string
}

export const planItemOf = (input: PlanInput): RotationPlanItem => {
  const strategy = strategyOf(input.capabilities)
  const explanation = explanationOf(strategy, input.hubLabel)
  return {
    keyId: input.keyId,
    keyName: input.keyName,
    connectionId: input.connectionId,
    strategy,
    risk: input.blockedBecause ? 'blocked' : riskOf(strategy, input.environment),
    explanation: input.blockedBecause ? `${input.blockedBecause} ${explanation}` : explanation,
    needsTypedName: strategy === 'reset-cutover',
    graceWindows: graceWindowsOf(strategy)
  }
}
