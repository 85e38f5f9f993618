// Schemas of the `ipfilter:*` channels (simulate and lint an IP list, plan a change over many keys, this machine's addresses); shared by main, preload, renderer and the CLI.
import { z } from 'zod'
import { answersLocked, channel, needsUnlock } from './channel-spec'
import { hubKindSchema } from './hubs.contract'
import { ipChangeOperations } from './ip-filter/ip-change'
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

const listOrNone = z.array(z.string().max(100)).max(1000).nullable()

export const ipPlanRequestSchema = z
  .object({
    /** Hubkeys' own ids of the keys (the table's selection), across connections. */
    keyIds: z.array(z.string().min(1).max(100)).min(1).max(1000),
    operation: z.enum(ipChangeOperations),
    /** The entries to add, remove, or make the whole list; valid rules, as the editor checks them. */
    entries: z.array(z.string().max(100)).max(1000)
  })
  .strict()
export type IpPlanRequest = z.input<typeof ipPlanRequestSchema>

export const ipPlanItemSchema = z
  .object({
    keyId: z.string().max(100),
    /** Empty when Hubkeys has no record of the key. */
    connectionId: z.string().max(100),
    connectionName: z.string().max(200),
    kind: hubKindSchema.nullable(),
    name: z.string().max(500),
    /**
     * `change`: apply `after` through `keys:update`; `unchanged`: the list already is what the
     * change asks; `cannot`: `reason` says why (the kind edits no IPs, the key is missing at its
     * hub, the result would be invalid there).
     */
    outcome: z.enum(['change', 'unchanged', 'cannot']),
    before: listOrNone,
    after: listOrNone,
    added: z.array(z.string().max(100)).max(1000),
    removed: z.array(z.string().max(100)).max(1000),
    /** One sentence: what changes, or why nothing does. */
    reason: z.string().max(2000),
    /** What the lint finds in the new list (warnings only; errors make it `cannot`). */
    warnings: z.array(z.string().max(1000)).max(50),
    /** Edits land only in Hubkeys' record for this kind; the admin mirrors them at the hub. */
    localOnly: z.boolean()
  })
  .strict()
export type IpPlanItem = z.output<typeof ipPlanItemSchema>

export const ipLocalAddressesSchema = z
  .object({
    addresses: z
      .array(
        z
          .object({
            /** The interface name as the operating system reports it (`eth0`, `en0`). */
            interface: z.string().max(100),
            address: z.string().max(100),
            family: z.union([z.literal(4), z.literal(6)])
          })
          .strict()
      )
      .max(200)
  })
  .strict()
export type IpLocalAddresses = z.output<typeof ipLocalAddressesSchema>

export const ipfilterChannels = {
  // Pure computation over what the request holds: no vault, no secret, no hub.
  'ipfilter:check': channel(ipCheckRequestSchema, ipCheckResponseSchema, {
    ...answersLocked,
    audit: false
  }),
  'ipfilter:lint': channel(ipLintRequestSchema, ipLintResponseSchema, {
    ...answersLocked,
    audit: false
  }),
  /**
   * The dry run of one IP change over many keys: per key, the list before and after or why it
   * cannot change. It only reads the cache; applying goes through `keys:update` per key, so each
   * edit is audited and fails alone.
   */
  'ipfilter:plan': channel(
    ipPlanRequestSchema,
    z.object({ items: z.array(ipPlanItemSchema).max(1000) }).strict(),
    { ...needsUnlock, audit: false }
  ),
  /**
   * The addresses of this machine's network interfaces (loopback and link-local left out), for
   * the editor's "Add my current address"; read locally, never from the internet.
   */
  'ipfilter:local-addresses': channel(z.object({}).strict(), ipLocalAddressesSchema, {
    ...needsUnlock,
    audit: false
  })
}
