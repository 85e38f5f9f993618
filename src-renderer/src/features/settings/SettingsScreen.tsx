// The settings screen: theme, idle lock, clipboard delay (applied at once through prefs:set), remembering and the master password; renderer.
import { useEffect, useId, type ReactNode } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { ThemeChoice } from '../../app/theme'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { SegmentedControl, type Segment } from '../../ui/SegmentedControl'
import { Select, type SelectOption } from '../../ui/Select'
import { useSettingsStore, type PreferenceField } from './settings.store'
import { useVaultStore } from '../vault/vault.store'
import { ChangePasswordForm } from './ChangePasswordForm'
import { RememberDeviceRow } from './RememberDeviceRow'
import { BackupRow } from './BackupRow'
import styles from './SettingsScreen.module.css'

const themes: readonly Segment<ThemeChoice>[] = [
  { value: 'system', label: 'System', icon: 'monitor' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' }
]

const idleChoices = [1, 5, 15, 30, 60, 240, 0]
const clipboardChoices = [10, 20, 30, 60, 120]
const syncChoices = [5, 15, 30, 60, 240, 1440, 0]
const maxAgeChoices = [90, 180, 365, 730]

const daysLabel = (days: number): string =>
  days % 365 === 0 ? (days === 365 ? '1 year' : `${days / 365} years`) : `${days} days`

const minutesLabel = (minutes: number): string => {
  if (minutes === 0) return 'Never'
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

const secondsLabel = (seconds: number): string => {
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`
  return `${seconds} seconds`
}

/** The usual choices, plus the stored value when it is another one (set by the CLI or an older version). */
const optionsWith = (
  choices: readonly number[],
  current: number | undefined,
  label: (value: number) => string
): SelectOption<number>[] => {
  const values =
    current === undefined || choices.includes(current) ? [...choices] : [...choices, current]
  // "Never" (0) stays last, after the largest number.
  const sorted = values.sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b))
  return sorted.map((value) => ({ value, label: label(value) }))
}

interface SettingRowProps {
  label: ReactNode
  hint: ReactNode
  error?: AppErrorBody
  errorId: string
  children: ReactNode
}

function SettingRow({ label, hint, error, errorId, children }: SettingRowProps) {
  return (
    <div className={styles.row}>
      <div className={styles.rowText}>
        {label}
        <p className={styles.rowHint}>{hint}</p>
      </div>
      <div className={styles.rowControl}>
        {children}
        {error ? (
          <p id={errorId} className={styles.rowError} role="alert">
            <Icon name="alert" size={12} />
            <span>{error.message}</span>
          </p>
        ) : null}
      </div>
    </div>
  )
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className={styles.panel} aria-labelledby={id}>
      <header className={styles.panelHeader}>
        <h2 id={id} className={styles.panelTitle}>
          {title}
        </h2>
      </header>
      {children}
    </section>
  )
}

export function SettingsScreen() {
  const load = useSettingsStore((state) => state.load)
  const watch = useSettingsStore((state) => state.watch)
  const prefs = useSettingsStore((state) => state.prefs)
  const loadError = useSettingsStore((state) => state.loadError)
  const errors = useSettingsStore((state) => state.errors)
  const saving = useSettingsStore((state) => state.saving)
  const change = useSettingsStore((state) => state.change)
  const refreshVault = useVaultStore((state) => state.refresh)
  const id = useId()
  const ids = (field: PreferenceField) => ({
    control: `${id}-${field}`,
    error: `${id}-${field}-error`
  })

  useEffect(() => watch(), [watch])
  useEffect(() => {
    void load()
  }, [load])
  // Whether the keychain can remember the vault is learnt after unlocking; ask for the latest.
  useEffect(() => {
    void refreshVault()
  }, [refreshVault])

  const idle = prefs?.idleMinutes
  return (
    <div className={styles.page}>
      {loadError ? (
        <Notice tone="danger" role="alert">
          Could not read the settings: {loadError.message}
        </Notice>
      ) : null}

      <Panel id={`${id}-appearance`} title="Appearance">
        <SettingRow
          label={<span className={styles.rowLabel}>Theme</span>}
          hint="System follows the light or dark setting of your computer."
          error={errors.theme}
          errorId={ids('theme').error}
        >
          <SegmentedControl
            label="Theme"
            value={prefs?.theme ?? 'system'}
            options={themes}
            onChange={(theme) => void change('theme', theme)}
            {...(errors.theme ? { describedBy: ids('theme').error } : {})}
          />
        </SettingRow>
      </Panel>

      <Panel id={`${id}-security`} title="Security">
        <SettingRow
          label={
            <label className={styles.rowLabel} htmlFor={ids('idleMinutes').control}>
              Lock after idle
            </label>
          }
          hint={
            idle === 0
              ? 'The vault stays unlocked until you lock it, the computer sleeps or the screen locks.'
              : 'Locks the vault when Hubkeys has not been used for this long. It also locks when the computer sleeps or the screen locks.'
          }
          error={errors.idleMinutes}
          errorId={ids('idleMinutes').error}
        >
          <Select
            id={ids('idleMinutes').control}
            className={styles.select}
            value={idle ?? 15}
            options={optionsWith(idleChoices, idle, minutesLabel)}
            onChange={(minutes) => void change('idleMinutes', minutes)}
            disabled={!prefs}
            aria-busy={saving.idleMinutes}
            aria-invalid={errors.idleMinutes ? true : undefined}
            aria-describedby={errors.idleMinutes ? ids('idleMinutes').error : undefined}
          />
        </SettingRow>
        <SettingRow
          label={
            <label className={styles.rowLabel} htmlFor={ids('clipboardSeconds').control}>
              Clear clipboard after
            </label>
          }
          hint="A copied key is wiped from the clipboard after this delay, if it is still there."
          error={errors.clipboardSeconds}
          errorId={ids('clipboardSeconds').error}
        >
          <Select
            id={ids('clipboardSeconds').control}
            className={styles.select}
            value={prefs?.clipboardSeconds ?? 30}
            options={optionsWith(clipboardChoices, prefs?.clipboardSeconds, secondsLabel)}
            onChange={(seconds) => void change('clipboardSeconds', seconds)}
            disabled={!prefs}
            aria-busy={saving.clipboardSeconds}
            aria-invalid={errors.clipboardSeconds ? true : undefined}
            aria-describedby={errors.clipboardSeconds ? ids('clipboardSeconds').error : undefined}
          />
        </SettingRow>
        <RememberDeviceRow />
      </Panel>

      <Panel id={`${id}-inventory`} title="Inventory">
        <SettingRow
          label={
            <label className={styles.rowLabel} htmlFor={ids('syncMinutes').control}>
              Sync in the background every
            </label>
          }
          hint="While the vault is unlocked, every connection is synced this often. Hubs that cannot be reached keep their cached keys."
          error={errors.syncMinutes}
          errorId={ids('syncMinutes').error}
        >
          <Select
            id={ids('syncMinutes').control}
            className={styles.select}
            value={prefs?.syncMinutes ?? 30}
            options={optionsWith(syncChoices, prefs?.syncMinutes, minutesLabel)}
            onChange={(minutes) => void change('syncMinutes', minutes)}
            disabled={!prefs}
            aria-busy={saving.syncMinutes}
            aria-invalid={errors.syncMinutes ? true : undefined}
            aria-describedby={errors.syncMinutes ? ids('syncMinutes').error : undefined}
          />
        </SettingRow>
        <SettingRow
          label={
            <label className={styles.rowLabel} htmlFor={ids('maxKeyAgeDays').control}>
              Rotate keys older than
            </label>
          }
          hint="Hygiene lists keys created longer ago than this as due for rotation."
          error={errors.maxKeyAgeDays}
          errorId={ids('maxKeyAgeDays').error}
        >
          <Select
            id={ids('maxKeyAgeDays').control}
            className={styles.select}
            value={prefs?.maxKeyAgeDays ?? 365}
            options={optionsWith(maxAgeChoices, prefs?.maxKeyAgeDays, daysLabel)}
            onChange={(days) => void change('maxKeyAgeDays', days)}
            disabled={!prefs}
            aria-busy={saving.maxKeyAgeDays}
            aria-invalid={errors.maxKeyAgeDays ? true : undefined}
            aria-describedby={errors.maxKeyAgeDays ? ids('maxKeyAgeDays').error : undefined}
          />
        </SettingRow>
        <BackupRow />
      </Panel>

      <Panel id={`${id}-password`} title="Master password">
        <ChangePasswordForm />
      </Panel>
    </div>
  )
}
