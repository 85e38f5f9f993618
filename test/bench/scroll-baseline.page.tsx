// The renderer bench's baseline: a bare TanStack Virtual list of the key table's rows (same columns, widths, text and scroller size) with nothing else; bundled by the bench, runs in Chromium.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { createRoot } from 'react-dom/client'
import type { KeyStatus } from '../../src-main/contract/hubs.contract'
import {
  environmentLabel,
  ipSummary,
  relativeTime,
  statusLabel
} from '../../src-renderer/src/features/keys/key-format'
import type { BaselineRow } from './scroll-baseline-row'

/** What the bench hands the page before this script runs. */
interface BaselineInput {
  rows: BaselineRow[]
  /** The moment relative times are worded from. */
  now: number
  /** Column widths in px, the key table's defaults. */
  widths: number[]
  /** Which columns grow with a wide scroller, as the key table's Name and Connection do. */
  grows: boolean[]
  /** The key table's scroller size, so both scroll the same viewport. */
  width: number
  height: number
}

const rowHeight = 32
const input = (globalThis as unknown as { baselineInput: BaselineInput }).baselineInput
// The key table's own tracks: growing columns share spare width in proportion to their widths.
const columns = input.widths
  .map((width, index) => (input.grows[index] ? `minmax(${width}px, ${width}fr)` : `${width}px`))
  .join(' ')

type Environment = 'prod' | 'staging' | 'dev'

/** The default columns' text, worded by the key table's own formatters (no badges, no icons). */
const cellsOf = ([
  name,
  connection,
  environment,
  status,
  expiresAt,
  lastUsedAt,
  ipRuleCount,
  allowsAll
]: BaselineRow): string[] => [
  '',
  name || '(no name)',
  connection,
  environmentLabel(environment as Environment),
  statusLabel(status as KeyStatus),
  expiresAt === null ? 'Never' : relativeTime(expiresAt, input.now),
  lastUsedAt === null ? 'Never' : relativeTime(lastUsedAt, input.now),
  ipSummary({ ipRuleCount, allowsAll, environment: environment as Environment }).text
]

function BareList() {
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: input.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    // The key table's overscan, so both draw the same rows.
    overscan: 12
  })
  return (
    <div
      ref={scroller}
      role="grid"
      style={{ width: input.width, height: input.height, overflow: 'auto', contain: 'strict' }}
    >
      <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.index}
            role="row"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              height: rowHeight,
              display: 'grid',
              gridTemplateColumns: columns,
              alignItems: 'center',
              transform: `translateY(${item.start}px)`
            }}
          >
            {cellsOf(input.rows[item.index]!).map((text, column) => (
              <div
                key={column}
                role="gridcell"
                style={{ overflow: 'hidden', whiteSpace: 'nowrap', padding: '0 8px' }}
              >
                {text}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  )
}

createRoot(document.getElementById('root')!).render(<BareList />)
