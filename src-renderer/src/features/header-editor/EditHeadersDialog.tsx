// The "Edit headers" dialog of one key: the header editor, a diff preview, Apply through keys:update, the numbered steps for Owl's console where edits stay in Hubkeys, and copying the set to other keys; renderer.
import { useMemo, useState } from 'react'
import { headerChanges, owlHeaderSteps } from '../../../../src-main/contract/datahub-headers'
import type { Capabilities, HeaderRule, HubKind } from '../../../../src-main/contract/hubs.contract'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { CopyHeadersPanel } from './CopyHeadersPanel'
import { saveHeaders } from './header-copy'
import { headersFromRows, rowsFromHeaders, type HeaderRow } from './header-rows'
import { HeaderDiff, OwlSteps } from './HeaderChangeList'
import { HeaderEditor } from './HeaderEditor'

interface EditHeadersDialogProps {
  client: Client
  keyDetail: KeyDetail
  capabilities: Capabilities
  /** Every hub kind and what it can do, to find keys the set can be copied to. */
  kinds: ReadonlyArray<{ kind: HubKind; capabilities: Capabilities }>
  /** Hub calls are refused while the browser says it is offline. */
  online: boolean
  /** Something was saved: the table and the open panel read again. */
  onSaved(): void
  onClose(): void
}

/** What was applied, kept so the Owl steps stay on screen after the record changed. */
interface Applied {
  before: HeaderRule[]
  after: HeaderRule[]
}

export function EditHeadersDialog({
  client,
  keyDetail: key,
  capabilities,
  kinds,
  online,
  onSaved,
  onClose
}: EditHeadersDialogProps) {
  const [rows, setRows] = useState<HeaderRow[]>(() => rowsFromHeaders(key.headers))
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const [applied, setApplied] = useState<Applied>()
  const [copying, setCopying] = useState(false)

  const mirroredByHand = capabilities.updateTarget === 'local'
  const headers = headersFromRows(rows)
  const base = applied?.after ?? key.headers
  const changes = headers ? headerChanges(base, headers) : null
  const name = key.name || key.hubKeyId
  const steps = applied
    ? owlHeaderSteps(name, applied.before, applied.after)
    : headers && mirroredByHand
      ? owlHeaderSteps(name, key.headers, headers)
      : []

  const headerKinds = useMemo(
    () => kinds.filter((entry) => entry.capabilities.update.headers).map((entry) => entry.kind),
    [kinds]
  )
  const mirroredKinds = useMemo(
    () =>
      new Set(
        kinds
          .filter((entry) => entry.capabilities.updateTarget === 'local')
          .map((entry) => entry.kind)
      ),
    [kinds]
  )

  // Edits that land on a hub need the network; edits kept in Hubkeys' record do not.
  const offline = !online && !mirroredByHand
  const applyBlocked = offline
    ? 'You are offline: the hub cannot be reached'
    : changes?.length === 0
      ? 'Nothing has changed yet'
      : undefined

  const apply = async () => {
    setTried(true)
    if (!headers || busy || applyBlocked) return
    setBusy(true)
    setFailure(undefined)
    const result = await saveHeaders(client, key, headers)
    setBusy(false)
    if (!result.ok) {
      // The record stays as it was: the hub (or the record's own checks) refused the change.
      setFailure(result.error)
      return
    }
    setApplied({ before: base, after: headers })
    onSaved()
  }

  const title = copying ? `Copy headers of ${name}` : `Response headers of ${name}`
  return (
    <Dialog
      title={title}
      description={
        mirroredByHand ? (
          <>
            {key.connectionName}. Hubkeys keeps these in its record of the key; make the same
            changes in Owl’s console, as listed below.
          </>
        ) : (
          <>{key.connectionName}. Apply sends the new set to the hub.</>
        )
      }
      onClose={onClose}
      footer={
        copying ? (
          <>
            <Button variant="ghost" onClick={() => setCopying(false)}>
              Back to the editor
            </Button>
            <Button onClick={onClose}>Close</Button>
          </>
        ) : (
          <>
            <Button variant="ghost" onClick={onClose}>
              {applied ? 'Close' : 'Cancel'}
            </Button>
            <Button
              onClick={() => {
                setTried(true)
                if (headers) setCopying(true)
              }}
              {...(headers ? {} : { disabledReason: 'Fix the marked fields first' })}
            >
              Copy to other keys…
            </Button>
            <Button
              variant="primary"
              busy={busy}
              onClick={() => void apply()}
              {...(applyBlocked ? { disabledReason: applyBlocked } : {})}
            >
              {busy ? 'Applying…' : 'Apply'}
            </Button>
          </>
        )
      }
    >
      {copying && headers ? (
        <CopyHeadersPanel
          client={client}
          sourceId={key.id}
          headers={headers}
          kinds={headerKinds}
          mirroredKinds={mirroredKinds}
          onCopied={onSaved}
        />
      ) : (
        <>
          <HeaderEditor rows={rows} onChange={setRows} showAllProblems={tried} />
          <HeaderDiff changes={changes} />
          {applied ? (
            <Notice tone="ok" role="status">
              {mirroredByHand
                ? `Saved in Hubkeys’ record of ${name}. Owl keeps sending the old headers until you follow the steps below.`
                : `Saved at ${key.connectionName}.`}
            </Notice>
          ) : null}
          {failure ? (
            <Notice tone="danger" role="alert">
              Nothing was changed: {failure.message}
            </Notice>
          ) : null}
          <OwlSteps steps={steps} titleId="owl-steps-title" />
        </>
      )}
    </Dialog>
  )
}
