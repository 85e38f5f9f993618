// Checks requests to and answers from the simulated Cycle hub against a strict copy of the Cycle OpenAPI file; tests only.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { OpenAPIBackend, type Document } from 'openapi-backend'

export const cycleSpecPath = fileURLToPath(
  new URL('../../fixtures/specs/cycle-hub-api-keys.openapi.json', import.meta.url)
)

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const at = (root: Json, ...path: string[]): Json => {
  let node: unknown = root
  for (const part of path) node = isObject(node) ? node[part] : undefined
  if (!isObject(node))
    throw new Error(`The Cycle spec has no object at ${path.join('/')}; revisit the patches.`)
  return node
}

/**
 * Corrections to mistakes in the upstream file, each applied only while the mistake is still
 * there (a changed spec throws, so the patch gets reviewed instead of silently hiding a change).
 */
export const cycleSpecPatches: { name: string; apply: (spec: Json) => void }[] = [
  {
    // Upstream lists one property literally named "status, code, title".
    name: 'Error.required is one comma-joined string',
    apply(spec) {
      const error = at(spec, 'components', 'schemas', 'Error')
      if (JSON.stringify(error.required) !== '["status, code, title"]') {
        throw new Error('Error.required changed upstream; revisit this patch.')
      }
      error.required = ['status', 'code', 'title']
    }
  },
  {
    // The code list has 429.rate-limiting, but the status enum leaves 429 out.
    name: 'Error.status enum lacks 429',
    apply(spec) {
      const status = at(spec, 'components', 'schemas', 'Error', 'properties', 'status')
      const values = status.enum as number[]
      if (!Array.isArray(values) || values.includes(429)) {
        throw new Error('Error.status now lists 429 upstream; drop this patch.')
      }
      status.enum = [...values, 429].sort((a, b) => a - b)
    }
  },
  {
    // The Error description says auth errors follow the OAuth shape, but no schema describes it.
    name: 'OAuth-shaped auth errors are described only in prose',
    apply(spec) {
      const error = at(spec, 'components', 'schemas', 'Error')
      if (!String(error.description).includes('follow the OAuth spec')) {
        throw new Error(
          'The Error description no longer mentions OAuth errors; revisit this patch.'
        )
      }
      const schemas = at(spec, 'components', 'schemas')
      schemas.OAuthError = {
        title: 'OAuthError',
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'string',
            enum: ['invalid_request', 'invalid_token', 'insufficient_scope']
          },
          error_description: { type: 'string' }
        }
      }
      const media = at(
        spec,
        'components',
        'responses',
        'DefaultError',
        'content',
        'application/json'
      )
      media.schema = {
        anyOf: [
          { $ref: '#/components/schemas/ErrorEnvelope' },
          { $ref: '#/components/schemas/OAuthError' }
        ]
      }
    }
  },
  {
    // The default-roles answer requires `meta` without declaring it; closed, nothing could satisfy it.
    name: 'getDefaultHubRoles requires an undeclared meta',
    apply(spec) {
      const schema = at(
        spec,
        ...['paths', '/v1/hubs/current/roles/defaults', 'get', 'responses', '200', 'content'],
        ...['application/json', 'schema']
      )
      const properties = at(schema, 'properties')
      if (!(schema.required as string[]).includes('meta') || 'meta' in properties) {
        throw new Error('The default-roles answer changed upstream; revisit this patch.')
      }
      properties.meta = { type: 'object' }
    }
  }
]

// `additionalProperties: false` appears when a member was already closed by closeSchema.
const mergeableKeys = new Set([
  'type',
  'required',
  'properties',
  'title',
  'description',
  'additionalProperties'
])

/** `allOf` of plain object schemas becomes one object schema, so it can be closed below. */
const mergeAllOf = (schema: Json, components: Json): void => {
  if (!Array.isArray(schema.allOf)) return
  const members = (schema.allOf as Json[]).map((member) => {
    const ref = typeof member.$ref === 'string' ? member.$ref : undefined
    const resolved = ref ? components[ref.replace('#/components/schemas/', '')] : member
    if (
      !isObject(resolved) ||
      Object.keys(resolved).some((key) => !mergeableKeys.has(key)) ||
      (resolved.additionalProperties !== undefined && resolved.additionalProperties !== false)
    ) {
      throw new Error(
        `Cannot merge an allOf member (${ref ?? Object.keys(resolved ?? {}).join(',')}).`
      )
    }
    // A copy: the dereferencer skips an object it has already seen, so shared nodes keep their $ref.
    return structuredClone(resolved)
  })
  delete schema.allOf
  schema.type = 'object'
  schema.properties = Object.assign({}, ...members.map((member) => member.properties ?? {}))
  schema.required = [...new Set(members.flatMap((member) => (member.required as string[]) ?? []))]
}

/** Every object schema that declares properties rejects undeclared ones: drift fails loudly. */
const closeSchema = (schema: unknown, components: Json): void => {
  if (!isObject(schema)) return
  mergeAllOf(schema, components)
  if (isObject(schema.properties)) {
    if (!('additionalProperties' in schema)) schema.additionalProperties = false
    for (const child of Object.values(schema.properties)) closeSchema(child, components)
  }
  if (isObject(schema.additionalProperties)) closeSchema(schema.additionalProperties, components)
  closeSchema(schema.items, components)
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key]))
      for (const member of schema[key]) closeSchema(member, components)
  }
}

/** The spec as the simulated hub enforces it: upstream mistakes patched, every object closed. */
export const strictCycleDocument = (): Json => {
  const spec = JSON.parse(readFileSync(cycleSpecPath, 'utf8')) as Json
  for (const patch of cycleSpecPatches) patch.apply(spec)
  const components = at(spec, 'components', 'schemas')
  for (const schema of Object.values(components)) closeSchema(schema, components)
  for (const parameter of Object.values(at(spec, 'components', 'parameters'))) {
    if (isObject(parameter)) closeSchema(parameter.schema, components)
  }
  for (const item of Object.values(at(spec, 'paths'))) {
    for (const operation of Object.values(item as Json)) {
      if (!isObject(operation)) continue
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        closeSchema(parameter.schema, components)
      }
      const body = isObject(operation.requestBody) ? operation.requestBody.content : undefined
      for (const media of Object.values(isObject(body) ? body : {}))
        closeSchema((media as Json).schema, components)
      for (const response of Object.values((operation.responses as Json | undefined) ?? {})) {
        const content = isObject(response) && isObject(response.content) ? response.content : {}
        for (const media of Object.values(content)) closeSchema((media as Json).schema, components)
      }
    }
  }
  return spec
}

/** RFC 3339 date-time, as Cycle writes it (`2021-01-30T08:30:00Z`, also the zero time `0001-01-01T00:00:00Z`). */
const dateTime =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/

export interface CheckedRequest {
  method: string
  path: string
  /** The raw query string without `?`. */
  query: string
  headers: Record<string, string>
  body?: unknown
}

export interface CycleSpecValidator {
  /** The operationId the spec gives this request, if any. */
  operationFor(method: string, path: string): string | undefined
  /** Problems with a request (empty when it follows the spec). */
  checkRequest(request: CheckedRequest): string[]
  /** Problems with an answer to `operationId` (undefined: a request the spec does not describe). */
  checkResponse(operationId: string | undefined, status: number, body: unknown): string[]
}

const describe = (
  errors: { instancePath?: string; message?: string; params?: unknown }[] | null | undefined
) =>
  (errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`
  )

export const createCycleSpecValidator = async (): Promise<CycleSpecValidator> => {
  const definition = strictCycleDocument()
  // quick: openapi-backend checks documents against the OpenAPI 3.0 meta-schema only, which rejects
  // every 3.1 document; it would then skip dereferencing. The patches and ajv's strict compile
  // below stand in for that check.
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    quick: true,
    validate: true,
    strict: true,
    ajvOpts: {
      strict: true,
      // The spec writes nullable arrays as `type: [array, null]` (OpenAPI 3.1).
      allowUnionTypes: true,
      allErrors: true,
      formats: { objectid: /^[0-9a-f]{24}$/, 'date-time': dateTime }
    }
  })
  await api.init()
  // Compile every validator now, so a schema ajv cannot compile strictly fails at start-up.
  api.validator.preCompileRequestValidators()
  api.validator.preCompileResponseValidators()

  const operations = new Map(
    api.getOperations().map((operation) => [operation.operationId, operation])
  )

  return {
    operationFor(method, path) {
      return api.matchOperation({ method, path, headers: {} })?.operationId
    },
    checkRequest(request) {
      const operation = api.matchOperation({
        method: request.method,
        path: request.path,
        headers: {}
      })
      if (!operation)
        return [`${request.method} ${request.path} is not an operation of the Cycle spec`]
      const result = api.validateRequest(
        {
          method: request.method,
          path: request.path,
          query: request.query,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body })
        },
        operation
      )
      const problems = describe(result.errors)
      const hasBody = request.body !== undefined
      if (hasBody && !operation.requestBody)
        problems.push('a body was sent to an operation that takes none')
      const contentType = (request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase()
      if (hasBody && contentType !== 'application/json') {
        problems.push(`a JSON body was sent as "${contentType || 'no content type'}"`)
      }
      if (operation.requestBody && !hasBody && request.method !== 'GET') {
        problems.push('the operation takes a JSON body but none (or no valid JSON) was sent')
      }
      return problems
    },
    checkResponse(operationId, status, body) {
      const operation = operations.get(operationId ?? 'getApiKeys')
      if (!operation) return [`unknown operation ${operationId}`]
      const declared = Object.keys(operation.responses ?? {})
      if (status < 400 && !declared.includes(String(status))) {
        return [
          `${operationId} does not document a ${status} answer (documented: ${declared.join(', ')})`
        ]
      }
      if (body === undefined) return [`the ${status} answer of ${operationId} has no JSON body`]
      const problems = describe(api.validateResponse(body, operation, status).errors)
      if (status !== 401 && isObject(body) && typeof body.error === 'string') {
        problems.push('an OAuth-shaped error body outside a 401')
      }
      return problems
    }
  }
}
