// Unit tests of the key table's stored column layout: defaults, repair of damaged or old entries, moves past the pinned Name column.
import { describe, expect, it } from 'vitest'
import {
  defaultLayout,
  moveColumn,
  readLayout,
  writeLayout,
  type ColumnSpec,
  type LayoutStorage
} from '../../src-renderer/src/features/keys/column-layout'

const columns: ColumnSpec[] = [
  { id: 'name', minWidth: 120, pinned: true },
  { id: 'status', minWidth: 80 },
  { id: 'expires', minWidth: 80 },
  { id: 'owner', minWidth: 64, hiddenByDefault: true }
]

const storage = (initial?: string): LayoutStorage & { value: string | null } => ({
  value: initial ?? null,
  getItem() {
    return this.value
  },
  setItem(_key, value) {
    this.value = value
  }
})

describe('column layout', () => {
  it('starts from the declared order with the optional columns hidden', () => {
    expect(readLayout(columns, storage())).toEqual({
      order: ['name', 'status', 'expires', 'owner'],
      hidden: ['owner'],
      widths: {}
    })
    expect(readLayout(columns, storage('not json'))).toEqual(defaultLayout(columns))
  })

  it('reads back what it wrote', () => {
    const store = storage()
    const layout = {
      order: ['name', 'owner', 'expires', 'status'],
      hidden: [],
      widths: { owner: 90 }
    }
    writeLayout(layout, store)
    expect(readLayout(columns, store)).toEqual(layout)
  })

  it('repairs a damaged entry: unknown and repeated ids, a hidden or moved Name, wild widths', () => {
    const damaged = JSON.stringify({
      order: ['expires', 'gone', 'name', 'expires', 7],
      hidden: ['name', 'status', 'gone'],
      widths: { name: 10, expires: 99_999, status: 'wide', gone: 100 }
    })
    expect(readLayout(columns, storage(damaged))).toEqual({
      order: ['name', 'expires', 'status', 'owner'],
      hidden: ['status'],
      widths: { name: 120, expires: 1200 }
    })
  })

  it('reads the widths-only entries of earlier versions', () => {
    expect(readLayout(columns, storage('{"name":300,"owner":70}'))).toEqual({
      order: ['name', 'status', 'expires', 'owner'],
      hidden: ['owner'],
      widths: { name: 300, owner: 70 }
    })
  })

  it('moves a column one place, never before Name nor past the end', () => {
    const layout = defaultLayout(columns)
    expect(moveColumn(columns, layout, 'expires', -1).order).toEqual([
      'name',
      'expires',
      'status',
      'owner'
    ])
    expect(moveColumn(columns, layout, 'status', -1)).toBe(layout)
    expect(moveColumn(columns, layout, 'owner', 1)).toBe(layout)
    expect(moveColumn(columns, layout, 'name', 1)).toBe(layout)
  })
})
