// Schemas of the `ipfilter:*` channels (simulate and lint an IP list for a hub kind); pure computation, shared by main, preload, renderer and the CLI.
import { z } from 'zod'
import { answersLocked, channel } from './channel-spec'
import { hubKindSchema } from './hubs.contract'
import { ipFindingKinds } from './ip-filter/ip-lint'

/** Entries as typed (the reasons explain what is wrong); `null`: no restriction at all. */
const rules = z.array(z.string().max(100)).max(1000).nullable()
const sentence = z.string().max(1000)
const position = z.number().int().nonnegative()
const matchedRule = z.object({ index: position, cidr: z.string().max(100) }).strict()

export const ipCheckRequestSchema = z
  .object({
    rules,
    address: z.string().max(100),
    /** The hub kind the list is for: it decides what an empty list means and which families count. */
    kind: hubKindSchema.optional()
  })
  .strict()

export const ipCheckResponseSchema = z.discriminatedUnion('verdict', [
  z
    .object({
      verdict: z.literal('allowed'),
      address: z.string().max(100),
      rule: matchedRule.nullable(),
      matches: z.array(matchedRule).max(1000),
      reason: sentence
    })
    .strict(),
  z
    .object({
      verdict: z.literal('denied'),
      address: z.string().max(100),
      rule: z.null(),
      matches: z.array(matchedRule).max(0),
      reason: sentence
    })
    .strict(),
  z
    .object({
      verdict: z.literal('invalid'),
      problems: z
        .array(
          z
            .object({ index: position.nullable(), input: z.string().max(100), error: sentence })
            .strict()
        )
        .max(1001),
      reason: sentence
    })
    .strict()
])
export type IpCheckResponse = z.output<typeof ipCheckResponseSchema>

export const ipLintRequestSchema = z.object({ rules, kind: hubKindSchema.optional() }).strict()

export const ipLintResponseSchema = z
  .object({
    /** Each entry's canonical CIDR, or `null` where it does not parse. */
    entries: z
      .array(
        z.object({ input: z.string().max(100), cidr: z.string().max(100).nullable() }).strict()
      )
      .max(1000),
    findings: z
      .array(
        z
          .object({
            kind: z.enum(ipFindingKinds),
            severity: z.enum(['error', 'warning']),
            rules: z.array(position).max(1000),
            message: sentence
          })
          .strict()
      )
      .max(5000)
  })
  .strict()
export type IpLintResponse = z.output<typeof ipLintResponseSchema>

export const ipfilterChannels = {
  // Pure computation over what the request holds: no vault, no secret, no hub.
  'ipfilter:check': channel(ipCheckRequestSchema, ipCheckResponseSchema, {
    ...answersLocked,
    audit: false
  }),
  'ipfilter:lint': channel(ipLintRequestSchema, ipLintResponseSchema, {
    ...answersLocked,
    audit: false
  })
}
