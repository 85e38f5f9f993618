// Scrubs credentials from text before it reaches a log line or an error message; pure, runs anywhere in main.

const mask = '[redacted]'

/**
 * Every credential style the hubs use (HUBS.md "Across hubs"): `Bearer <key>`, `apk <token>`,
 * `Basic <b64>`, a raw `Authorization: <key>` (Data Hub), `X-Api-Key`-style headers, key=value pairs,
 * and URLs, whose paths can carry a key (Optidash `/1.0/keys/<key>`) and whose userinfo or query
 * can carry a password or token.
 */
const patterns: ReadonlyArray<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // Authorization header with any scheme or none (raw key): keep the header name, drop the value.
  [/\b((?:proxy-)?authorization)("?\s*[:=]\s*"?)[^"\r\n,}]*/gi, (_m, name, sep) => `${name}${sep}${mask}`],
  // Scheme tokens appearing outside a header line.
  [/\b(Bearer|apk|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/g, (_m, scheme) => `${scheme} ${mask}`],
  // Header or field names that hold keys, secrets, tokens or passwords.
  [
    /\b([\w-]*(?:api[-_]?key|secret|token|password|passwd|credential|private[-_]?key)[\w-]*)("?\s*[:=]\s*"?)[^"\s,&}]+/gi,
    (_m, name, sep) => `${name}${sep}${mask}`
  ],
  // URLs: drop userinfo and the query, mask path segments that look like keys.
  [/\b(https?|wss?):\/\/[^\s"'<>]+/gi, (url) => redactUrl(url)]
]

/** Long opaque segments (hex, base64url, DCT's `<id>.<64 chars>`) are treated as credentials. */
const looksLikeKey = (segment: string): boolean =>
  segment.length >= 20 && /^[A-Za-z0-9._~+=-]+$/.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment)

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const redactUrl = (raw: string): string => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return mask
  }
  const segments = url.pathname.split('/')
  // Optidash addresses a key by its value (`/1.0/keys/<key>`): whatever follows `keys` is masked,
  // however short or plain it looks.
  const path = segments
    .map((segment, i) =>
      (segment !== '' && segments[i - 1]?.toLowerCase() === 'keys') || looksLikeKey(safeDecode(segment)) ? mask : segment
    )
    .join('/')
  const userinfo = url.username || url.password ? `${mask}@` : ''
  const query = url.search ? `?${mask}` : ''
  return `${url.protocol}//${userinfo}${url.host}${path}${query}`
}

export const redact = (text: string): string =>
  patterns.reduce((out, [pattern, replace]) => out.replace(pattern, replace as never), text)

/** Redacts a structured log record: strings scrubbed, known secret-bearing keys dropped. */
export const redactFields = (fields: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (/secret|token|password|credential|authorization|api[-_]?key|plaintext|data[-_]?key/i.test(key)) {
      out[key] = mask
    } else if (typeof value === 'string') {
      out[key] = redact(value)
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = redactFields(value as Record<string, unknown>)
    } else {
      out[key] = value
    }
  }
  return out
}
