// Schemas of the policy channels (check the cached keys against the rules, the report as JSON or printable HTML); shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { environmentSchema, keyStatusSchema } from './hubs.contract'
import { policiesSchema, policyRuleIdSchema } from './policy-rules'

const violationSchema = z
  .object({ rule: policyRuleIdSchema, scope: z.string(), detail: z.string() })
  .strict()

/** One key's result: no violations means it passes every rule that applies to it. */
export const policyKeyResultSchema = z
  .object({
    keyId: z.string(),
    connectionId: z.string(),
    connectionName: z.string(),
    environment: environmentSchema,
    name: z.string(),
    hubKeyId: z.string(),
    status: keyStatusSchema,
    violations: z.array(violationSchema)
  })
  .strict()
export type PolicyKeyResult = z.output<typeof policyKeyResultSchema>

/** How many keys break each rule of each rule set. */
export const policyRuleCountSchema = z
  .object({
    scope: z.string(),
    /** The connection's name, or "All connections". */
    scopeName: z.string(),
    rule: policyRuleIdSchema,
    label: z.string(),
    violating: z.number().int().nonnegative()
  })
  .strict()
export type PolicyRuleCount = z.output<typeof policyRuleCountSchema>

export const policyCheckSchema = z
  .object({
    /** When the check ran (epoch ms): relative rules (age, missing days) are measured from it. */
    checkedAt: z.number(),
    policies: policiesSchema,
    keysChecked: z.number().int().nonnegative(),
    keysViolating: z.number().int().nonnegative(),
    rules: z.array(policyRuleCountSchema),
    /** Keys with a violation (up to `limit`); the report lists every key. */
    violating: z.array(policyKeyResultSchema),
    /** More keys violate than `violating` holds. */
    truncated: z.boolean()
  })
  .strict()
export type PolicyCheck = z.output<typeof policyCheckSchema>

export const policyReportFormatSchema = z.enum(['json', 'html'])

export const policyChannels = {
  /** Checks every cached key against the rules in the preferences. */
  'policy:check': channel(
    z.object({ limit: z.number().int().min(0).max(5000).default(500) }).strict(),
    policyCheckSchema,
    { ...needsUnlock, audit: false }
  ),
  /** The evidence document: the rules, every key's result and when it was made. */
  'policy:report': channel(
    z.object({ format: policyReportFormatSchema }).strict(),
    z
      .object({
        fileName: z.string(),
        mediaType: z.enum(['application/json', 'text/html']),
        text: z.string()
      })
      .strict(),
    { ...needsUnlock, audit: false }
  )
} as const
