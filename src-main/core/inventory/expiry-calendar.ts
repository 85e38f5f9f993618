// Builds an RFC 5545 (.ics) calendar of upcoming key expiries: all-day events with alarms at the reminders (30, 7, 1 days before) still ahead; pure, runs in main.
import { reminderThresholds } from '../../contract/inventory.contract'
import type { ExpiringKey } from '../ports/inventory-query.port'

const crlf = '\r\n'
const maxLineOctets = 75

/**
 * RFC 5545 3.1: lines longer than 75 octets are folded with CRLF and one space. Counted in UTF-8
 * octets, and never inside a character (a fold splitting a multi-byte sequence corrupts it).
 */
export const foldLine = (line: string): string => {
  // Most lines are short: measuring once is much cheaper than walking them character by character.
  if (line.length <= maxLineOctets && Buffer.byteLength(line, 'utf8') <= maxLineOctets) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = maxLineOctets
  for (const char of line) {
    const point = char.codePointAt(0) ?? 0
    const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      // Continuation lines start with the space, which counts toward their 75.
      limit = maxLineOctets - 1
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join(`${crlf} `)
}

/** RFC 5545 3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n, other controls dropped. */
export const escapeText = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ')

const pad = (value: number, width = 2): string => String(value).padStart(width, '0')

/** UTC date-time in the basic format (`19970714T173000Z`). */
export const utcStamp = (at: number): string => {
  const d = new Date(at)
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  )
}

/** Checks an IANA zone name the way Intl will use it; false for anything Intl rejects. */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** A calendar date as `YYYYMMDD`, `days` after (or before, when negative) the given one. */
const shiftDate = (year: number, month: number, day: number, days: number): string => {
  const at = new Date(Date.UTC(year, month - 1, day + days))
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`
}

/** The calendar date (`YYYYMMDD`) of an instant in a zone, the date after it, and a shifter. */
const dateReader = (timeZone: string) => {
  // One formatter per calendar: building an Intl.DateTimeFormat costs far more than using it.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric'
  })
  return (at: number): { start: string; end: string; before(days: number): string } => {
    const parts = format.formatToParts(new Date(at))
    const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value)
    const [year, month, day] = [part('year'), part('month'), part('day')]
    return {
      start: shiftDate(year, month, day, 0),
      end: shiftDate(year, month, day, 1),
      before: (days) => shiftDate(year, month, day, -days)
    }
  }
}

/**
 * The alarms of one all-day event, as days before its date: each reminder (30, 7, 1 days) whose day
 * is still ahead of `today` (an alarm fires at the start of its day, so today's has passed), or,
 * when none is, one at the start of the expiry day itself if that is still ahead. Dates are
 * `YYYYMMDD` in the calendar's zone, so plain string order is date order.
 */
export const alarmDaysAhead = (
  today: string,
  expiryDate: string,
  dateBefore: (days: number) => string
): number[] => {
  const ahead = reminderThresholds.filter((days) => dateBefore(days) > today)
  if (ahead.length > 0) return [...ahead]
  return expiryDate > today ? [0] : []
}

const alarmLines = (days: number, name: string, connectionName: string): string[] => [
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  `DESCRIPTION:${escapeText(
    days === 0
      ? `Key ${name} on ${connectionName} expires today`
      : `Key ${name} on ${connectionName} expires in ${days === 1 ? '1 day' : `${days} days`}`
  )}`,
  // Relative to DTSTART, the start of the expiry day.
  `TRIGGER:${days === 0 ? 'PT0S' : `-P${days}D`}`,
  'END:VALARM'
]

/**
 * Stable per key and expiry date, so importing again updates the events instead of doubling them.
 * Characters outside [A-Za-z0-9._-] become `=XX` per UTF-8 octet, which keeps it unique and plain.
 */
export const eventUid = (keyId: string, expiresAt: number): string => {
  const safe = Array.from(Buffer.from(keyId, 'utf8'), (octet) => {
    const char = String.fromCharCode(octet)
    return /[A-Za-z0-9._-]/.test(char)
      ? char
      : `=${octet.toString(16).toUpperCase().padStart(2, '0')}`
  }).join('')
  return `${safe}-${expiresAt}@hubkeys`
}

export interface ExpiryCalendarOptions {
  now: number
  /** IANA zone for the all-day dates; defaults to UTC. Check it with `isTimeZone` first. */
  timeZone?: string
}

/** The whole calendar, CRLF line endings, folded and escaped; secrets never appear (keys carry none). */
export const buildExpiryCalendar = (
  keys: readonly ExpiringKey[],
  options: ExpiryCalendarOptions
): string => {
  const datesIn = dateReader(options.timeZone ?? 'UTC')
  const stamp = utcStamp(options.now)
  const today = datesIn(options.now).start
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hubkeys//Key expiries//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Hubkeys key expiries'
  ]
  for (const key of keys) {
    const name = key.name.trim() === '' ? key.hubKeyId : key.name
    const { start, end, before } = datesIn(key.expiresAt)
    const where = `${key.connectionName} (${key.kind}, ${key.environment})`
    const description = [
      `Key: ${name}`,
      `Hub key id: ${key.hubKeyId}`,
      ...(key.tenant === '' ? [] : [`Tenant: ${key.tenant}`]),
      `Connection: ${where}`,
      `Expires: ${new Date(key.expiresAt).toISOString()}`
    ].join('\n')
    lines.push(
      'BEGIN:VEVENT',
      `UID:${eventUid(key.id, key.expiresAt)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${start}`,
      `DTEND;VALUE=DATE:${end}`,
      `SUMMARY:${escapeText(`Key expires: ${name} on ${key.connectionName}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      'TRANSP:TRANSPARENT',
      ...alarmDaysAhead(today, start, before).flatMap((days) =>
        alarmLines(days, name, key.connectionName)
      ),
      'END:VEVENT'
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(crlf) + crlf
}
