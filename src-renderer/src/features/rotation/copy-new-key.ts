// Copies a rotated key's new value for the admin: the one place the lead swaps for the key-secret feature's useCopyKey(); renderer.
/**
 * The value came back from `rotation:start` (read from the vault after it was sealed) and is kept
 * only in the dialog's state until it closes. This writes the browser clipboard, as web mode
 * does; the desktop build's main-process copy (with clearing) replaces this function at merge.
 */
export const copyNewKeyValue = async (value: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(value)
    return true
  } catch {
    return false
  }
}
