// The time part of a file name Hubkeys writes (reports, exports), sortable and safe on every file system; pure, shared by core and the renderer.

/** `2026-12-06-14-05-09` (UTC), for names such as `hubkeys-inventory-<stamp>.json`. */
export const fileStamp = (at: number): string =>
  new Date(at).toISOString().slice(0, 19).replace(/[:T]/g, '-')
