// The master-password rules the renderer checks before calling main (mirrors vault.contract.ts, without zod).

/**
 * Same value as `passwordMinLength` in src-main/contract/vault.contract.ts. Importing that module
 * would put zod in the renderer bundle, and zod probes `new Function`, which the CSP refuses;
 * test/component/password-strength.test.ts checks the two stay equal.
 */
export const passwordMinLength = 12
