// Scrolls the key table sideways so a whole column shows when its header takes the focus (a click or Tab on a half-hidden title); renderer.

/**
 * Shows all of `cell` (a header cell) inside its scrolling grid, between the pinned columns on the
 * left and the grid's right edge. The browser's own focus scrolling stops as soon as the focused
 * button shows, which leaves a column at the edge half cut ("Administ…").
 */
export function revealColumn(cell: HTMLElement): void {
  const grid = cell.closest<HTMLElement>('[role="grid"]')
  // Pinned columns never scroll away.
  if (!grid || cell.dataset.pinned !== undefined) return
  const box = grid.getBoundingClientRect()
  const rect = cell.getBoundingClientRect()
  // Pinned header cells stay at the left edge; a column passing under them is hidden too.
  let pinnedRight = box.left
  for (const pinned of grid.querySelectorAll<HTMLElement>('[role="columnheader"][data-pinned]')) {
    pinnedRight = Math.max(pinnedRight, pinned.getBoundingClientRect().right)
  }
  const visibleRight = box.left + grid.clientWidth
  if (rect.right > visibleRight) {
    // Never so far that its left edge goes under the pinned columns.
    grid.scrollLeft += Math.min(rect.right - visibleRight, rect.left - pinnedRight)
  } else if (rect.left < pinnedRight) {
    grid.scrollLeft -= pinnedRight - rect.left
  }
}
