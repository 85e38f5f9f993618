// The dialog that edits one rule set (all connections, or one connection): each rule on or off with its limit, validated by the contract's schema before saving; renderer.
import { useId, useState } from 'react'
import { policyRulesSchema, type PolicyRules } from '../../../../src-main/contract/policy-rules'
import { useConnectionsStore } from '../connections/connections.store'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { Select } from '../../ui/Select'
import { TextField } from '../../ui/TextField'
import { usePolicyStore } from './policy.store'
import styles from './Policy.module.css'

const off = policyRulesSchema.parse({})

/** The form keeps text as typed; numbers are read when saving. */
interface Draft {
  maxKeyAgeDays: string
  expiryRequired: boolean
  ipRestrictionOnProd: boolean
  noAllowAll: boolean
  namePattern: string
  rotationOverdueDays: string
  missingAtHubDays: string
}

/** The rules that take a number of days, in the order the dialog shows them. */
const dayFields: {
  field: 'maxKeyAgeDays' | 'rotationOverdueDays' | 'missingAtHubDays'
  label: string
  hint: string
}[] = [
  {
    field: 'maxKeyAgeDays',
    label: 'Maximum key age (days)',
    hint: 'Keys created longer ago break the rule. Empty: no limit.'
  },
  {
    field: 'rotationOverdueDays',
    label: 'Rotate at least every (days)',
    hint: 'A key whose value is older is overdue for rotation. Empty: no rotation rule.'
  },
  {
    field: 'missingAtHubDays',
    label: 'Missing at the hub for at most (days)',
    hint: 'Keys a hub stopped listing longer ago break the rule; 0 flags every missing key. Empty: off.'
  }
]

const draftOf = (rules: PolicyRules): Draft => ({
  maxKeyAgeDays: rules.maxKeyAgeDays === null ? '' : String(rules.maxKeyAgeDays),
  expiryRequired: rules.expiryRequired,
  ipRestrictionOnProd: rules.ipRestrictionOnProd,
  noAllowAll: rules.noAllowAll,
  namePattern: rules.namePattern ?? '',
  rotationOverdueDays: rules.rotationOverdueDays === null ? '' : String(rules.rotationOverdueDays),
  missingAtHubDays: rules.missingAtHubDays === null ? '' : String(rules.missingAtHubDays)
})

const numberOrNull = (text: string): number | null =>
  text.trim() === '' ? null : Number(text.trim())

function Check({
  label,
  hint,
  checked,
  onChange
}: {
  label: string
  hint: string
  checked: boolean
  onChange(checked: boolean): void
}) {
  const id = useId()
  return (
    <div className={styles.check}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={`${id}-hint`}
      />
      <label htmlFor={id}>
        <span className={styles.checkLabel}>{label}</span>
        <span id={`${id}-hint`} className={styles.hint}>
          {hint}
        </span>
      </label>
    </div>
  )
}

export function PolicyRulesDialog({
  initialScope,
  onClose
}: {
  initialScope?: string
  onClose(): void
}) {
  const connections = useConnectionsStore((state) => state.connections)
  const policies = usePolicyStore((state) => state.policies ?? [])
  const save = usePolicyStore((state) => state.save)
  const [scope, setScope] = useState(initialScope ?? 'all')
  const existing = policies.find((entry) => entry.scope === scope)
  const [draft, setDraft] = useState<Draft>(draftOf(existing?.rules ?? off))
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({})
  const [failure, setFailure] = useState<string>()
  const [busy, setBusy] = useState(false)

  const pick = (next: string) => {
    setScope(next)
    setDraft(draftOf(policies.find((entry) => entry.scope === next)?.rules ?? off))
    setErrors({})
    setFailure(undefined)
  }
  const change = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }))
    setErrors((current) => ({ ...current, [field]: undefined }))
  }

  const submit = async (remove: boolean) => {
    let rules: PolicyRules | null = null
    if (!remove) {
      const parsed = policyRulesSchema.safeParse({
        maxKeyAgeDays: numberOrNull(draft.maxKeyAgeDays),
        expiryRequired: draft.expiryRequired,
        ipRestrictionOnProd: draft.ipRestrictionOnProd,
        noAllowAll: draft.noAllowAll,
        namePattern: draft.namePattern.trim() === '' ? null : draft.namePattern,
        rotationOverdueDays: numberOrNull(draft.rotationOverdueDays),
        missingAtHubDays: numberOrNull(draft.missingAtHubDays)
      })
      if (!parsed.success) {
        const found: Partial<Record<keyof Draft, string>> = {}
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as keyof Draft
          const days = field === 'missingAtHubDays' ? '0 to 3650' : '1 to 3650'
          found[field] ??=
            field === 'namePattern' ? issue.message : `Give a whole number of days, ${days}.`
        }
        setErrors(found)
        return
      }
      rules = parsed.data
    }
    setBusy(true)
    const result = await save(scope, rules)
    setBusy(false)
    if (result.ok) onClose()
    else setFailure(result.error.message)
  }

  const scopes = [
    { value: 'all', label: 'All connections' },
    ...connections.map((connection) => ({ value: connection.id, label: connection.name }))
  ]
  const scopeId = useId()

  return (
    <Dialog
      title="Policy rules"
      description="Every key is checked against the rules for all connections and those of its own connection."
      onClose={onClose}
      footer={
        <>
          {existing ? (
            <Button variant="ghost" busy={busy} onClick={() => void submit(true)}>
              Remove these rules
            </Button>
          ) : null}
          <span className={styles.grow} />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={() => void submit(false)}>
            Save rules
          </Button>
        </>
      }
    >
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault()
          void submit(false)
        }}
      >
        <div className={styles.scopeRow}>
          <label htmlFor={scopeId} className={styles.checkLabel}>
            Applies to
          </label>
          <Select id={scopeId} value={scope} options={scopes} onChange={pick} />
        </div>
        {dayFields.map(({ field, label, hint }) => (
          <TextField
            key={field}
            label={label}
            value={draft[field]}
            onChange={(value) => change(field, value)}
            hint={hint}
            error={errors[field]}
            optional
          />
        ))}
        <TextField
          label="Naming pattern (regular expression)"
          value={draft.namePattern}
          onChange={(value) => change('namePattern', value)}
          hint="The whole name must match, e.g. [a-z]+-(prod|stage)-[a-z0-9-]+ . Empty: any name."
          error={errors.namePattern}
          mono
          optional
        />
        <Check
          label="Expiry required"
          hint="Every key has an expiry date."
          checked={draft.expiryRequired}
          onChange={(value) => change('expiryRequired', value)}
        />
        <Check
          label="IP restriction required on production"
          hint="Keys on production connections have IP rules that do not allow every address."
          checked={draft.ipRestrictionOnProd}
          onChange={(value) => change('ipRestrictionOnProd', value)}
        />
        <Check
          label="No allow-all rules"
          hint="No key has 0.0.0.0/0 or ::/0 among its IP rules."
          checked={draft.noAllowAll}
          onChange={(value) => change('noAllowAll', value)}
        />
        {/* Enter in a text field saves, as in every other form. */}
        <button type="submit" hidden />
      </form>
      {failure ? (
        <Notice tone="danger" role="alert">
          The rules were not saved: {failure}
        </Notice>
      ) : null}
    </Dialog>
  )
}
