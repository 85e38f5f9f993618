// The key table's filter chips (connection, hub, environment, status, missing at hub, expiry, use, IP exposure) and saved filters; renderer.
import { useId, useRef, useState, type ReactNode, type Ref } from 'react'
import {
  environmentSchema,
  hubKinds,
  keyStatusSchema
} from '../../../../src-main/contract/hubs.contract'
import { keyFilterSchema, type KeyFilter } from '../../../../src-main/contract/inventory.contract'
import { ConnectionDot } from '../connections/ConnectionDot'
import { useConnectionsStore } from '../connections/connections.store'
import { environmentLabel, kindLabel, statusLabel } from './key-format'
import { filterCount, toggleIn } from './key-query'
import { useKeysStore } from './keys.store'
import { Icon } from '../../ui/Icon'
import { Popover } from '../../ui/Popover'
import { SavedFilters } from './SavedFilters'
import styles from './FilterBar.module.css'

interface ChipButtonProps {
  label: ReactNode
  active: boolean
  /** Opens a choice list rather than switching on and off. */
  menu?: { open: boolean; controls: string }
  /** Absent for chips that only show a condition set elsewhere (a search, a hygiene check). */
  onClick?(): void
  onClear?(): void
  clearLabel?: string
  buttonRef?: Ref<HTMLButtonElement>
  icon?: ReactNode
  /** What the chip means, as its tooltip (and accessible description). */
  hint?: string
}

function ChipButton({
  label,
  active,
  menu,
  onClick,
  onClear,
  clearLabel,
  buttonRef,
  icon,
  hint
}: ChipButtonProps) {
  return (
    <span className={`${styles.chip} ${active ? styles.active : ''}`}>
      {onClick ? (
        <button
          ref={buttonRef}
          type="button"
          className={styles.chipButton}
          aria-pressed={menu ? undefined : active}
          aria-expanded={menu ? menu.open : undefined}
          aria-haspopup={menu ? 'dialog' : undefined}
          aria-controls={menu?.open ? menu.controls : undefined}
          title={hint}
          onClick={onClick}
        >
          {icon}
          <span className={styles.chipLabel}>{label}</span>
          {menu ? <Icon name="chevron-down" size={12} className={styles.chevron} /> : null}
        </button>
      ) : (
        <span className={styles.chipStatic}>
          {icon}
          <span className={styles.chipLabel}>{label}</span>
        </span>
      )}
      {active && onClear ? (
        <button
          type="button"
          className={styles.chipClear}
          aria-label={clearLabel}
          title={clearLabel}
          onClick={onClear}
        >
          <Icon name="x" size={12} />
        </button>
      ) : null}
    </span>
  )
}

interface Choice<V extends string> {
  value: V
  label: string
  mark?: ReactNode
}

/** "Environment: prod, dev", or "Environment: 3" when the list is long. */
const summary = <V extends string>(title: string, picked: readonly V[], choices: Choice<V>[]) => {
  if (picked.length === 0) return title
  const labels = picked.map((value) => choices.find((c) => c.value === value)?.label ?? value)
  return labels.length <= 2 ? `${title}: ${labels.join(', ')}` : `${title}: ${labels.length}`
}

function ChoiceChip<V extends string>({
  title,
  choices,
  picked,
  onChange,
  empty
}: {
  title: string
  choices: Choice<V>[]
  picked: readonly V[]
  onChange(values: V[]): void
  empty?: string
}) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const id = useId()
  return (
    <span className={styles.anchor}>
      <ChipButton
        buttonRef={anchor}
        label={summary(title, picked, choices)}
        active={picked.length > 0}
        menu={{ open, controls: id }}
        onClick={() => setOpen((was) => !was)}
        onClear={() => onChange([])}
        clearLabel={`Clear the ${title.toLowerCase()} filter`}
      />
      {open ? (
        <Popover id={id} label={`${title} filter`} anchor={anchor} onClose={() => setOpen(false)}>
          {choices.length === 0 ? (
            <p className={styles.menuEmpty}>{empty ?? 'Nothing to choose yet.'}</p>
          ) : (
            <ul className={styles.menuList}>
              {choices.map((choice) => (
                <li key={choice.value}>
                  <label className={styles.menuItem}>
                    <input
                      type="checkbox"
                      checked={picked.includes(choice.value)}
                      onChange={() => onChange(toggleIn(picked, choice.value))}
                    />
                    {choice.mark}
                    <span className={styles.menuText}>{choice.label}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {picked.length > 0 ? (
            <div className={styles.menuFooter}>
              <button type="button" className={styles.menuLink} onClick={() => onChange([])}>
                Clear
              </button>
            </div>
          ) : null}
        </Popover>
      ) : null}
    </span>
  )
}

function DaysChip({
  title,
  activeLabel,
  presets,
  value,
  onChange
}: {
  title: string
  activeLabel(days: number): string
  presets: number[]
  value: number | undefined
  onChange(days: number | undefined): void
}) {
  const [open, setOpen] = useState(false)
  const [custom, setCustom] = useState('')
  const anchor = useRef<HTMLButtonElement>(null)
  const id = useId()
  // Every days filter shares one rule; `olderThanDays` stands for them all.
  const customValid =
    /^\d+$/.test(custom.trim()) &&
    keyFilterSchema.shape.olderThanDays.safeParse(Number(custom)).success
  const pick = (days: number | undefined) => {
    onChange(days)
    setOpen(false)
    anchor.current?.focus()
  }
  return (
    <span className={styles.anchor}>
      <ChipButton
        buttonRef={anchor}
        label={value === undefined ? title : activeLabel(value)}
        active={value !== undefined}
        menu={{ open, controls: id }}
        onClick={() => setOpen((was) => !was)}
        onClear={() => onChange(undefined)}
        clearLabel={`Clear the ${title.toLowerCase()} filter`}
      />
      {open ? (
        <Popover id={id} label={`${title} filter`} anchor={anchor} onClose={() => setOpen(false)}>
          <ul className={styles.menuList}>
            {presets.map((days) => (
              <li key={days}>
                <button
                  type="button"
                  className={`${styles.menuItem} ${value === days ? styles.menuCurrent : ''}`}
                  aria-current={value === days || undefined}
                  onClick={() => pick(days)}
                >
                  <span className={styles.menuText}>{activeLabel(days)}</span>
                  {value === days ? <Icon name="check" size={14} /> : null}
                </button>
              </li>
            ))}
          </ul>
          <form
            className={styles.customDays}
            onSubmit={(event) => {
              event.preventDefault()
              if (customValid) pick(Number(custom.trim()))
            }}
          >
            <label className={styles.customLabel}>
              <span>Other</span>
              <input
                className={styles.customInput}
                inputMode="numeric"
                value={custom}
                placeholder="days"
                aria-label={`${title}: number of days`}
                aria-invalid={custom !== '' && !customValid ? true : undefined}
                onChange={(event) => setCustom(event.target.value)}
              />
            </label>
            <button type="submit" className={styles.menuLink} disabled={!customValid}>
              Apply
            </button>
          </form>
        </Popover>
      ) : null}
    </span>
  )
}

function ToggleChip({
  label,
  on,
  onChange,
  icon,
  hint
}: {
  label: string
  on: boolean
  onChange(on: boolean): void
  icon?: ReactNode
  hint?: string
}) {
  return (
    <ChipButton label={label} active={on} icon={icon} hint={hint} onClick={() => onChange(!on)} />
  )
}

const plural = (days: number) => (days === 1 ? '1 day' : `${days} days`)

/** `actions` sit at the bar's end beside the saved filters (the Keys screen's column chooser). */
export function FilterBar({ actions }: { actions?: ReactNode }) {
  const filter = useKeysStore((state) => state.query.filter)
  const search = useKeysStore((state) => state.query.search)
  const updateFilter = useKeysStore((state) => state.updateFilter)
  const setSearch = useKeysStore((state) => state.setSearch)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  const sort = useKeysStore((state) => state.query.sort)
  const connections = useConnectionsStore((state) => state.connections)
  const set = (patch: Partial<KeyFilter>) => updateFilter(patch)
  const count = filterCount(filter) + (search ? 1 : 0)

  return (
    <div className={styles.bar} role="toolbar" aria-label="Filters">
      <div className={styles.chips}>
        <Icon name="filter" size={14} className={styles.barIcon} />
        {search ? (
          <ChipButton
            label={
              <>
                Search: <q>{search}</q>
              </>
            }
            active
            onClear={() => setSearch('')}
            clearLabel="Clear the search"
          />
        ) : null}
        <ChoiceChip
          title="Connection"
          picked={filter.connectionIds ?? []}
          choices={connections.map((connection) => ({
            value: connection.id,
            label: connection.name,
            mark: <ConnectionDot colour={connection.colour} size="sm" />
          }))}
          empty="No connections yet."
          onChange={(connectionIds) => set({ connectionIds })}
        />
        <ChoiceChip
          title="Hub"
          picked={filter.kinds ?? []}
          choices={hubKinds.map((kind) => ({ value: kind, label: kindLabel(kind) }))}
          onChange={(kinds) => set({ kinds })}
        />
        <ChoiceChip
          title="Environment"
          picked={filter.environments ?? []}
          choices={environmentSchema.options.map((environment) => ({
            value: environment,
            label: environmentLabel(environment)
          }))}
          onChange={(environments) => set({ environments })}
        />
        <ChoiceChip
          title="Status"
          picked={filter.statuses ?? []}
          choices={keyStatusSchema.options.map((status) => ({
            value: status,
            label: statusLabel(status)
          }))}
          onChange={(statuses) => set({ statuses })}
        />
        <ToggleChip
          label="Missing at hub"
          on={filter.statuses?.includes('missing') === true}
          onChange={() => set({ statuses: toggleIn(filter.statuses, 'missing') })}
        />
        <DaysChip
          title="Expiring"
          activeLabel={(days) => `Expiring ≤ ${plural(days)}`}
          presets={[1, 7, 30, 90]}
          value={filter.expiringWithinDays}
          onChange={(expiringWithinDays) => set({ expiringWithinDays })}
        />
        <ToggleChip
          label="Expired"
          on={filter.expired === true}
          onChange={(expired) => set({ expired })}
        />
        <DaysChip
          title="Unused"
          activeLabel={(days) => `Unused ≥ ${plural(days)}`}
          presets={[30, 90, 180, 365]}
          value={filter.unusedForDays}
          onChange={(unusedForDays) => set({ unusedForDays })}
        />
        <ToggleChip
          label="No IP restriction"
          hint="Keys whose hub holds no IP rule at all: any address can use them."
          on={filter.noIpRestriction === true}
          onChange={(noIpRestriction) => set({ noIpRestriction })}
        />
        <ToggleChip
          label="Allows all"
          hint="Keys with a rule such as 0.0.0.0/0 that lets every address through."
          on={filter.allowAll === true}
          onChange={(allowAll) => set({ allowAll })}
        />
        {filter.olderThanDays !== undefined ? (
          <ChipButton
            label={`Older than ${plural(filter.olderThanDays)}`}
            active
            onClear={() => set({ olderThanDays: undefined })}
            clearLabel="Clear the age filter"
          />
        ) : null}
        {(filter.tags ?? []).map((tag) => (
          <ChipButton
            key={tag}
            label={`Tag: ${tag}`}
            active
            onClear={() => set({ tags: (filter.tags ?? []).filter((other) => other !== tag) })}
            clearLabel={`Clear the tag ${tag}`}
          />
        ))}
        {count > 0 ? (
          <button
            type="button"
            className={styles.clearAll}
            onClick={() => applyQuery({ search: '', filter: {}, sort })}
          >
            Clear all
          </button>
        ) : null}
      </div>
      {actions}
      <SavedFilters />
    </div>
  )
}
