// Copies a just-created key's value with the browser's clipboard; the one place the new-key dialog copies, swapped for keys:copy at merge; renderer.

/**
 * The dialog already holds the value (it is shown once), so the page writes it itself. Desktop
 * copy through main (`keys:copy`, cleared after a delay) replaces this function at merge.
 */
export const copyCreatedSecret = async (value: string): Promise<void> => {
  if (!navigator.clipboard) throw new Error('This window has no clipboard access.')
  await navigator.clipboard.writeText(value)
}
