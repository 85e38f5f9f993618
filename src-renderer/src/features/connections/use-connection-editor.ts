// The state of a connection's panel: the settings form (edits, checks, save, revert) and its test run; renderer.
import { useRef, useState, type FormEvent } from 'react'
import { hubForms } from '../../../../src-main/contract/hub-forms'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { FieldRefs } from './ConnectionFields'
import {
  changes,
  checkValues,
  firstError,
  inputOf,
  patchOf,
  valuesOf,
  type ConnectionFormValues,
  type FormErrors
} from './connection-form'
import { offlineReason, useConnectionsStore, type TestRequest } from './connections.store'
import type { TestState } from './TestOutcome'

export function useConnectionEditor(connection: Connection) {
  const update = useConnectionsStore((state) => state.update)
  const test = useConnectionsStore((state) => state.test)
  const online = useConnectionsStore((state) => state.online)
  const form = hubForms[connection.kind]
  const [values, setValues] = useState<ConnectionFormValues>(() => valuesOf(connection, form))
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [saveError, setSaveError] = useState<AppErrorBody>()
  const [testState, setTestState] = useState<TestState>({ phase: 'idle' })
  const refs = useRef<FieldRefs>({})
  const edits = useRef(0)

  const patch = patchOf(values, form, connection)
  const dirty = changes(patch)
  const options = { credentialStored: connection.hasCredential }
  const errors: FormErrors = submitted ? checkValues(values, form, options) : {}

  // A change saved elsewhere (another window, the CLI) shows here unless this form has edits.
  const [seen, setSeen] = useState(connection.updatedAt)
  if (seen !== connection.updatedAt) {
    setSeen(connection.updatedAt)
    if (!dirty) setValues(valuesOf(connection, form))
  }

  const edit = (next: ConnectionFormValues) => {
    edits.current += 1
    setValues(next)
    setSaved(false)
    setSaveError(undefined)
    if (testState.phase !== 'testing') setTestState({ phase: 'idle' })
  }

  const revert = () => {
    edits.current += 1
    setValues(valuesOf(connection, form))
    setSubmitted(false)
    setSaveError(undefined)
  }

  /**
   * What "Test" checks: the saved connection, or the edits with a newly typed credential. Edits
   * without one cannot be tested: the stored credential only serves the saved settings.
   */
  const testRequest: TestRequest | undefined = !dirty
    ? { id: connection.id }
    : values.credential.trim() !== '' || !form.credentialRequired
      ? { input: inputOf(values, form) }
      : undefined
  const testBlocked = !online
    ? offlineReason
    : testRequest
      ? undefined
      : 'Save the changes first, or type the credential again to test them unsaved'

  const runTest = async () => {
    if (!testRequest || testState.phase === 'testing') return
    if (dirty) {
      setSubmitted(true)
      const problem = firstError(checkValues(values, form, options), form)
      if (problem) return refs.current[problem]?.focus()
    }
    const mine = edits.current
    setTestState({ phase: 'testing' })
    const result = await test(testRequest)
    if (mine !== edits.current) return setTestState({ phase: 'idle' })
    setTestState(
      result.ok
        ? { phase: 'passed', detail: result.value.detail }
        : { phase: 'failed', error: result.error }
    )
  }

  const save = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving || !dirty) return
    setSubmitted(true)
    const problem = firstError(checkValues(values, form, options), form)
    if (problem) return refs.current[problem]?.focus()
    setSaving(true)
    setSaveError(undefined)
    const result = await update(patch)
    setSaving(false)
    if (!result.ok) return setSaveError(result.error)
    setSubmitted(false)
    setSaved(true)
    setValues(valuesOf(result.value, form))
  }

  return {
    form,
    values,
    errors,
    refs,
    dirty,
    saving,
    saved,
    saveError,
    testState,
    testBlocked,
    edit,
    revert,
    save,
    runTest
  }
}

export type ConnectionEditor = ReturnType<typeof useConnectionEditor>
