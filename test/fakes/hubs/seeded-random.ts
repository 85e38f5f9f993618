// Deterministic random data for simulated hubs (names, ids, dates), so seeded runs are repeatable.

/** mulberry32: small, fast, good enough for test data; the same seed gives the same sequence. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T
  const hex = (length: number) => Array.from({ length }, () => int(0, 15).toString(16)).join('')
  const alnum = (length: number) =>
    Array.from({ length }, () =>
      pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])
    ).join('')
  const teams = [
    'ci',
    'deploy',
    'grafana',
    'backup',
    'billing',
    'etl',
    'mobile',
    'partner',
    'support',
    'audit',
    'terraform',
    'monitoring',
    'webhooks',
    'analytics',
    'search'
  ]
  const purposes = [
    'readonly',
    'writer',
    'sync',
    'nightly',
    'prod',
    'staging',
    'export',
    'import',
    'bot',
    'ops',
    'legacy',
    'migration'
  ]
  /** A plausible key name such as `grafana-readonly-07`. */
  const keyName = () => `${pick(teams)}-${pick(purposes)}-${String(int(1, 99)).padStart(2, '0')}`
  const publicIp = () =>
    `${pick([203, 198, 192, 100])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`
  return { next, int, pick, hex, alnum, keyName, publicIp }
}

export type SeededRandom = ReturnType<typeof seededRandom>
