// RFC 4180 CSV: one cell safe to open in a spreadsheet, and a tolerant parser for imports; pure, shared by core, the CLI and the renderer.

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe, so an odd name a
 * hub sent cannot become a formula when the file is opened.
 */
export const csvCell = (value: string | number | null): string => {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Lines end with CRLF, as RFC 4180 and spreadsheets expect. */
export const csvText = (rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'

export interface CsvRecord {
  /** The 1-based line the record starts on, for messages. */
  line: number
  cells: string[]
}

/**
 * Splits CSV text into records: quoted cells may hold commas, quotes ("") and line breaks; CRLF,
 * LF and a leading byte-order mark are accepted; blank lines are skipped. Throws with the line of
 * an unterminated quote, the one error that makes the rest unreadable.
 */
export const parseCsv = (text: string): CsvRecord[] => {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  let touched = false
  const endCell = () => {
    cells.push(cell)
    cell = ''
  }
  const endRecord = () => {
    endCell()
    if (touched || cells.length > 1 || cells[0] !== '') records.push({ line: start, cells })
    cells = []
    touched = false
  }
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] as string
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          cell += '"'
          index += 1
        } else quoted = false
      } else {
        if (char === '\n') line += 1
        cell += char
      }
      continue
    }
    if (char === '"' && cell === '') {
      quoted = true
      touched = true
    } else if (char === ',') endCell()
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1
      endRecord()
      line += 1
      start = line
    } else cell += char
  }
  if (quoted) throw new Error(`A quoted cell that starts on line ${start} is never closed.`)
  if (cell !== '' || cells.length > 0 || touched) endRecord()
  return records
}
