// Builds what "copy as" puts on the clipboard (the value, the hub's Authorization header, a curl command, a .env line) from each hub kind's documented auth scheme (HUBS.md); core, pure.
import type { CopyFormat } from '../../contract/key-secret.contract'
import type { Connection, HubKind } from '../../contract/hubs.contract'
import { AppError } from '../../contract/result'

/** What a connection contributes to the formats: where its API is and its per-kind settings. */
export type CopyTarget = Pick<Connection, 'kind' | 'baseUrl' | 'settings'>

interface Probe {
  method: 'GET' | 'POST'
  url: string
  /** Further headers consumers send besides Authorization (Cycle's hub id, a JSON body's type). */
  headers: [string, string][]
  body?: string
}

/** How a hub kind's consumers authenticate (HUBS.md, "auth header"), and a harmless call to try it with. */
interface ConsumerAuth {
  /** The `Authorization` header's value for a key. */
  authorization(value: string): string
  probe(target: CopyTarget): Probe
  /** The variable name of the .env line. */
  envName: string
}

const trimSlash = (text: string): string => text.replace(/\/+$/, '')

/** DCT's API path: the connection's base path unless the base URL already ends with it. */
const dctApiBase = (target: CopyTarget): string => {
  const base = trimSlash(target.baseUrl)
  const configured = target.settings.basePath?.trim()
  const path = trimSlash(
    configured ? (configured.startsWith('/') ? configured : `/${configured}`) : '/dct/v3'
  )
  return new URL(base).pathname.replace(/\/+$/, '').endsWith(path) ? base : `${base}${path}`
}

/** Data Hub's export endpoint: `exportPath` as a full URL, or as a path under the base URL. */
const datahubExportUrl = (target: CopyTarget): string => {
  const exportPath = target.settings.exportPath?.trim()
  if (exportPath && /^https?:\/\//i.test(exportPath)) return exportPath
  return `${trimSlash(target.baseUrl)}${exportPath ?? ''}`
}

const consumerAuth: Readonly<Record<HubKind, ConsumerAuth>> = {
  // `Authorization: Bearer <key>` + `X-Hub-Id: <hub id>`.
  cycle: {
    authorization: (value) => `Bearer ${value}`,
    probe: (target) => ({
      method: 'GET',
      url: `${trimSlash(target.baseUrl)}/v1/hubs/current`,
      headers: [['X-Hub-Id', target.settings.hubId?.trim() ?? '']]
    }),
    envName: 'CYCLE_API_KEY'
  },
  // `Authorization: apk <token>`.
  dct: {
    authorization: (value) => `apk ${value}`,
    probe: (target) => ({
      method: 'GET',
      url: `${dctApiBase(target)}/management/accounts?limit=1`,
      headers: []
    }),
    envName: 'DCT_API_KEY'
  },
  // Basic with the key as user, or `Authorization: Bearer <key>`; Bearer keeps the key out of the URL.
  optidash: {
    authorization: (value) => `Bearer ${value}`,
    probe: (target) => ({
      method: 'GET',
      url: `${trimSlash(target.baseUrl)}/1.0/account`,
      headers: []
    }),
    envName: 'OPTIDASH_API_KEY'
  },
  // Consumers send the raw key: `Authorization: <key>`, and POST the export body.
  datahub: {
    authorization: (value) => value,
    probe: (target) => ({
      method: 'POST',
      url: datahubExportUrl(target),
      headers: [['Content-Type', 'application/json']],
      body: '{"filter": {}, "changes": {}, "limit": "0,1"}'
    }),
    envName: 'DATAHUB_API_KEY'
  },
  // `Authorization: Bearer <key>`; the read-only usage call.
  dmhub: {
    authorization: (value) => `Bearer ${value}`,
    probe: (target) => ({
      method: 'GET',
      url: `${trimSlash(target.baseUrl)}/apiBack/dataUsageDaily/myDataUsage`,
      headers: []
    }),
    envName: 'DMHUB_API_KEY'
  }
}

/** POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/** A .env value: bare when plain, else quoted so dotenv readers and shells take it literally. */
const envValue = (value: string): string => {
  if (/^[A-Za-z0-9_.+/=:@~-]+$/.test(value)) return value
  if (!value.includes("'")) return `'${value}'`
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`
}

/**
 * The text to copy. A value with control characters (a line break would start a new header or
 * command) is refused for every format but the bare value; the message never quotes the value.
 */
export const formatKeyCopy = (target: CopyTarget, value: string, as: CopyFormat): string => {
  if (as === 'value') return value
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new AppError(
      'BAD_REQUEST',
      "This key's value holds a line break or another control character, so it cannot go into a header or a command; copy the value alone."
    )
  }
  const auth = consumerAuth[target.kind]
  const authorization = `Authorization: ${auth.authorization(value)}`
  switch (as) {
    case 'header':
      return authorization
    case 'env':
      return `${auth.envName}=${envValue(value)}`
    case 'curl': {
      const probe = auth.probe(target)
      const parts = [
        'curl',
        ...(probe.method === 'GET' ? [] : ['-X', probe.method]),
        '-H',
        shellQuote(authorization),
        ...probe.headers.flatMap(([name, headerValue]) => [
          '-H',
          shellQuote(`${name}: ${headerValue}`)
        ]),
        ...(probe.body === undefined ? [] : ['--data', shellQuote(probe.body)]),
        shellQuote(probe.url)
      ]
      return parts.join(' ')
    }
  }
}
