// One key of the renderer bench's bare baseline list as the bench hands it to the page: the fields the key table's default columns show; node and Chromium.

/** name, connection name, environment, status, expiresAt, lastUsedAt, IP rule count, allows all. */
export type BaselineRow = [
  name: string,
  connection: string,
  environment: string,
  status: string,
  expiresAt: number | null,
  lastUsedAt: number | null,
  ipRuleCount: number | null,
  allowsAll: boolean
]
