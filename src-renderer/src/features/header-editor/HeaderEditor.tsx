// The Data Hub response-header editor: controlled rows of name, value (with Owl's placeholders offered as a combobox after `${`) and Owl's not-sent check, each field checked by the contract's rules; renderer.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react'
import {
  applyPlaceholder,
  owlCheckLegend,
  placeholderCompletions,
  type PlaceholderCompletion
} from '../../../../src-main/contract/datahub-headers'
import type { DatahubPlaceholder } from '../../../../src-main/contract/datahub-rules'
import { Button } from '../../ui/Button'
import { fieldClasses } from '../../ui/field-classes'
import { emptyRow, rowProblems, type HeaderRow } from './header-rows'
import styles from './HeaderEditor.module.css'

interface HeaderEditorProps {
  rows: readonly HeaderRow[]
  onChange(rows: HeaderRow[]): void
  /** Show every problem, also in fields not yet left (the person tried to apply). */
  showAllProblems?: boolean
}

/** What the Owl placeholders stand for, shown beside each option. */
const placeholderMeaning: Record<DatahubPlaceholder, string> = {
  '${collection.meta.count}': 'records in the export',
  '${collection.meta.name}': 'collection name',
  '${collection.meta.limit}': 'records asked for',
  '${collection.meta.offset}': 'first record asked for'
}

interface ValueInputProps {
  row: HeaderRow
  index: number
  problem?: string
  problemId: string
  onValue(value: string): void
  onLeave(): void
  /** The placeholder list opened or closed: a half-typed placeholder is not yet an error. */
  onListOpen(open: boolean): void
}

/** The value field: an ARIA 1.2 combobox whose listbox offers the placeholders after `${`. */
function ValueInput({
  row,
  index,
  problem,
  problemId,
  onValue,
  onLeave,
  onListOpen
}: ValueInputProps) {
  const listId = useId()
  const input = useRef<HTMLInputElement>(null)
  const [completion, setCompletion] = useState<PlaceholderCompletion | null>(null)
  const [active, setActive] = useState(0)
  const caretAfterRender = useRef<number | null>(null)
  const open = completion !== null

  useEffect(() => onListOpen(open), [open, onListOpen])

  // After a completion the caret goes behind the inserted placeholder.
  useEffect(() => {
    if (caretAfterRender.current === null || !input.current) return
    input.current.setSelectionRange(caretAfterRender.current, caretAfterRender.current)
    caretAfterRender.current = null
  })

  const update = (value: string, caret: number) => {
    onValue(value)
    const next = placeholderCompletions(value, caret)
    setCompletion(next)
    setActive(0)
  }

  const pick = (option: DatahubPlaceholder) => {
    if (!completion) return
    const applied = applyPlaceholder(row.value, completion, option)
    caretAfterRender.current = applied.caret
    onValue(applied.value)
    setCompletion(null)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!completion) {
      // Alt+Down opens the list where a `${` is already typed (the combobox pattern's key).
      if (event.key === 'ArrowDown' && event.altKey) {
        const caret = event.currentTarget.selectionStart ?? row.value.length
        setCompletion(placeholderCompletions(row.value, caret))
        setActive(0)
      }
      return
    }
    const count = completion.options.length
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((active + 1) % count)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((active - 1 + count) % count)
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const option = completion.options[active]
      if (option) {
        event.preventDefault()
        pick(option)
      }
    } else if (event.key === 'Escape') {
      // Closes the list only; the dialog around stays open.
      event.preventDefault()
      event.stopPropagation()
      setCompletion(null)
    }
  }

  // A text input drops line breaks silently; a pasted CR or LF is kept so the refusal can name it.
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text')
    if (!/[\r\n]/.test(pasted)) return
    event.preventDefault()
    const start = event.currentTarget.selectionStart ?? row.value.length
    const end = event.currentTarget.selectionEnd ?? start
    onValue(row.value.slice(0, start) + pasted + row.value.slice(end))
    onLeave()
  }

  return (
    <div className={styles.combo}>
      <input
        ref={input}
        className={`${fieldClasses.input} mono`}
        role="combobox"
        aria-label="Value"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        aria-invalid={problem !== undefined || undefined}
        aria-describedby={problem ? problemId : undefined}
        placeholder={index === 0 ? 'Text, or ${ for a placeholder' : undefined}
        value={row.value}
        autoComplete="off"
        spellCheck={false}
        maxLength={2000}
        onChange={(event) =>
          update(event.target.value, event.target.selectionStart ?? event.target.value.length)
        }
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => {
          setCompletion(null)
          onLeave()
        }}
      />
      {/* Always in the DOM so aria-controls points somewhere; hidden while closed. */}
      <ul
        id={listId}
        role="listbox"
        aria-label="Owl placeholders"
        className={styles.listbox}
        hidden={!open}
      >
        {completion?.options.map((option, position) => (
          <li
            key={option}
            id={`${listId}-${position}`}
            role="option"
            aria-selected={position === active}
            className={styles.option}
            // Keeps the focus in the input, so picking with the mouse does not blur it first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(option)}
          >
            <span className="mono">{option}</span>
            <span className={styles.meaning}>{placeholderMeaning[option]}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function HeaderEditor({ rows, onChange, showAllProblems = false }: HeaderEditorProps) {
  const id = useId()
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set())
  // The row whose value shows the placeholder list: its value problem waits until it closes.
  const [listRow, setListRow] = useState<string | null>(null)
  const problems = rowProblems(rows)
  const nameInputs = useRef(new Map<string, HTMLInputElement>())
  const focusName = useRef<string | null>(null)

  // A new row takes the focus on its name; a removed one hands it to the row that took its place.
  useEffect(() => {
    if (focusName.current === null) return
    nameInputs.current.get(focusName.current)?.focus()
    focusName.current = null
  })

  const leave = (key: string) => {
    if (!left.has(key)) setLeft(new Set(left).add(key))
  }
  const shown = (key: string, problem: string | undefined) =>
    problem !== undefined && (showAllProblems || left.has(key)) ? problem : undefined

  const patch = (index: number, change: Partial<HeaderRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)))

  const add = () => {
    const row = emptyRow()
    focusName.current = row.id
    onChange([...rows, row])
  }

  const remove = (index: number) => {
    const next = rows.filter((_, at) => at !== index)
    focusName.current = (next[index] ?? next[index - 1])?.id ?? null
    onChange(next)
  }

  return (
    <div className={styles.editor}>
      <p className={styles.legend} id={`${id}-legend`}>
        {owlCheckLegend} Type <span className="mono">{'${'}</span> in a value for Owl’s
        placeholders.
      </p>
      {rows.length === 0 ? (
        <p className={styles.empty}>No response headers: Owl adds none to this key’s answers.</p>
      ) : (
        <div className={styles.rows}>
          <div className={styles.heads} aria-hidden="true">
            <span>Name</span>
            <span>Value</span>
            <span>Not sent</span>
            <span />
          </div>
          {rows.map((row, index) => {
            const problem = problems.get(row.id)
            const nameProblem = shown(`${row.id}:name`, problem?.name)
            const valueProblem =
              listRow === row.id ? undefined : shown(`${row.id}:value`, problem?.value)
            const problemIds = {
              name: `${id}-${row.id}-name-problem`,
              value: `${id}-${row.id}-value-problem`
            }
            return (
              <div
                key={row.id}
                role="group"
                aria-label={`Header ${index + 1}${row.name.trim() ? `: ${row.name.trim()}` : ''}`}
                className={styles.row}
              >
                <input
                  ref={(element) => {
                    if (element) nameInputs.current.set(row.id, element)
                    else nameInputs.current.delete(row.id)
                  }}
                  className={`${fieldClasses.input} mono`}
                  aria-label="Name"
                  aria-invalid={nameProblem !== undefined || undefined}
                  aria-describedby={nameProblem ? problemIds.name : undefined}
                  placeholder={index === 0 ? 'X-Total-Count' : undefined}
                  value={row.name}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={200}
                  onChange={(event) => patch(index, { name: event.target.value })}
                  onBlur={() => leave(`${row.id}:name`)}
                />
                <ValueInput
                  row={row}
                  index={index}
                  problem={valueProblem}
                  problemId={problemIds.value}
                  onValue={(value) => patch(index, { value })}
                  onLeave={() => leave(`${row.id}:value`)}
                  onListOpen={(isOpen) =>
                    setListRow((current) => (isOpen ? row.id : current === row.id ? null : current))
                  }
                />
                <label className={styles.check}>
                  <input
                    type="checkbox"
                    checked={!row.enabled}
                    aria-describedby={`${id}-legend`}
                    onChange={(event) => patch(index, { enabled: !event.target.checked })}
                  />
                  <span className={styles.checkWord}>Not sent</span>
                </label>
                <Button
                  variant="ghost"
                  size="sm"
                  icon="trash"
                  aria-label="Remove header"
                  title="Remove header"
                  onClick={() => remove(index)}
                />
                {nameProblem ? (
                  <p id={problemIds.name} className={styles.problem}>
                    {nameProblem}
                  </p>
                ) : null}
                {valueProblem ? (
                  <p id={problemIds.value} className={styles.problem}>
                    {valueProblem}
                  </p>
                ) : null}
              </div>
            )
          })}
        </div>
      )}
      <div>
        <Button size="sm" icon="plus" onClick={add}>
          Add header
        </Button>
      </div>
    </div>
  )
}
