// The IP-filter editor: one row per rule with its own precise message, keyboard add/remove/reorder, paste of many, the list's findings worded for the hub, and a simulator; renderer.
import { useId, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react'
import { checkIpAddress } from '../../../../src-main/contract/ip-filter/ip-check'
import { lintIpRules, readIpList } from '../../../../src-main/contract/ip-filter/ip-lint'
import type { IpHubContext } from '../../../../src-main/contract/ip-filter/ip-list-semantics'
import { Button } from '../../ui/Button'
import { fieldClasses } from '../../ui/field-classes'
import { LocalAddresses } from './LocalAddresses'
import styles from './IpFilterEditor.module.css'

export interface IpFilterEditorProps {
  /** The rules as typed, in order; `null`: no restriction at all (not the same as an empty list). */
  value: string[] | null
  onChange(value: string[] | null): void
  /** The field's name ("IP rules"), shown as its heading. */
  label: string
  /**
   * The hub the list is for: its name and its `capabilities.ipList` (what an empty list means,
   * which families it takes). Without it, findings are worded for no hub in particular.
   */
  hub?: IpHubContext
  /** Offer "no restriction" (`null`); off for lists of entries to add or remove. Default true. */
  nullable?: boolean
}

/** Pasted text with commas, semicolons or line breaks holds several rules (a space may be Data Hub's netmask). */
export const splitPastedRules = (text: string): string[] =>
  text
    .split(/[,;\r\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')

let nextRowId = 0
const newRowId = () => `ip-row-${(nextRowId += 1)}`

/**
 * Controlled: every edit calls `onChange` with the whole list. Keyboard: Enter adds a rule after
 * the current one, Alt+Up and Alt+Down move it, Backspace in an empty rule removes it. The
 * parent decides whether the list may be saved (lintIpRules' errors).
 */
export function IpFilterEditor({
  value,
  onChange,
  label,
  hub,
  nullable = true
}: IpFilterEditorProps) {
  const id = useId()
  const list = useMemo(() => value ?? [], [value])
  // Row identities follow moves, so React keeps each input (and its focus) with its rule.
  const ids = useRef<string[]>([])
  if (ids.current.length !== list.length) {
    ids.current = list.map((_, index) => ids.current[index] ?? newRowId())
  }
  const inputs = useRef(new Map<string, HTMLInputElement>())
  const [focusId, setFocusId] = useState<string>()
  const read = useMemo(() => readIpList(list), [list])
  const findings = useMemo(() => lintIpRules(value, hub), [value, hub])
  const [probe, setProbe] = useState('')
  const verdict = useMemo(
    () => (probe.trim() === '' ? undefined : checkIpAddress(value, probe, hub)),
    [probe, value, hub]
  )

  const focusRow = (rowId: string | undefined) => {
    if (!rowId) return
    setFocusId(rowId)
    // After React has rendered the row.
    setTimeout(() => inputs.current.get(rowId)?.focus(), 0)
  }

  const commit = (next: string[], nextIds: string[], focus?: string) => {
    ids.current = nextIds
    onChange(next)
    focusRow(focus)
  }

  const insert = (at: number, rules: string[]) => {
    const added = rules.map(() => newRowId())
    commit(
      [...list.slice(0, at), ...rules, ...list.slice(at)],
      [...ids.current.slice(0, at), ...added, ...ids.current.slice(at)],
      added[added.length - 1]
    )
  }

  const remove = (index: number) => {
    const nextIds = ids.current.filter((_, at) => at !== index)
    commit(
      list.filter((_, at) => at !== index),
      nextIds,
      nextIds[Math.min(index, nextIds.length - 1)]
    )
  }

  const move = (index: number, by: -1 | 1) => {
    const to = index + by
    if (to < 0 || to >= list.length) return
    const swap = <T,>(items: T[]): T[] => {
      const copy = [...items]
      ;[copy[index], copy[to]] = [copy[to] as T, copy[index] as T]
      return copy
    }
    commit(swap(list), swap(ids.current), ids.current[index])
  }

  const edit = (index: number, text: string) =>
    commit(
      list.map((rule, at) => (at === index ? text : rule)),
      ids.current
    )

  const onRowKey = (index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault()
      move(index, event.key === 'ArrowUp' ? -1 : 1)
    } else if (event.key === 'Enter') {
      // Enter in a rule adds the next one instead of submitting the dialog's form.
      event.preventDefault()
      insert(index + 1, [''])
    } else if (event.key === 'Backspace' && list[index] === '' && list.length > 0) {
      event.preventDefault()
      remove(index)
    }
  }

  const onRowPaste = (index: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const pieces = splitPastedRules(event.clipboardData.getData('text'))
    if (pieces.length < 2) return
    event.preventDefault()
    // The pasted rules take an empty row's place, or follow the row pasted into.
    const blank = list[index]?.trim() === ''
    const at = blank ? index : index + 1
    const kept = blank ? list.filter((_, position) => position !== index) : list
    const keptIds = blank ? ids.current.filter((_, position) => position !== index) : ids.current
    const added = pieces.map(() => newRowId())
    commit(
      [...kept.slice(0, at), ...pieces, ...kept.slice(at)],
      [...keptIds.slice(0, at), ...added, ...keptIds.slice(at)],
      added[added.length - 1]
    )
  }

  // Invalid rules and rules the hub cannot take are said on their own row; the rest below.
  const rowMessages = new Map<number, string>()
  for (const item of read) if (!item.ok) rowMessages.set(item.index, item.error)
  for (const finding of findings) {
    if (finding.kind === 'unsupported' && finding.rules.length === 1) {
      rowMessages.set(finding.rules[0] as number, finding.message)
    }
  }
  const listFindings = findings.filter(
    (finding) =>
      finding.kind !== 'invalid' && !(finding.kind === 'unsupported' && finding.rules.length === 1)
  )

  return (
    <fieldset className={styles.editor} aria-describedby={`${id}-help`}>
      <legend className={fieldClasses.label}>{label}</legend>
      <p id={`${id}-help`} className={styles.help}>
        Addresses or ranges such as 203.0.113.7, 203.0.113.0/24
        {hub?.semantics && !hub.semantics.families.includes(6) ? '' : ', 2001:db8::/32'} or 10.0.0.0
        255.0.0.0
        {hub?.semantics && !hub.semantics.families.includes(6)
          ? ` (${hub.label} takes IPv4 only)`
          : ''}
        . Enter adds a rule, Alt+↑/↓ moves it; paste a comma- or line-separated list to add many.
      </p>
      {nullable ? (
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={value !== null}
            onChange={(event) => {
              ids.current = []
              onChange(event.target.checked ? [] : null)
            }}
          />
          <span>Only listed addresses may use this key</span>
        </label>
      ) : null}
      {value === null ? (
        <p className={styles.muted}>No IP restriction: every address may use this key.</p>
      ) : (
        <ol className={styles.rows} aria-label={`${label}, ${list.length} rules`}>
          {list.map((rule, index) => {
            const rowId = ids.current[index] as string
            const message = rowMessages.get(index)
            const item = read[index]
            const canonical =
              item?.ok && item.entry.cidr !== rule.trim() ? item.entry.cidr : undefined
            const messageId = `${id}-${rowId}-message`
            return (
              <li key={rowId} className={styles.row}>
                <span className={styles.number} aria-hidden>
                  {index + 1}
                </span>
                <input
                  ref={(element) => {
                    if (element) inputs.current.set(rowId, element)
                    else inputs.current.delete(rowId)
                  }}
                  className={`${fieldClasses.input} ${styles.input}`}
                  aria-label={`Rule ${index + 1}`}
                  aria-invalid={message !== undefined && rule.trim() !== '' ? true : undefined}
                  aria-describedby={message || canonical ? messageId : undefined}
                  value={rule}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="203.0.113.0/24"
                  onFocus={() => setFocusId(rowId)}
                  onChange={(event) => edit(index, event.target.value)}
                  onKeyDown={onRowKey(index)}
                  onPaste={onRowPaste(index)}
                  data-focused={focusId === rowId || undefined}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  icon="arrow-up"
                  aria-label={`Move rule ${index + 1} up`}
                  title="Move up (Alt+↑)"
                  {...(index === 0 ? { disabledReason: 'Already first' } : {})}
                  onClick={() => move(index, -1)}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  icon="arrow-down"
                  aria-label={`Move rule ${index + 1} down`}
                  title="Move down (Alt+↓)"
                  {...(index === list.length - 1 ? { disabledReason: 'Already last' } : {})}
                  onClick={() => move(index, 1)}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  icon="x"
                  aria-label={`Remove rule ${index + 1}`}
                  title="Remove"
                  onClick={() => remove(index)}
                />
                {message !== undefined ? (
                  <p id={messageId} className={rule.trim() === '' ? styles.hint : styles.error}>
                    {message}
                  </p>
                ) : canonical ? (
                  <p id={messageId} className={styles.hint}>
                    Saved as {canonical}.
                  </p>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
      {value !== null ? (
        <div>
          <Button size="sm" icon="plus" onClick={() => insert(list.length, [''])}>
            Add rule
          </Button>
        </div>
      ) : null}
      {listFindings.length > 0 ? (
        <ul className={styles.findings} aria-label="Findings">
          {listFindings.map((finding, index) => (
            <li
              key={`${finding.kind}-${index}`}
              className={finding.severity === 'error' ? styles.error : styles.warning}
            >
              <span className={styles.findingKind}>
                {finding.severity === 'error' ? 'Error' : 'Warning'}:
              </span>{' '}
              {finding.message}
            </li>
          ))}
        </ul>
      ) : null}
      <section className={styles.simulator} aria-labelledby={`${id}-simulator`}>
        <h3 id={`${id}-simulator`} className={styles.subtitle}>
          Would this address be allowed? By which rule?
        </h3>
        <input
          className={`${fieldClasses.input} ${styles.input}`}
          aria-label="Address to check"
          placeholder="198.51.100.23 or 2001:db8::1"
          spellCheck={false}
          autoComplete="off"
          value={probe}
          onChange={(event) => setProbe(event.target.value)}
          onKeyDown={(event) => {
            // The answer is live; Enter here must not submit the dialog around the editor.
            if (event.key === 'Enter') event.preventDefault()
          }}
        />
        <p
          role="status"
          className={
            verdict === undefined
              ? styles.muted
              : verdict.verdict === 'allowed'
                ? styles.allowed
                : verdict.verdict === 'denied'
                  ? styles.denied
                  : styles.error
          }
        >
          {verdict === undefined
            ? 'Type an address to see what the list does with it.'
            : verdict.reason}
        </p>
        <LocalAddresses
          onCheck={setProbe}
          {...(value !== null
            ? { onAdd: (address: string) => insert(list.length, [address]) }
            : {})}
        />
      </section>
    </fieldset>
  )
}
