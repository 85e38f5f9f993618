// Offers text to the person as a file (the .ics export): a Blob URL behind an <a download>, allowed by the CSP; renderer.

/** Whether this window can hand a file to the browser's download manager. */
export const canDownload = (): boolean =>
  typeof URL !== 'undefined' &&
  typeof URL.createObjectURL === 'function' &&
  typeof Blob !== 'undefined'

/**
 * Starts a download of `content` as `fileName`. A blob: URL is a download, not a fetch or a
 * navigation the CSP governs (`default-src 'none'` does not stop it; test/e2e/keys.spec.ts checks
 * this in Chromium). The URL is revoked once the browser has had time to read it.
 */
export const downloadText = (fileName: string, content: string, type: string): void => {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
