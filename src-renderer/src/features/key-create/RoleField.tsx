// The role picker of the new-key form: the hub's roles read live, each with the capabilities it grants; a typed role id when they cannot be read; renderer.
import { useEffect, useId, useState } from 'react'
import type { HubRole } from '../../../../src-main/contract/key-roles.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { FieldMessages } from '../../ui/FieldMessages'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { TextField } from '../../ui/TextField'
import fieldStyles from '../../ui/Field.module.css'
import { useKeyCreateStore } from './key-create.store'
import styles from './KeyCreate.module.css'

interface RoleFieldProps {
  connectionId: string
  value: string
  onChange(value: string): void
  error?: string
}

/** What a role grants, in words. */
export const roleGrants = (role: HubRole): string =>
  role.allCapabilities
    ? 'Every capability'
    : role.capabilities.length === 0
      ? 'No capabilities'
      : role.capabilities.join(', ')

export function RoleField({ connectionId, value, onChange, error }: RoleFieldProps) {
  const load = useKeyCreateStore((state) => state.roles)
  const [roles, setRoles] = useState<HubRole[]>()
  const [failure, setFailure] = useState<AppErrorBody>()
  const [attempt, setAttempt] = useState(0)
  const id = useId()

  useEffect(() => {
    let current = true
    setRoles(undefined)
    setFailure(undefined)
    void load(connectionId).then((result) => {
      if (!current) return
      if (result.ok) setRoles(result.value)
      else setFailure(result.error)
    })
    return () => {
      current = false
    }
  }, [load, connectionId, attempt])

  if (failure) {
    // The hub said why (a key without `hubs-roles-manage`, say); a known role id still works.
    return (
      <div className={styles.group}>
        <Notice tone="warn" role="alert">
          <span>The hub's roles could not be read: {failure.message}</span>
        </Notice>
        <Button size="sm" icon="retry" onClick={() => setAttempt((n) => n + 1)}>
          Read roles again
        </Button>
        <TextField
          label="Role id"
          mono
          value={value}
          onChange={onChange}
          error={error}
          hint="The id of the role the new key gets, as the hub shows it."
        />
      </div>
    )
  }

  return (
    <fieldset className={styles.group} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className={fieldStyles.label}>Role</legend>
      {roles === undefined ? (
        <p className={styles.muted}>
          <Icon name="spinner" size={12} className={styles.spin} /> Reading the hub's roles…
        </p>
      ) : roles.length === 0 ? (
        <p className={styles.muted}>The hub lists no roles.</p>
      ) : (
        <ul className={styles.roles}>
          {roles.map((role) => (
            <li key={role.id}>
              <label className={styles.role}>
                <input
                  type="radio"
                  name={`${id}-role`}
                  value={role.id}
                  checked={value === role.id}
                  onChange={() => onChange(role.id)}
                  aria-describedby={`${id}-${role.id}`}
                />
                <span className={styles.roleName}>{role.name}</span>
                <span id={`${id}-${role.id}`} className={styles.roleGrants}>
                  {roleGrants(role)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <FieldMessages error={error} errorId={`${id}-error`} hintId={`${id}-hint`} />
    </fieldset>
  )
}
