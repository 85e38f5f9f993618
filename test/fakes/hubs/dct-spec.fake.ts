// Validates simulated-DCT traffic against the DCT OpenAPI extracts (3.23.0, legacy 2.0.0) with openapi-backend; test-only.
import { readFileSync } from 'node:fs'
import { OpenAPIBackend, type Document, type Options } from 'openapi-backend'

export type DctSpecName = '3.23.0' | '2.0.0'

const specFiles: Record<DctSpecName, string> = {
  '3.23.0': 'dct-3.23.0-api-keys.extract.json',
  '2.0.0': 'dct-2.0.0-api-clients.extract.json'
}

export const loadDctSpec = (name: DctSpecName): Document =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/specs/${specFiles[name]}`, import.meta.url), 'utf8')
  ) as Document

/**
 * The spec's object schemas leave `additionalProperties` open, so an invented field would pass.
 * Closing every object that lists its properties makes a field the spec does not name a violation,
 * in the requests the adapter sends and in the answers the fake gives: drift fails the tests.
 */
const closeObjects = (node: unknown): void => {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item)
    return
  }
  if (!node || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  if (
    record.properties &&
    typeof record.properties === 'object' &&
    !Array.isArray(record.properties) &&
    record.additionalProperties === undefined &&
    (record.type === undefined || record.type === 'object')
  ) {
    record.additionalProperties = false
  }
  for (const [key, value] of Object.entries(record)) {
    // Examples are data, not schemas.
    if (key === 'example' || key === 'examples') continue
    closeObjects(value)
  }
}

/**
 * OpenAPI 3.0 ignores the siblings of a `$ref`; the 2.0.0 file still writes some (`type`,
 * `x-body-name`), which the strict document check rejects. Dropping them keeps the meaning.
 */
const dropRefSiblings = (node: unknown): void => {
  if (Array.isArray(node)) {
    for (const item of node) dropRefSiblings(item)
    return
  }
  if (!node || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  if (typeof record.$ref === 'string') {
    for (const key of Object.keys(record)) if (key !== '$ref') delete record[key]
    return
  }
  for (const value of Object.values(record)) dropRefSiblings(value)
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

const customizeAjv: NonNullable<Options['customizeAjv']> = (ajv) => {
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => rfc3339.test(value) && !Number.isNaN(Date.parse(value))
  })
  // The spec writes `int_64` once (a typo of int64); accept any integer there.
  ajv.addFormat('int_64', { type: 'number', validate: (value: number) => Number.isInteger(value) })
  return ajv
}

export interface SpecRequest {
  method: string
  path: string
  headers: Record<string, string>
  query: URLSearchParams
  json: unknown
}

/** Errors for a body that should be an `ErrorResponse` ({error, error_description}, both 1-1024 chars). */
const errorResponseProblems = (body: unknown): string[] => {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return ['error body is not an object']
  const record = body as Record<string, unknown>
  const problems: string[] = []
  for (const key of Object.keys(record)) {
    if (key !== 'error' && key !== 'error_description')
      problems.push(`error body has unknown field '${key}'`)
  }
  for (const key of ['error', 'error_description']) {
    const value = record[key]
    if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
      problems.push(`error body field '${key}' must be a string of 1-1024 characters`)
    }
  }
  return problems
}

export interface DctSpecValidator {
  /** The operation id a request maps to, or undefined when the spec has no such path. */
  operationOf(request: SpecRequest): string | undefined
  /** Problems with a request the spec knows, or [] when it validates. */
  checkRequest(request: SpecRequest): string[]
  /** Problems with an answer: undocumented 2xx statuses, schema errors, or an error body not shaped like ErrorResponse. */
  checkResponse(request: SpecRequest, status: number, body: unknown): string[]
}

const toQuery = (query: URLSearchParams): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key)
    out[key] = values.length === 1 ? (values[0] as string) : values
  }
  return out
}

const preparedSpec = (name: DctSpecName): Document => {
  const definition = loadDctSpec(name)
  dropRefSiblings(definition.paths)
  dropRefSiblings(definition.components)
  closeObjects(definition.components)
  closeObjects(definition.paths)
  return definition
}

/** Throws when the prepared (closed, `$ref`-cleaned) spec is not a valid OpenAPI document. */
export const checkDctSpecDefinition = async (name: DctSpecName): Promise<void> => {
  await new OpenAPIBackend({ definition: preparedSpec(name), strict: true, validate: false }).init()
}

const cache = new Map<string, Promise<DctSpecValidator>>()

/** A validator for one spec served under `apiRoot` (the connection's base path); shared, it holds no state. */
export const createDctSpecValidator = (
  name: DctSpecName,
  apiRoot: string
): Promise<DctSpecValidator> => {
  const id = `${name} ${apiRoot}`
  let validator = cache.get(id)
  if (!validator) {
    validator = buildValidator(name, apiRoot)
    cache.set(id, validator)
  }
  return validator
}

const buildValidator = async (name: DctSpecName, apiRoot: string): Promise<DctSpecValidator> => {
  const definition = preparedSpec(name)
  const api = new OpenAPIBackend({
    definition,
    apiRoot,
    strict: true,
    // Quick mode compiles each operation's validators on first use instead of all up front (seconds
    // saved per fake); the document itself is checked once by `checkDctSpecDefinition`.
    quick: true,
    validate: true,
    coerceTypes: true,
    customizeAjv
  })
  await api.init()

  const asRequest = (request: SpecRequest) => ({
    method: request.method.toLowerCase(),
    path: request.path,
    headers: request.headers,
    query: toQuery(request.query),
    ...(request.json === undefined ? {} : { body: request.json })
  })

  const operationOf = (request: SpecRequest) => api.matchOperation(asRequest(request))?.operationId

  return {
    operationOf,
    checkRequest(request) {
      const operation = api.matchOperation(asRequest(request))
      if (!operation) return []
      const result = api.validateRequest(asRequest(request), operation)
      return result.valid
        ? []
        : (result.errors ?? []).map(
            (e) =>
              `${operation.operationId} request: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`
          )
    },
    checkResponse(request, status, body) {
      const operation = api.matchOperation(asRequest(request))
      const where = operation?.operationId ?? `${request.method} ${request.path}`
      if (status >= 400) {
        const documented = operation?.responses?.[String(status)]
        if (operation && documented && 'content' in documented && documented.content) {
          const result = api.validateResponse(body, operation, status)
          return result.valid
            ? []
            : (result.errors ?? []).map(
                (e) => `${where} ${status}: ${e.instancePath || '(root)'} ${e.message ?? ''}`
              )
        }
        return errorResponseProblems(body).map((p) => `${where} ${status}: ${p}`)
      }
      if (!operation)
        return [`${where} ${status}: the spec has no such operation, yet it answered ${status}`]
      const documented = operation.responses?.[String(status)]
      if (!documented) return [`${where}: status ${status} is not documented`]
      const hasContent = 'content' in documented && !!documented.content
      if (!hasContent)
        return body === undefined
          ? []
          : [`${where} ${status}: the spec documents no body, yet one was sent`]
      const result = api.validateResponse(body, operation, status)
      return result.valid
        ? []
        : (result.errors ?? []).map(
            (e) => `${where} ${status}: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`
          )
    }
  }
}
