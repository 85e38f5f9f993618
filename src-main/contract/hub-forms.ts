// What the add-connection form asks for per hub kind, so the renderer never special-cases a hub by name.
import type { ConnectionSettings, HubKind } from './hubs.contract'

export interface HubFormField {
  key: keyof ConnectionSettings
  label: string
  required: boolean
  placeholder?: string
  help?: string
  /** A list setting, typed as comma-separated names (DM-Hub filesets). */
  list?: boolean
}

export interface HubForm {
  kind: HubKind
  label: string
  /** One line on what Hubkeys can do with this hub. */
  summary: string
  defaultBaseUrl: string
  baseUrlHelp: string
  credentialLabel: string
  credentialRequired: boolean
  credentialHelp: string
  fields: HubFormField[]
  /** Self-hosted hubs may need a private CA or, explicitly, an invalid certificate accepted. */
  tlsOptions: boolean
}

export const hubForms: Readonly<Record<HubKind, HubForm>> = {
  cycle: {
    kind: 'cycle',
    label: 'Cycle',
    summary: 'Lists, creates, edits and deletes hub API keys through the Cycle API.',
    defaultBaseUrl: 'https://api.cycle.io',
    baseUrlHelp: 'The Cycle API address.',
    credentialLabel: 'API key',
    credentialRequired: true,
    credentialHelp: 'A Cycle API key whose role has the api-keys-manage capability.',
    fields: [
      {
        key: 'hubId',
        label: 'Hub ID',
        required: true,
        placeholder: '5f1a…',
        help: 'Sent as X-Hub-Id with every call.'
      }
    ],
    tlsOptions: false
  },
  dct: {
    kind: 'dct',
    label: 'Delphix DCT',
    summary: 'Manages DCT accounts and their API keys (reset, delete, verify).',
    defaultBaseUrl: 'https://dct.example.com',
    baseUrlHelp: 'Your DCT server address, without the API path.',
    credentialLabel: 'API key (apk token)',
    credentialRequired: true,
    credentialHelp: 'An admin API key, like 1.0p9Z…; sent as "Authorization: apk <key>".',
    fields: [
      {
        key: 'basePath',
        label: 'API base path',
        required: false,
        placeholder: '/dct/v3',
        help: '/dct/v3 for 3.17+, /v3 for 3.0-3.16, /v2 for 2.x.'
      },
      {
        key: 'serverVersion',
        label: 'Server version',
        required: false,
        placeholder: '3.23.0',
        help: 'Unlocks reset (3.17+) and regenerate (3.18+) when the path cannot tell.'
      }
    ],
    tlsOptions: true
  },
  optidash: {
    kind: 'optidash',
    label: 'Optidash',
    summary: 'Creates and renames keys and charts per-key usage; Hubkeys keeps the only list.',
    defaultBaseUrl: 'https://api.optidash.ai',
    baseUrlHelp: 'The Optidash API address.',
    credentialLabel: 'Master (primary) API key',
    credentialRequired: true,
    credentialHelp: "Provisioning calls must use the account's primary key.",
    fields: [],
    tlsOptions: false
  },
  datahub: {
    kind: 'datahub',
    label: 'SAWS Owl Data Hub',
    summary:
      'Keys are edited in Owl; Hubkeys records them, keeps their history and verifies them live.',
    defaultBaseUrl: 'https://example.contentserv.com',
    baseUrlHelp: 'The Contentserv / Owl server address.',
    credentialLabel: 'Credential',
    credentialRequired: false,
    credentialHelp: 'Not needed: each key is checked with its own value.',
    fields: [
      {
        key: 'exportPath',
        label: 'Export endpoint path',
        required: true,
        placeholder: '/owl/export/products',
        help: 'The export endpoint consumers POST to; used to verify keys.'
      }
    ],
    tlsOptions: true
  },
  dmhub: {
    kind: 'dmhub',
    label: 'BSC DM-Hub',
    summary:
      'Keys are created in the profile page; Hubkeys records them, verifies them and charts storage.',
    defaultBaseUrl: 'https://dmhub.example.com',
    baseUrlHelp: 'The DM-Hub address.',
    credentialLabel: 'Admin API key (optional)',
    credentialRequired: false,
    credentialHelp:
      "Used to read storage usage; without it usage is read with each key's own value.",
    fields: [
      {
        key: 'filesets',
        label: 'Filesets',
        required: false,
        placeholder: 'sales-eu, sales-us',
        help: 'Comma-separated filesets whose storage is charted; empty: every fileset the key sees.',
        list: true
      }
    ],
    tlsOptions: true
  }
}
