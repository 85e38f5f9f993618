// The fields of a connection (name, environment, address, hub fields, credential, colour, TLS), laid out from the hub's form description; renderer.
import type { HubForm } from '../../../../src-main/contract/hub-forms'
import type { Environment } from '../../../../src-main/contract/hubs.contract'
import { fieldClasses } from '../../ui/field-classes'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { TextField } from '../../ui/TextField'
import { ColourPicker } from './ColourPicker'
import {
  environments,
  fieldMaxLength,
  settingMaxLength,
  type ConnectionFormValues,
  type FieldKey,
  type FormErrors
} from './connection-form'
import styles from './Connections.module.css'

/** Elements the form focuses when their field is wrong. */
export type FieldRefs = Partial<Record<FieldKey, HTMLElement | null>>

interface ConnectionFieldsProps {
  form: HubForm
  values: ConnectionFormValues
  errors: FormErrors
  onChange(values: ConnectionFormValues): void
  refs: { current: FieldRefs }
  /** Editing a saved connection that stores a credential: the field is write-only. */
  credentialStored?: boolean
  readOnly?: boolean
}

const envOptions = environments.map((env) => ({ value: env.value, label: env.label }))

/** The toggle names what it shows: "API key (apk token)" becomes "Show API key". */
const credentialNoun = (label: string) => label.replace(/\s*\([^)]*\)/g, '').trim() || 'credential'

export function ConnectionFields({
  form,
  values,
  errors,
  onChange,
  refs,
  credentialStored = false,
  readOnly = false
}: ConnectionFieldsProps) {
  const set = <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) =>
    onChange({ ...values, [key]: value })
  const keep = (key: FieldKey) => (element: HTMLElement | null) => {
    refs.current[key] = element
  }
  // Open from the start when something is set, or when a certificate error must be seen.
  const tlsOpen =
    values.caPem.trim() !== '' || values.allowInvalidCertificate || errors.caPem !== undefined
      ? true
      : undefined
  const credentialHint = credentialStored
    ? `${form.credentialHelp} Leave empty to keep the stored one.`
    : form.credentialHelp

  return (
    <div className={styles.fields}>
      <div className={styles.fieldRow}>
        <TextField
          label="Name"
          value={values.name}
          onChange={(name) => set('name', name)}
          error={errors.name}
          placeholder={`${form.label} production`}
          maxLength={fieldMaxLength.name}
          inputRef={keep('name')}
          readOnly={readOnly}
        />
        <div className={`${fieldClasses.field} ${styles.env}`}>
          {/* The group carries its own name; this is the visible label only. */}
          <span className={fieldClasses.label} aria-hidden>
            Environment
          </span>
          <SegmentedControl<Environment>
            label="Environment"
            value={values.environment}
            options={envOptions}
            onChange={(environment) => set('environment', environment)}
          />
        </div>
      </div>

      <TextField
        label="Address"
        type="url"
        mono
        value={values.baseUrl}
        onChange={(baseUrl) => set('baseUrl', baseUrl)}
        error={errors.baseUrl}
        hint={form.baseUrlHelp}
        placeholder={form.defaultBaseUrl}
        maxLength={fieldMaxLength.baseUrl}
        inputRef={keep('baseUrl')}
        readOnly={readOnly}
      />

      {form.fields.length > 0 ? (
        <div className={form.fields.length > 1 ? styles.fieldRow : styles.fieldStack}>
          {form.fields.map((field) => {
            const key: FieldKey = `setting:${field.key}`
            return (
              <TextField
                key={field.key}
                label={field.label}
                mono
                optional={!field.required}
                value={values.settings[field.key] ?? ''}
                onChange={(value) => set('settings', { ...values.settings, [field.key]: value })}
                error={errors[key]}
                hint={field.help}
                placeholder={field.placeholder}
                maxLength={settingMaxLength(field.key)}
                inputRef={keep(key)}
                readOnly={readOnly}
              />
            )
          })}
        </div>
      ) : null}

      <PasswordField
        label={form.credentialLabel}
        autoComplete="off"
        revealNoun={credentialNoun(form.credentialLabel)}
        value={values.credential}
        onChange={(credential) => set('credential', credential)}
        error={errors.credential}
        hint={credentialHint}
        placeholder={credentialStored ? 'Stored (type a new one to replace it)' : undefined}
        maxLength={fieldMaxLength.credential}
        inputRef={keep('credential')}
        readOnly={readOnly}
      />

      <ColourPicker
        value={values.colour}
        onChange={(colour) => set('colour', colour)}
        error={errors.colour}
        inputRef={keep('colour')}
      />

      {form.tlsOptions ? (
        <details className={styles.details} open={tlsOpen}>
          <summary className={styles.summaryToggle}>
            <Icon name="chevron-down" size={14} className={styles.summaryChevron} />
            Certificate options
            <span className={styles.summaryHint}>
              {values.allowInvalidCertificate
                ? 'Any certificate accepted'
                : values.caPem.trim()
                  ? 'Custom CA'
                  : 'Private CA or self-signed servers'}
            </span>
          </summary>
          <div className={styles.detailsBody}>
            <TextField
              label="Custom CA certificate (PEM)"
              optional
              rows={3}
              mono
              value={values.caPem}
              onChange={(caPem) => set('caPem', caPem)}
              error={errors.caPem}
              hint="For servers signed by a private certificate authority."
              placeholder="-----BEGIN CERTIFICATE-----"
              maxLength={fieldMaxLength.caPem}
              inputRef={keep('caPem')}
              readOnly={readOnly}
            />
            <label className={styles.check}>
              <input
                type="checkbox"
                checked={values.allowInvalidCertificate}
                onChange={(event) => set('allowInvalidCertificate', event.target.checked)}
              />
              <span>Allow an invalid certificate</span>
            </label>
            {values.allowInvalidCertificate ? (
              <Notice tone="warn">
                Hubkeys will accept any certificate from this server, so anyone on the network path
                could read this connection&apos;s credential and keys. Use a custom CA instead where
                you can.
              </Notice>
            ) : null}
          </div>
        </details>
      ) : null}
    </div>
  )
}
