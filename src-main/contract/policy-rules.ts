// Policy rules for keys (age, expiry, IP restriction, naming, rotation, missing at hub) and their pure evaluation; shared by main (checks, reports) and the renderer (the table's policy column).
import { z } from 'zod'
import type { Environment, KeyStatus } from './hubs.contract'

const dayMs = 86_400_000
const days = z.number().int().min(1).max(3650)

/** A regular expression the whole key name must match; checked to compile before it is stored. */
const namePatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(200, 'Keep the naming pattern under 200 characters.')
  .refine((pattern) => compilePattern(pattern) !== undefined, {
    message: 'The naming pattern is not a valid regular expression.'
  })

/** Each rule is off when null or false. */
export const policyRulesSchema = z
  .object({
    maxKeyAgeDays: days.nullable().default(null),
    expiryRequired: z.boolean().default(false),
    ipRestrictionOnProd: z.boolean().default(false),
    noAllowAll: z.boolean().default(false),
    namePattern: namePatternSchema.nullable().default(null),
    rotationOverdueDays: days.nullable().default(null),
    /** A key missing at its hub for more than this many days (0: any missing key). */
    missingAtHubDays: z.number().int().min(0).max(3650).nullable().default(null)
  })
  .strict()
export type PolicyRules = z.output<typeof policyRulesSchema>

/** `all` applies to every key; otherwise the id of the one connection it applies to. */
export const policyScopeSchema = z.string().trim().min(1).max(100)

export const policySetSchema = z
  .object({ scope: policyScopeSchema, rules: policyRulesSchema })
  .strict()
export type PolicySet = z.output<typeof policySetSchema>

export const policiesSchema = z
  .array(policySetSchema)
  .max(200)
  .refine((sets) => new Set(sets.map((set) => set.scope)).size === sets.length, {
    message: 'Give each connection (and "all") at most one rule set.'
  })
export type Policies = z.output<typeof policiesSchema>

export const policyRuleIds = [
  'max-key-age',
  'expiry-required',
  'ip-restriction-on-prod',
  'no-allow-all',
  'name-pattern',
  'rotation-overdue',
  'missing-at-hub'
] as const
export const policyRuleIdSchema = z.enum(policyRuleIds)
export type PolicyRuleId = z.output<typeof policyRuleIdSchema>

/** How a rule reads in the UI and in reports. */
export const policyRuleLabel = (rule: PolicyRuleId, rules: PolicyRules): string => {
  switch (rule) {
    case 'max-key-age':
      return `Keys at most ${rules.maxKeyAgeDays ?? '?'} days old`
    case 'expiry-required':
      return 'Every key has an expiry date'
    case 'ip-restriction-on-prod':
      return 'Keys on production are IP-restricted'
    case 'no-allow-all':
      return 'No rule allows every address'
    case 'name-pattern':
      return `Names match /${rules.namePattern ?? ''}/`
    case 'rotation-overdue':
      return `Rotated at least every ${rules.rotationOverdueDays ?? '?'} days`
    case 'missing-at-hub':
      return rules.missingAtHubDays === 0
        ? 'No key missing at its hub'
        : `No key missing at its hub for more than ${rules.missingAtHubDays ?? '?'} days`
  }
}

/** The rules a set turns on, in the order reports list them. */
export const enabledRules = (rules: PolicyRules): PolicyRuleId[] =>
  policyRuleIds.filter((rule) => {
    switch (rule) {
      case 'max-key-age':
        return rules.maxKeyAgeDays !== null
      case 'expiry-required':
        return rules.expiryRequired
      case 'ip-restriction-on-prod':
        return rules.ipRestrictionOnProd
      case 'no-allow-all':
        return rules.noAllowAll
      case 'name-pattern':
        return rules.namePattern !== null
      case 'rotation-overdue':
        return rules.rotationOverdueDays !== null
      case 'missing-at-hub':
        return rules.missingAtHubDays !== null
    }
  })

/** What a rule needs to know about a key: a subset of the table's row. */
export interface PolicySubject {
  connectionId: string
  name: string
  environment: Environment
  status: KeyStatus
  createdAt: number | null
  expiresAt: number | null
  /** `null`: no IP restriction. */
  ipRuleCount: number | null
  allowsAll: boolean
  missingSince: number | null
}

export interface PolicyViolation {
  rule: PolicyRuleId
  /** The rule set it comes from: `all` or a connection id. */
  scope: string
  /** One sentence saying what is wrong with this key. */
  detail: string
}

const patterns = new Map<string, RegExp | null>()

/** The pattern anchored to the whole name; undefined when it does not compile. Cached. */
function compilePattern(pattern: string): RegExp | undefined {
  let compiled = patterns.get(pattern)
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^(?:${pattern})$`, 'u')
    } catch {
      compiled = null
    }
    if (patterns.size > 100) patterns.clear()
    patterns.set(pattern, compiled)
  }
  return compiled ?? undefined
}

const ageDays = (since: number, now: number): number => Math.floor((now - since) / dayMs)

const check = (
  rule: PolicyRuleId,
  rules: PolicyRules,
  key: PolicySubject,
  now: number
): string | undefined => {
  switch (rule) {
    case 'max-key-age': {
      if (key.createdAt === null) return undefined
      const age = ageDays(key.createdAt, now)
      const limit = rules.maxKeyAgeDays ?? Infinity
      return age > limit ? `Created ${age} days ago; the limit is ${limit} days.` : undefined
    }
    case 'expiry-required':
      return key.expiresAt === null ? 'Has no expiry date.' : undefined
    case 'ip-restriction-on-prod':
      if (key.environment !== 'prod') return undefined
      if (key.ipRuleCount === null) return 'On production with no IP restriction.'
      return key.allowsAll ? 'On production, and its IP rules allow every address.' : undefined
    case 'no-allow-all':
      // A key with no IP list at all is the restriction rule's concern, not an allow-all rule.
      return key.ipRuleCount !== null && key.allowsAll
        ? 'An IP rule allows every address (0.0.0.0/0 or ::/0).'
        : undefined
    case 'name-pattern': {
      const pattern = compilePattern(rules.namePattern ?? '')
      return pattern && !pattern.test(key.name)
        ? `The name "${key.name}" does not match the naming pattern.`
        : undefined
    }
    case 'rotation-overdue': {
      // The value changes when the key is created or rotated (a rotation makes a new key).
      if (key.createdAt === null) return undefined
      const age = ageDays(key.createdAt, now)
      const every = rules.rotationOverdueDays ?? Infinity
      return age > every
        ? `Rotation overdue by ${age - every} days (rotate every ${every} days).`
        : undefined
    }
    case 'missing-at-hub': {
      if (key.status !== 'missing') return undefined
      const limit = rules.missingAtHubDays ?? Infinity
      if (key.missingSince === null) return limit === 0 ? 'Missing at its hub.' : undefined
      const gone = ageDays(key.missingSince, now)
      return limit === 0 || gone > limit ? `Missing at its hub for ${gone} days.` : undefined
    }
  }
}

/** The rule sets that apply to a key: the `all` set and its connection's own. */
export const setsFor = (policies: Policies, connectionId: string): PolicySet[] =>
  policies.filter((set) => set.scope === 'all' || set.scope === connectionId)

/**
 * Every violation of the policies by one key. A deleted key is past every rule; a key missing at
 * its hub is judged only by the missing-at-hub rule (its other facts are the hub's last word).
 */
export const evaluatePolicies = (
  policies: Policies,
  key: PolicySubject,
  now: number
): PolicyViolation[] => {
  if (key.status === 'deleted') return []
  const violations: PolicyViolation[] = []
  for (const set of setsFor(policies, key.connectionId)) {
    for (const rule of enabledRules(set.rules)) {
      if (key.status === 'missing' && rule !== 'missing-at-hub') continue
      const detail = check(rule, set.rules, key, now)
      if (detail !== undefined) violations.push({ rule, scope: set.scope, detail })
    }
  }
  return violations
}
