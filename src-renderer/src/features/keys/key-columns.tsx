// The key table's columns: label, sort field, default and minimum width, and how each cell draws a row; renderer.
import type { CSSProperties, ReactNode } from 'react'
import type { KeyRow, KeySortField } from '../../../../src-main/contract/inventory.contract'
import { swatchStyle } from '../connections/ConnectionDot'
import {
  absoluteTime,
  environmentLabel,
  expiryUrgency,
  formatCount,
  ipSummary,
  kindLabel,
  relativeTime,
  statusLabel,
  statusTone
} from './key-format'
import { PolicyMarker } from '../policy/PolicyMarker'
import type { PolicyViolation } from '../../../../src-main/contract/policy-rules'
import type { UsageAnomaly } from '../../../../src-main/contract/usage.contract'
import { badgeClass, type BadgeTone } from '../../ui/Badge'
import { UsageFlag } from '../usage/UsageFlag'
import styles from './KeyTable.module.css'

export type ColumnId =
  | 'name'
  | 'connection'
  | 'environment'
  | 'kind'
  | 'tenant'
  | 'hubKeyId'
  | 'status'
  | 'role'
  | 'expires'
  | 'lastUsed'
  | 'created'
  | 'usage7d'
  | 'usage30d'
  | 'ip'
  | 'tags'
  | 'owner'

export interface CellContext {
  now: number
  /** The policy rules the row breaks (the rules are read once for the whole table). */
  policyViolations(row: KeyRow): readonly PolicyViolation[]
  /** Usage anomalies by key id (read once for the whole table). */
  usageFlags: ReadonlyMap<string, readonly UsageAnomaly[]>
  /** The cache line of the row's connection ("synced 3 min ago"), for its tooltip. */
  connectionLine(connectionId: string): string | undefined
}

/**
 * What one cell shows. The class and tooltip go on the gridcell itself and plain text sits directly
 * in it: the table mounts a few rows every scroll frame, and each wrapper element per cell made a
 * frame dearer than a bare list's (renderer_scroll_ratio).
 */
export interface CellView {
  content: ReactNode
  className?: string
  title?: string
  style?: CSSProperties
}

export interface KeyColumn {
  id: ColumnId
  label: string
  /** Shown as the header's tooltip when the label is abbreviated. */
  title?: string
  /** The column's name in the column chooser, where the label is abbreviated. */
  name?: string
  sort?: KeySortField
  width: number
  minWidth: number
  /**
   * Grows with a wide window, in proportion to its width beside the other growing columns, until
   * the person sets its width by hand.
   */
  grow?: true
  align?: 'end'
  /** Stays first, shown, and at the left edge while the table scrolls sideways (Name only). */
  pinned?: true
  /** Left out of the default set, which fits a 1280 px window. */
  hiddenByDefault?: true
  /** The row has nothing for this column (the chooser notes columns empty for every key in view). */
  empty?(row: KeyRow): boolean
  cell(row: KeyRow, context: CellContext): CellView
}

const none: CellView = { content: '—', className: styles.none }

const when = (at: number | null, now: number, empty: string, className?: string): CellView =>
  at === null
    ? { content: empty, className: styles.none }
    : { content: relativeTime(at, now), className, title: absoluteTime(at) }

const expiryClass: Record<ReturnType<typeof expiryUrgency>, string | undefined> = {
  expired: styles.danger,
  soon: styles.warn,
  month: styles.caution,
  later: undefined,
  none: undefined
}

const text = (value: string | null): CellView => (value ? { content: value, title: value } : none)

/*
 * Badge columns draw the badge on the gridcell itself (.badgeCell shrinks it to its text), not on
 * a span inside: two elements less in every row mounted while scrolling (renderer_scroll_ratio).
 */
const environmentBadges = {
  prod: `${styles.badgeCell} ${badgeClass('prod')}`,
  staging: `${styles.badgeCell} ${badgeClass('staging')}`,
  dev: `${styles.badgeCell} ${badgeClass('dev')}`
}

const statusBadges = new Map<BadgeTone, string>()
/** A status cell's classes, built once per tone. */
const statusBadge = (tone: BadgeTone): string => {
  let classes = statusBadges.get(tone)
  if (classes === undefined) {
    classes = `${styles.badgeCell} ${badgeClass(tone, true)}`
    statusBadges.set(tone, classes)
  }
  return classes
}

/** In their default order: the default set (which fits a 1280 px window) first, then the rest. */
export const keyColumns: readonly KeyColumn[] = [
  {
    id: 'name',
    label: 'Name',
    sort: 'name',
    width: 240,
    grow: true,
    minWidth: 120,
    pinned: true,
    cell: (row, context) => {
      const name = row.name || '(no name)'
      const nameClass = row.name ? styles.name : `${styles.name} ${styles.none}`
      const violations = context.policyViolations(row)
      const anomalies = context.usageFlags.get(row.id)
      // Most rows carry no marker: their name is the cell's own text, with nothing around it.
      if (violations.length === 0 && !row.hasSecret && !anomalies?.length)
        return { content: name, className: nameClass, title: name }
      return {
        className: styles.nameCell,
        content: (
          <>
            <span className={nameClass} title={name}>
              {name}
            </span>
            <PolicyMarker violations={violations} />
            {row.hasSecret ? (
              // A CSS mask draws the key, rather than an inline SVG in every such row.
              <span role="img" className={styles.secretMark} aria-label="Value held in the vault" />
            ) : null}
            <UsageFlag anomalies={anomalies} />
          </>
        )
      }
    }
  },
  {
    id: 'connection',
    label: 'Connection',
    sort: 'connection',
    width: 170,
    grow: true,
    minWidth: 100,
    cell: (row, context) => {
      const line = context.connectionLine(row.connectionId)
      // The colour dot is the cell's ::before, coloured by the same custom property as ConnectionDot.
      return {
        content: row.connectionName,
        className: styles.connection,
        title: line ? `${row.connectionName} · ${line}` : row.connectionName,
        style: swatchStyle(row.colour)
      }
    }
  },
  {
    id: 'environment',
    label: 'Env',
    title: 'Environment',
    name: 'Environment',
    sort: 'environment',
    // Wide enough for the longest badge, STAGING in capitals, with the cell's padding.
    width: 88,
    minWidth: 64,
    cell: (row) => ({
      className: environmentBadges[row.environment],
      content: row.environment,
      title: environmentLabel(row.environment)
    })
  },
  {
    id: 'status',
    label: 'Status',
    sort: 'status',
    // Wide enough for the longest badge, "Missing at hub", with its dot and the cell's padding.
    width: 120,
    minWidth: 80,
    cell: (row) => ({
      className: statusBadge(statusTone(row.status)),
      content: statusLabel(row.status)
    })
  },
  {
    id: 'expires',
    label: 'Expires',
    sort: 'expires',
    width: 112,
    minWidth: 80,
    cell: (row, { now }) =>
      when(row.expiresAt, now, 'Never', expiryClass[expiryUrgency(row.expiresAt, now)])
  },
  {
    id: 'lastUsed',
    label: 'Last used',
    sort: 'lastUsed',
    width: 124,
    minWidth: 80,
    cell: (row, { now }) => when(row.lastUsedAt, now, 'Never')
  },
  {
    id: 'ip',
    label: 'IP rules',
    width: 116,
    minWidth: 72,
    cell: (row) => {
      const ip = ipSummary(row)
      return {
        content: ip.text,
        className: ip.tone === 'neutral' ? styles.muted : styles[ip.tone],
        title: ip.title
      }
    }
  },
  {
    id: 'kind',
    label: 'Hub',
    sort: 'kind',
    width: 96,
    minWidth: 64,
    hiddenByDefault: true,
    cell: (row) => ({ content: kindLabel(row.kind), className: styles.muted })
  },
  {
    id: 'tenant',
    label: 'Tenant',
    sort: 'tenant',
    width: 110,
    minWidth: 64,
    hiddenByDefault: true,
    empty: (row) => !row.tenant,
    cell: (row) => text(row.tenant || null)
  },
  {
    id: 'hubKeyId',
    label: 'Key ID',
    title: "The key's id on its hub",
    width: 150,
    minWidth: 80,
    hiddenByDefault: true,
    cell: (row) => ({ content: row.hubKeyId, className: styles.mono, title: row.hubKeyId })
  },
  {
    id: 'role',
    label: 'Role',
    sort: 'role',
    // Wide enough for a hub's usual role names ("Administrator", "CI Deployer") unclipped.
    width: 128,
    minWidth: 60,
    hiddenByDefault: true,
    empty: (row) => !row.role,
    // The name the hub gives the role; its id in the tooltip (and in the detail panel).
    cell: (row) =>
      row.role && row.roleName
        ? { content: row.roleName, title: `${row.roleName} (role id ${row.role})` }
        : text(row.role)
  },
  {
    id: 'created',
    label: 'Created',
    sort: 'created',
    width: 112,
    minWidth: 80,
    hiddenByDefault: true,
    empty: (row) => row.createdAt === null,
    cell: (row, { now }) => when(row.createdAt, now, 'Unknown')
  },
  {
    id: 'usage7d',
    label: '7 days',
    title: 'Requests in the last 7 days',
    name: 'Requests, 7 days',
    sort: 'usage7d',
    width: 80,
    minWidth: 56,
    align: 'end',
    hiddenByDefault: true,
    empty: (row) => row.usage7d === null,
    cell: (row) => (row.usage7d === null ? none : { content: formatCount(row.usage7d) })
  },
  {
    id: 'usage30d',
    label: '30 days',
    title: 'Requests in the last 30 days',
    name: 'Requests, 30 days',
    sort: 'usage30d',
    width: 84,
    minWidth: 56,
    align: 'end',
    hiddenByDefault: true,
    empty: (row) => row.usage30d === null,
    cell: (row) => (row.usage30d === null ? none : { content: formatCount(row.usage30d) })
  },
  {
    id: 'tags',
    label: 'Tags',
    width: 150,
    minWidth: 64,
    hiddenByDefault: true,
    empty: (row) => row.tags.length === 0,
    cell: (row) =>
      row.tags.length === 0
        ? none
        : {
            className: styles.tags,
            title: row.tags.join(', '),
            content: row.tags.map((tag) => (
              <span key={tag} className={styles.tag}>
                {tag}
              </span>
            ))
          }
  },
  {
    id: 'owner',
    label: 'Owner',
    width: 160,
    minWidth: 64,
    hiddenByDefault: true,
    empty: (row) => !row.owner,
    // The name the hub gives the owner; the raw owner (`api-key:<id>`) in the tooltip.
    cell: (row) =>
      row.owner && row.ownerName
        ? { content: row.ownerName, title: `API key ${row.ownerName} (${row.owner})` }
        : text(row.owner)
  }
]

const columnClasses = new Map<ColumnId, string>()

/** The extra classes of a column's cells (header and rows): alignment and pinning; built once. */
export const columnClass = (column: KeyColumn): string => {
  let classes = columnClasses.get(column.id)
  if (classes === undefined) {
    classes = [
      column.align === 'end' ? styles.end : '',
      column.pinned ? `${styles.pinned} ${styles.pinnedName}` : ''
    ]
      .filter(Boolean)
      .join(' ')
    columnClasses.set(column.id, classes)
  }
  return classes
}

/** The width of the selection column, which is not resizable. */
export const selectColumnWidth = 36
