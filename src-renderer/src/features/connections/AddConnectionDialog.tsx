// The add-connection dialog: pick the hub kind, fill what that hub needs, test it, add it; renderer.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { hubForms } from '../../../../src-main/contract/hub-forms'
import type { HubKind } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { capabilityLine } from './capabilities'
import { ConnectionFields, type FieldRefs } from './ConnectionFields'
import {
  checkValues,
  emptyValues,
  firstError,
  freeColour,
  inputOf,
  withKind,
  type ConnectionFormValues,
  type FormErrors
} from './connection-form'
import { useConnectionsStore, type HubKindInfo } from './connections.store'
import { TestOutcome, type TestState } from './TestOutcome'
import styles from './Connections.module.css'

/** Hub kinds in main's order with their capabilities; every kind of the form list if main did not say. */
const kindList = (kinds: readonly HubKindInfo[]): { kind: HubKind; caps?: string }[] =>
  kinds.length > 0
    ? kinds.map((info) => ({ kind: info.kind, caps: capabilityLine(info.capabilities) }))
    : (Object.keys(hubForms) as HubKind[]).map((kind) => ({ kind }))

function KindPicker({ onPick }: { onPick(kind: HubKind): void }) {
  const kinds = useConnectionsStore((state) => state.kinds)
  return (
    <ul className={styles.kindList} aria-label="Hub kinds">
      {kindList(kinds).map(({ kind, caps }) => {
        const form = hubForms[kind]
        return (
          <li key={kind}>
            <button type="button" className={styles.kindCard} onClick={() => onPick(kind)}>
              <span className={styles.kindName}>{form.label}</span>
              <span className={styles.kindSummary}>{form.summary}</span>
              {caps ? <span className={styles.kindCaps}>{caps}</span> : null}
            </button>
          </li>
        )
      })}
    </ul>
  )
}

export function AddConnectionDialog() {
  const close = useConnectionsStore((state) => state.close)
  const add = useConnectionsStore((state) => state.add)
  const test = useConnectionsStore((state) => state.test)
  const sync = useConnectionsStore((state) => state.sync)
  const kinds = useConnectionsStore((state) => state.kinds)
  const usedColours = useConnectionsStore(
    useShallow((state) => state.connections.map((connection) => connection.colour))
  )
  const [values, setValues] = useState<ConnectionFormValues>()
  const [picking, setPicking] = useState(true)
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<FormErrors>({})
  const [testState, setTestState] = useState<TestState>({ phase: 'idle' })
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<AppErrorBody>()
  const refs = useRef<FieldRefs>({})
  const outcome = useRef<HTMLDivElement>(null)
  // Each edit bumps this; a test answer for older values is dropped, never shown as current.
  const edits = useRef(0)
  const formId = useId()

  const form = values ? hubForms[values.kind] : undefined
  const caps = values && kinds.find((info) => info.kind === values.kind)

  // A newly chosen kind starts at its first field.
  const kind = picking ? undefined : values?.kind
  useEffect(() => {
    if (kind) refs.current.name?.focus()
  }, [kind])

  // A test answer or a refusal appears below the fields: bring it into view.
  const shown = testState.phase !== 'idle' || saveError !== undefined
  useEffect(() => {
    if (shown) outcome.current?.scrollIntoView?.({ block: 'nearest' })
  }, [shown, testState, saveError])

  const pick = (next: HubKind) => {
    setValues((before) =>
      before
        ? withKind(before, hubForms[before.kind], hubForms[next])
        : emptyValues(hubForms[next], freeColour(usedColours))
    )
    setTestState({ phase: 'idle' })
    setSaveError(undefined)
    setServerErrors({})
    setPicking(false)
  }

  const edit = (next: ConnectionFormValues) => {
    edits.current += 1
    const changed = (key: 'name' | 'baseUrl') => next[key] !== values?.[key]
    setServerErrors((before) => ({
      ...(changed('name') ? {} : { name: before.name }),
      ...(changed('baseUrl') ? {} : { baseUrl: before.baseUrl })
    }))
    setValues(next)
    if (testState.phase !== 'testing') setTestState({ phase: 'idle' })
    setSaveError(undefined)
  }

  /** Checks the form; shows and focuses the first problem. True when it can be sent. */
  const ready = (): boolean => {
    if (!values || !form) return false
    setSubmitted(true)
    const problem = firstError(checkValues(values, form), form)
    if (problem) {
      refs.current[problem]?.focus()
      return false
    }
    return true
  }

  const runTest = async () => {
    if (!values || !form || testState.phase === 'testing' || !ready()) return
    const mine = edits.current
    setTestState({ phase: 'testing' })
    const result = await test({ input: inputOf(values, form) })
    if (mine !== edits.current) {
      setTestState({ phase: 'idle' })
      return
    }
    setTestState(
      result.ok
        ? { phase: 'passed', detail: result.value.detail }
        : { phase: 'failed', error: result.error }
    )
  }

  const save = async (event?: FormEvent) => {
    event?.preventDefault()
    if (!values || !form || saving || !ready()) return
    setSaving(true)
    setSaveError(undefined)
    const result = await add(inputOf(values, form))
    setSaving(false)
    if (result.ok) {
      close()
      // A new connection's first sync starts at once; its progress shows in the sidebar.
      void sync([result.value.id])
      return
    }
    // Everything typed stays; the refusal is said where it belongs.
    if (result.error.code === 'CONFLICT') {
      setServerErrors({ name: result.error.message })
      refs.current.name?.focus()
    } else {
      setSaveError(result.error)
    }
  }

  const errors: FormErrors =
    values && form
      ? { ...(submitted ? checkValues(values, form) : {}), ...definedOnly(serverErrors) }
      : {}

  if (picking || !values || !form) {
    return (
      <Dialog
        title="Add connection"
        description="Choose the kind of hub. Hubkeys asks only for what that hub needs."
        onClose={close}
        footer={
          <div className={styles.footerEnd}>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
          </div>
        }
      >
        <KindPicker onPick={pick} />
      </Dialog>
    )
  }

  return (
    <Dialog
      title={`Add ${form.label} connection`}
      description={form.summary}
      onClose={close}
      footer={
        <>
          <Button icon="plug" busy={testState.phase === 'testing'} onClick={() => void runTest()}>
            {testState.phase === 'testing' ? 'Testing…' : 'Test connection'}
          </Button>
          <div className={styles.footerEnd}>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" form={formId} variant="primary" busy={saving}>
              {saving ? 'Adding…' : 'Add connection'}
            </Button>
          </div>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void save(event)} noValidate>
        <div className={styles.kindBar}>
          <span className={styles.kindBarText} data-testid="kind-capabilities">
            {caps ? capabilityLine(caps.capabilities) : form.label}
          </span>
          <Button variant="ghost" size="sm" onClick={() => setPicking(true)}>
            Change hub
          </Button>
        </div>
        <ConnectionFields
          form={form}
          values={values}
          errors={errors}
          onChange={edit}
          refs={refs}
          readOnly={saving}
        />
        <div ref={outcome} className={styles.outcome}>
          <TestOutcome state={testState} />
          {saveError ? (
            <Notice tone="danger" role="alert">
              <span className={styles.noticeTitle}>The connection was not added.</span>
              <span>{saveError.message}</span>
            </Notice>
          ) : null}
        </div>
      </form>
    </Dialog>
  )
}

const definedOnly = (errors: FormErrors): FormErrors =>
  Object.fromEntries(Object.entries(errors).filter(([, value]) => value !== undefined))
