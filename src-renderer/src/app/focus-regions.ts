// F6 and Shift+F6 move the focus between the frame's regions (sidebar, header, content, key detail), as desktop apps do; renderer.

/** The regions in F6 order; each is an element with `data-region="<name>"`. */
export const regionOrder = ['sidebar', 'header', 'content', 'detail'] as const

const tabbable =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** F6 with no modifier but Shift. */
export const isRegionShortcut = (event: KeyboardEvent): boolean =>
  event.key === 'F6' && !event.ctrlKey && !event.metaKey && !event.altKey

const regionOf = (element: Element | null): HTMLElement | null =>
  element?.closest<HTMLElement>('[data-region]') ?? null

/** Where focus goes on entering a region: where it last was, the region's chosen start, or its first control. */
function entryPoint(region: HTMLElement, last: WeakMap<HTMLElement, HTMLElement>): HTMLElement {
  const before = last.get(region)
  if (before?.isConnected && regionOf(before) === region) return before
  const start = [...region.querySelectorAll<HTMLElement>('[data-region-start]')].find(
    (element) => regionOf(element) === region
  )
  if (start) return start
  const current = region.querySelector<HTMLElement>('[aria-current="page"]')
  if (current) return current
  if (region.hasAttribute('tabindex')) return region
  const first = [...region.querySelectorAll<HTMLElement>(tabbable)].find(
    (element) => regionOf(element) === region
  )
  return first ?? region
}

/**
 * Follows focus to remember each region's last focused element, and moves between regions on F6.
 * Returns the function that stops both.
 */
export function watchFocusRegions(root: Document = document): () => void {
  const last = new WeakMap<HTMLElement, HTMLElement>()
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target
    if (!(target instanceof HTMLElement)) return
    const region = regionOf(target)
    // Only stops of the Tab order count: a heading focused on arrival is not where one works.
    if (region && target !== region && target.tabIndex >= 0) last.set(region, target)
  }
  const onKey = (event: KeyboardEvent) => {
    if (!isRegionShortcut(event)) return
    // A dialog keeps the focus inside; F6 does not take it out.
    if (root.querySelector('[aria-modal="true"]')) return
    event.preventDefault()
    const regions = regionOrder
      .map((name) => root.querySelector<HTMLElement>(`[data-region="${name}"]`))
      .filter((region): region is HTMLElement => region !== null && !region.closest('[inert]'))
    if (regions.length === 0) return
    const here = regions.indexOf(regionOf(root.activeElement) as HTMLElement)
    const step = event.shiftKey ? -1 : 1
    const next =
      here < 0
        ? event.shiftKey
          ? regions.length - 1
          : 0
        : (here + step + regions.length) % regions.length
    entryPoint(regions[next] as HTMLElement, last).focus()
  }
  root.addEventListener('focusin', onFocusIn)
  root.addEventListener('keydown', onKey)
  return () => {
    root.removeEventListener('focusin', onFocusIn)
    root.removeEventListener('keydown', onKey)
  }
}
