// Scrubs credentials from text before it reaches a log line or an error message; pure, runs anywhere in main.

const mask = '[redacted]'

/** Field, parameter and header names whose value is a credential wherever they appear. */
const sensitiveName =
  /api[-_]?key|access[-_]?key|private[-_]?key|secret|token|password|passwd|passphrase|credential|cookie|session|auth|plaintext|data[-_]?key/i

/** Header names whose value is a credential: the above, and any name containing `key`. */
const sensitiveHeaderName = /key|token|secret|auth|session|password|passwd|cookie|credential/i

/** A value after `name=` or `name: `: quoted (spaces and all), a JSON array, or a bare run. */
const valuePattern = String.raw`(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|\[[^\]\r\n]*\]|[^\s"',&;}\]]+)`

/** Keeps a quoted value's quotes (so JSON stays readable) and replaces what is inside them. */
const maskValue = (value: string): string => {
  const first = value[0]
  if (first === '"' || first === "'") return `${first}${mask}${first}`
  return mask
}

/**
 * Every credential style the hubs use (HUBS.md "Across hubs"): `Bearer <key>`, `apk <token>`,
 * `Basic <b64>`, a raw `Authorization: <key>` (Data Hub), `X-Api-Key`-style headers, cookies,
 * key=value pairs (quoted values may hold spaces), and URLs of any scheme, whose paths can carry a
 * key (Optidash `/1.0/keys/<key>`) and whose userinfo, query or fragment can carry a password or
 * token. URLs go first so their parts are judged as URL parts. Unbounded runs before a literal
 * are capped ({0,30}, {1,64}) so a long line cannot make matching quadratic.
 */
const patterns: ReadonlyArray<[RegExp, (match: string, ...groups: string[]) => string]> = [
  [/\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url)],
  // A header line (`Name: value` at the start of a line) with a credential-bearing name: the whole
  // value goes, spaces and all, since header values (cookies, schemes) contain them.
  [
    /^([ \t]*)([A-Za-z0-9-]+)([ \t]*:[ \t]*)(\S[^\r\n]*)$/gm,
    (line, indent, name, sep) =>
      sensitiveHeaderName.test(name) ? `${indent}${name}${sep}${mask}` : line
  ],
  // Authorization and cookie headers inside other text: a scheme and a value, or `a=b; c=d`.
  [
    /\b((?:proxy-)?authorization|(?:set-)?cookie)(["']?\s*[:=]\s*)(["']?)[^"'\r\n}]*/gi,
    (_m, name, sep, quote) => `${name}${sep}${quote}${mask}`
  ],
  // Scheme tokens appearing outside a header line.
  [/\b(Bearer|apk|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/g, (_m, scheme) => `${scheme} ${mask}`],
  // Names that hold keys, secrets, tokens or passwords, as `name=value`, `name: value` or JSON.
  [
    new RegExp(String.raw`([\w.-]{1,64})(["']?\s*[:=]\s*)(${valuePattern})`, 'g'),
    (match, name, sep, value) =>
      sensitiveName.test(name) && value !== mask ? `${name}${sep}${maskValue(value)}` : match
  ]
]

/** Long opaque segments (hex, base64url, DCT's `<id>.<64 chars>`) are treated as credentials. */
const looksLikeKey = (segment: string): boolean =>
  segment.length >= 20 &&
  /^[A-Za-z0-9._~+=-]+$/.test(segment) &&
  /\d/.test(segment) &&
  /[A-Za-z]/.test(segment)

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * A `scheme://` URL of any scheme without its credentials: userinfo, the query (`?api_key=`,
 * `token=`, ...), the fragment and path segments that look like keys are masked. Anything
 * unparsable is masked whole.
 */
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
      (segment !== '' && segments[i - 1]?.toLowerCase() === 'keys') ||
      looksLikeKey(safeDecode(segment))
        ? mask
        : segment
    )
    .join('/')
  const userinfo = url.username || url.password ? `${mask}@` : ''
  const query = url.search ? `?${mask}` : ''
  // Web mode's address carries its bridge token in the fragment.
  const fragment = url.hash ? `#${mask}` : ''
  return `${url.protocol}//${userinfo}${url.host}${path}${query}${fragment}`
}

export const redact = (text: string): string =>
  patterns.reduce((out, [pattern, replace]) => out.replace(pattern, replace as never), text)

/**
 * Redacts a value of a structured log record: strings scrubbed, arrays and objects walked, and in
 * an array a string that names a credential (`['X-Api-Key', value]`, Node's flat `rawHeaders`)
 * masks the string after it.
 */
const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
  if (typeof value === 'string') return redact(value)
  if (!value || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const previous: unknown = value[i - 1]
      const named =
        typeof previous === 'string' &&
        /^[\w-]+$/.test(previous) &&
        sensitiveHeaderName.test(previous)
      return named && typeof item === 'string' ? mask : redactValue(item, seen)
    })
  }
  // Bytes in a log record can only be key material or ciphertext; neither belongs in a log.
  if (ArrayBuffer.isView(value)) return mask
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[key] = sensitiveName.test(key) ? mask : redactValue(inner, seen)
  }
  return out
}

/** Redacts a structured log record: strings scrubbed, secret-bearing keys dropped, arrays walked. */
export const redactFields = <Fields extends Record<string, unknown>>(fields: Fields): Fields =>
  redactValue(fields, new WeakSet()) as Fields
