// `hubkeys rotate` and `hubkeys rotations list`: key rotation over the contract (dry run without --yes, resume, the journal); plain Node.
import type { RotationPlanItem, RotationView } from '../contract/rotation.contract'
import { graceWindowSchema } from '../contract/rotation.contract'
import { iso, parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, table, type TerminalText } from './terminal-text'

/** The documented `--json` shape of a journal row: never a secret. */
const rotationJson = (rotation: RotationView) => ({
  id: rotation.id,
  key: rotation.keyName,
  keyId: rotation.keyId,
  strategy: rotation.strategy,
  state: rotation.state,
  newKeyId: rotation.newHubKeyId,
  attempts: rotation.attempts,
  lastError: rotation.lastError,
  graceUntil: iso(rotation.graceUntil),
  notes: rotation.notes,
  stuck: rotation.stuck,
  ...(rotation.runningElsewhere ? { runningElsewhere: rotation.runningElsewhere } : {}),
  updated: iso(rotation.updatedAt)
})

const rotationTable = (rotations: RotationView[]): TerminalText =>
  table([
    ['ID', 'KEY', 'STRATEGY', 'STATE', 'UPDATED', 'LAST ERROR'],
    ...rotations.map((r) => [
      r.id.slice(0, 8),
      r.keyName,
      r.strategy,
      r.stuck ? `${r.state} (stuck)` : r.state,
      iso(r.updatedAt)?.slice(0, 16) ?? '',
      r.lastError ?? ''
    ])
  ])

/** One line per rotation for people: where it is and what is left. */
const rotationLine = (r: RotationView): TerminalText => {
  if (r.runningElsewhere)
    return line`${r.keyName}: ${r.state}; being run by another Hubkeys process (${r.runningElsewhere}), left alone.`
  if (r.state === 'DONE')
    return line`${r.keyName}: rotated; the new key is ${r.newHubKeyId ?? '?'}.`
  if (r.state === 'SWITCHED') {
    const until = r.graceUntil === null ? 'until you mark it revoked' : `until ${iso(r.graceUntil)}`
    return line`${r.keyName}: switched to ${r.newHubKeyId ?? '?'}; the old key stays ${until}.`
  }
  return line`${r.keyName}: ${r.state}${r.lastError ? ` (${r.lastError})` : ''}`
}

/** What the admin still has to do by hand, one line each (a key to delete in a console, say). */
const notesOf = (r: RotationView): TerminalText[] => r.notes.map((note) => line`- ${note}`)

const planText = (item: RotationPlanItem): TerminalText =>
  lines(
    line`${item.keyName}: ${item.strategy ?? 'cannot rotate'}, risk ${item.risk}.`,
    line`${item.explanation}`,
    line`Nothing was changed; add --yes to run it.`
  )

const finishedWell = (r: RotationView) =>
  r.state === 'DONE' || (r.state === 'SWITCHED' && !r.lastError)

const resume = async (ctx: CommandContext, asJson: boolean, yes: boolean): Promise<number> => {
  await ctx.unlock()
  if (!yes) {
    const { rotations } = await ctx.call('rotation:list', { unfinished: true })
    ctx.print(
      asJson
        ? json(rotations.map(rotationJson))
        : rotations.length
          ? lines(rotationTable(rotations), line`Add --yes to resume them.`)
          : line`No unfinished rotations.`
    )
    return 0
  }
  const { rotations } = await ctx.call('rotation:resume', {})
  ctx.print(
    asJson
      ? json(rotations.map(rotationJson))
      : rotations.length
        ? lines(...rotations.flatMap((r) => [rotationLine(r), ...notesOf(r)]))
        : line`No unfinished rotations.`
  )
  return rotations.every(finishedWell) ? 0 : 1
}

/**
 * The connection's own credential (DCT api-key-regenerate); never printed. Without --yes: the one
 * call's window, the risk and the recovery connection (chosen, or which could be).
 */
const rotateCredential = async (
  ctx: CommandContext,
  hub: string | undefined,
  recoveryHub: string | undefined,
  yes: boolean,
  asJson: boolean
): Promise<number> => {
  await ctx.unlock()
  const connection = await connectionNamed(ctx, hub)
  const recovery = recoveryHub === undefined ? undefined : await connectionNamed(ctx, recoveryHub)
  if (!yes) {
    const { items } = await ctx.call('rotation:plan', {
      connectionId: connection.id,
      keyIds: ['credential'],
      target: 'credential',
      ...(recovery ? { recoveryConnectionId: recovery.id } : {})
    })
    const [item] = items
    if (!item) throw new Error('The plan came back empty.')
    const candidates = item.recoveryConnections ?? []
    ctx.print(
      asJson
        ? json(item)
        : lines(
            line`${connection.name}: ${item.strategy ?? 'cannot regenerate'}, risk ${item.risk}.`,
            line`${item.explanation}`,
            ...(recovery
              ? [line`Recovery connection: ${recovery.name}.`]
              : candidates.length
                ? [
                    line`Connections that could recover it (--recovery-hub NAME): ${candidates.map((c) => c.name).join(', ')}.`
                  ]
                : [line`No other connection to this DCT server could recover it.`]),
            line`Nothing was changed; add --yes to run it.`
          )
    )
    return 0
  }
  const started = await ctx.call('rotation:start', {
    connectionId: connection.id,
    target: 'credential',
    keyId: 'credential',
    ...(recovery ? { recoveryConnectionId: recovery.id } : {})
  })
  ctx.print(
    asJson
      ? json(rotationJson(started.rotation))
      : lines(rotationLine(started.rotation), ...notesOf(started.rotation))
  )
  return finishedWell(started.rotation) ? 0 : 1
}

export const rotateCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    key: { type: 'string' },
    grace: { type: 'string', default: '0' },
    'confirm-name': { type: 'string' },
    generate: { type: 'boolean', default: false },
    'secret-stdin': { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    credential: { type: 'boolean', default: false },
    'recovery-hub': { type: 'string' },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'show-secret': { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (values.resume) return resume(ctx, values.json, values.yes)
  if (values['recovery-hub'] !== undefined && !values.credential)
    throw new UsageError('--recovery-hub goes with --credential')
  if (values.credential)
    return rotateCredential(ctx, values.hub, values['recovery-hub'], values.yes, values.json)
  if (typeof values.key !== 'string') throw new UsageError('--key ID (or --credential) is required')
  const grace = graceWindowSchema.safeParse(values.grace)
  if (!grace.success) throw new UsageError('--grace takes 0, 1h, 24h or 7d')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  if (!values.yes) {
    const { items } = await ctx.call('rotation:plan', {
      connectionId: connection.id,
      keyIds: [values.key]
    })
    ctx.print(values.json ? json(items) : lines(...items.map(planText)))
    return 0
  }
  // Guided rotations: the new value from the hub's console (never from a flag).
  const newSecret = values.generate ? undefined : await ctx.secret()
  const started = await ctx.call('rotation:start', {
    connectionId: connection.id,
    keyId: values.key,
    grace: grace.data,
    generate: values.generate,
    showSecret: values['show-secret'],
    ...(typeof values['confirm-name'] === 'string' ? { confirmName: values['confirm-name'] } : {}),
    ...(newSecret ? { newSecret } : {})
  })
  // The value was read back from the vault: it is printed only after it is stored.
  const shown = started.secret
  if (values.json) {
    ctx.print(json({ ...rotationJson(started.rotation), ...(shown ? { secret: shown } : {}) }))
  } else {
    ctx.print(
      lines(
        rotationLine(started.rotation),
        ...notesOf(started.rotation),
        ...(shown ? [line`${shown}`] : [])
      )
    )
  }
  return finishedWell(started.rotation) ? 0 : 1
}

export const rotationsCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  if (verb !== 'list') throw new UsageError('rotations needs list')
  const { values } = parse(rest, {
    json: { type: 'boolean', default: false },
    unfinished: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const { rotations } = await ctx.call('rotation:list', { unfinished: values.unfinished })
  ctx.print(
    values.json
      ? json(rotations.map(rotationJson))
      : rotations.length
        ? rotationTable(rotations)
        : line`No rotations.`
  )
  return 0
}
