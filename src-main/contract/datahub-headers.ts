// Data Hub response-header editing: placeholder completions, the difference between two header sets and the numbered steps that mirror it in Owl's console; pure, in the contract so the renderer's editor and any other caller (the CLI) word it the same.
import { datahubPlaceholders, type DatahubPlaceholder } from './datahub-rules'
import type { HeaderRule } from './hubs.contract'

/** Placeholders that fit what was typed since the last `${`, and the text they would replace. */
export interface PlaceholderCompletion {
  /** Where the `${` starts. */
  from: number
  /** The caret: completing replaces `value.slice(from, to)`. */
  to: number
  options: DatahubPlaceholder[]
}

/**
 * The completions at `caret`: offered once `${` is typed and while the text after it (up to the
 * caret, no `}` yet) is the start of a placeholder, ignoring ASCII case. Null when none fits.
 */
export const placeholderCompletions = (
  value: string,
  caret: number
): PlaceholderCompletion | null => {
  const before = value.slice(0, caret)
  const from = before.lastIndexOf('${')
  if (from < 0) return null
  const typed = before.slice(from)
  if (typed.includes('}')) return null
  const options = datahubPlaceholders.filter((placeholder) =>
    placeholder.toLowerCase().startsWith(typed.toLowerCase())
  )
  return options.length > 0 ? { from, to: caret, options } : null
}

/** `value` with the completion put in place of what was typed; the caret goes after it. */
export const applyPlaceholder = (
  value: string,
  completion: Pick<PlaceholderCompletion, 'from' | 'to'>,
  placeholder: DatahubPlaceholder
): { value: string; caret: number } => {
  // A `}` right after the caret belongs to the placeholder being completed: do not double it.
  const after = value.slice(completion.to).replace(/^[a-zA-Z.]*\}/, '')
  return {
    value: value.slice(0, completion.from) + placeholder + after,
    caret: completion.from + placeholder.length
  }
}

/** One difference between two header sets; names match ignoring case, as HTTP does. */
export type HeaderChange =
  | { change: 'added'; after: HeaderRule }
  | { change: 'removed'; before: HeaderRule }
  | { change: 'changed'; before: HeaderRule; after: HeaderRule }

/** What changes from `before` to `after`: removals first, then additions and edits in `after`'s order. */
export const headerChanges = (
  before: readonly HeaderRule[],
  after: readonly HeaderRule[]
): HeaderChange[] => {
  const old = new Map(before.map((rule) => [rule.name.toLowerCase(), rule]))
  const next = new Set(after.map((rule) => rule.name.toLowerCase()))
  const changes: HeaderChange[] = []
  for (const rule of before) {
    if (!next.has(rule.name.toLowerCase())) changes.push({ change: 'removed', before: rule })
  }
  for (const rule of after) {
    const prior = old.get(rule.name.toLowerCase())
    if (!prior) changes.push({ change: 'added', after: rule })
    else if (
      prior.name !== rule.name ||
      prior.value !== rule.value ||
      prior.enabled !== rule.enabled
    ) {
      changes.push({ change: 'changed', before: prior, after: rule })
    }
  }
  return changes
}

/**
 * Owl's own switch: a header marked with a check is NOT sent. Hubkeys stores `enabled` (sent);
 * every word the admin reads about the check goes through these two, so the meaning never flips.
 */
export const owlCheckWord = (rule: Pick<HeaderRule, 'enabled'>): 'checked' | 'unchecked' =>
  rule.enabled ? 'unchecked' : 'checked'
export const owlCheckLegend = 'As in Owl, a header marked with a check is not sent.'

/** The steps for one change, in the words of Owl's header rows (name, value, check). */
const stepsFor = (change: HeaderChange): string[] => {
  if (change.change === 'removed') return [`Remove the header ${change.before.name}.`]
  if (change.change === 'added') {
    const { name, value, enabled } = change.after
    return [
      `Add a header named ${name} with the value ${value}` +
        (enabled ? ', leaving its check empty (sent).' : ' and mark it with a check (not sent).')
    ]
  }
  const { before, after } = change
  const steps: string[] = []
  if (before.name !== after.name) steps.push(`Rename the header ${before.name} to ${after.name}.`)
  if (before.value !== after.value) {
    steps.push(`Change the value of ${after.name} from ${before.value} to ${after.value}.`)
  }
  if (before.enabled !== after.enabled) {
    steps.push(
      after.enabled
        ? `Remove the check from ${after.name} (Owl sends it again).`
        : `Mark ${after.name} with a check (Owl stops sending it).`
    )
  }
  return steps
}

/**
 * What the admin does in Owl's console to match Hubkeys' record, one step per line, ready to be
 * numbered: open the key, each change, save. Empty when nothing changes.
 */
export const owlHeaderSteps = (
  keyName: string,
  before: readonly HeaderRule[],
  after: readonly HeaderRule[]
): string[] => {
  const changes = headerChanges(before, after)
  if (changes.length === 0) return []
  return [
    `In Owl, open the API key ${keyName} and go to its response headers.`,
    ...changes.flatMap(stepsFor),
    'Save the API key in Owl.'
  ]
}
