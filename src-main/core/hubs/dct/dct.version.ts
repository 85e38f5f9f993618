// Works out which DCT API a connection talks to (base path, version range, which key operations exist); pure, runs in main.
import { AppError } from '../../../contract/result'
import type { ConnectionSettings } from '../../../contract/hubs.contract'

/** The base path DCT 3.17 and newer serve; used when a connection names none. */
export const defaultDctBasePath = '/dct/v3'

type Version = readonly [major: number, minor: number]

/**
 * What Hubkeys knows about a DCT server. The published spec has no version endpoint, so the version
 * is either the connection's `serverVersion` setting or a range read from the base path
 * (HUBS.md: `/dct/v3` 3.17+, `/v3` 3.0-3.16, `/v2` 2.x).
 */
export interface DctProfile {
  /** Normalised, leading slash, no trailing slash, e.g. `/dct/v3`. */
  basePath: string
  /** `accounts`: 3.x `/management/accounts`; `api-clients`: the legacy 2.x `/management/api-clients`. */
  family: 'accounts' | 'api-clients'
  min: Version
  /** Highest version the evidence allows; undefined when open-ended. */
  max?: Version
  source: 'setting' | 'base-path'
  /** For sentences: `3.23.0`, `3.17 or newer`, `3.0 to 3.16`, `2.x`. */
  label: string
}

/** `yes`: the server has it; `no`: it cannot; `maybe`: try it and treat "no such endpoint" as absent. */
export type FeatureSupport = 'yes' | 'no' | 'maybe'

export type DctFeature = 'api-key-reset' | 'api-key-delete' | 'api-key-regenerate'

/** First version with each feature (DCT API docs, HUBS.md). */
export const dctFeatureSince: Record<DctFeature, Version> = {
  'api-key-reset': [3, 17],
  'api-key-delete': [3, 17],
  'api-key-regenerate': [3, 18]
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1]

export const versionText = (v: Version): string => `${v[0]}.${v[1]}`

export const normaliseBasePath = (raw: string | undefined): string => {
  const trimmed = (raw ?? '').trim()
  if (!trimmed) return defaultDctBasePath
  const path = `/${trimmed.replace(/^\/+/, '').replace(/\/+$/, '')}`
  return path === '/' ? '' : path
}

const parseVersion = (text: string): Version | undefined => {
  const match = /^(\d{1,3})\.(\d{1,3})(?:\.\d{1,5})?$/.exec(text.trim())
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

const bad = (sentence: string) => new AppError('BAD_REQUEST', sentence)

/**
 * Reads a connection's DCT settings. Throws BAD_REQUEST with one sentence when the base path is
 * malformed, when neither it nor `serverVersion` says which API the server speaks, or when they
 * contradict each other (a `/v2` path with a 3.x version).
 */
export const resolveDctProfile = (settings: ConnectionSettings): DctProfile => {
  const basePath = normaliseBasePath(settings.basePath)
  if (basePath && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw bad(
      'The DCT base path may contain only letters, digits and . _ ~ - between slashes, such as /dct/v3.'
    )
  }
  const fromPath: Omit<DctProfile, 'basePath' | 'source'> | undefined = basePath.endsWith('/dct/v3')
    ? { family: 'accounts', min: [3, 17], label: '3.17 or newer' }
    : basePath.endsWith('/v3')
      ? { family: 'accounts', min: [3, 0], max: [3, 16], label: '3.0 to 3.16' }
      : basePath.endsWith('/v2')
        ? { family: 'api-clients', min: [2, 0], max: [2, 999], label: '2.x' }
        : undefined

  if (settings.serverVersion?.trim()) {
    const version = parseVersion(settings.serverVersion)
    if (!version) throw bad('Write the DCT server version like 3.23.0.')
    if (version[0] < 2) throw bad('Hubkeys supports DCT 2.0 and newer.')
    const family = version[0] === 2 ? 'api-clients' : 'accounts'
    if (fromPath && fromPath.family !== family) {
      throw bad(
        `The base path ${basePath} is for DCT ${fromPath.label}, but the server version is ${settings.serverVersion.trim()}; correct one of them.`
      )
    }
    return {
      basePath,
      family,
      min: version,
      max: version,
      source: 'setting',
      label: settings.serverVersion.trim()
    }
  }
  if (!fromPath) {
    throw bad(
      `Hubkeys cannot tell the DCT version from the base path ${basePath || '/'}; use /dct/v3 (3.17+), /v3 (3.0-3.16) or /v2 (2.x), or enter the server version.`
    )
  }
  return { basePath, source: 'base-path', ...fromPath }
}

export const featureSupport = (profile: DctProfile, feature: DctFeature): FeatureSupport => {
  if (profile.family === 'api-clients') return 'no'
  const since = dctFeatureSince[feature]
  if (compare(profile.min, since) >= 0) return 'yes'
  if (profile.max && compare(profile.max, since) < 0) return 'no'
  return 'maybe'
}

/** One sentence: why a version-gated operation is refused, and what to change if the server is newer. */
export const unsupportedSentence = (
  label: string,
  profile: DctProfile,
  feature: DctFeature
): string => {
  const need = versionText(dctFeatureSince[feature])
  const what =
    feature === 'api-key-reset'
      ? 'reset an API key'
      : feature === 'api-key-delete'
        ? 'delete an API key'
        : "regenerate the connection's own API key"
  const how =
    profile.source === 'setting'
      ? `if the server has been upgraded, update the server version in the connection settings`
      : `if the server is newer, set the connection's base path to /dct/v3 or enter its version`
  return `${label} is DCT ${profile.label} (${profile.source === 'setting' ? 'from the connection settings' : `base path ${profile.basePath || '/'}`}), which cannot ${what} (DCT ${need} or newer can); ${how}.`
}
