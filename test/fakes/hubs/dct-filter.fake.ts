// A small evaluator for DCT search filter expressions (the SearchBody grammar), used by the simulated DCT hub.

/**
 * Supports what the spec's SearchBody describes: EQ NE GT GE LT LE CONTAINS IN, SEARCH, NOT AND OR,
 * parentheses, string / number / boolean / nil / list literals, and `field CONTAINS {nested expr}` for
 * lists of objects (tags). Keywords are case-insensitive. Unknown fields and syntax errors throw
 * FilterError, which the fake answers with 400.
 */
export class FilterError extends Error {}

type Token =
  | { type: 'word'; text: string }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'punct'; text: string }

type Literal = string | number | boolean | null | Literal[]

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; inner: Node }
  | { kind: 'search'; value: Literal }
  | { kind: 'compare'; field: string; op: string; value: Literal }
  | { kind: 'nested'; field: string; inner: Node }

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const ch = source[i] as string
    if (/\s/.test(ch)) {
      i += 1
    } else if (ch === "'" || ch === '"') {
      const end = source.indexOf(ch, i + 1)
      if (end === -1) throw new FilterError('Unterminated string literal.')
      tokens.push({ type: 'string', value: source.slice(i + 1, end) })
      i = end + 1
    } else if ('()[]{},'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch })
      i += 1
    } else {
      const match = /^[^\s()[\]{},'"]+/.exec(source.slice(i))
      const word = match?.[0] ?? ch
      if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word))
        tokens.push({ type: 'number', value: Number(word) })
      else tokens.push({ type: 'word', text: word })
      i += word.length
    }
  }
  return tokens
}

const comparison = new Set(['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'CONTAINS', 'IN'])

export const parseFilter = (source: string, fields: ReadonlySet<string>): Node => {
  const tokens = tokenize(source)
  let pos = 0
  const peek = () => tokens[pos]
  const isWord = (token: Token | undefined, word: string) =>
    token?.type === 'word' && token.text.toUpperCase() === word
  const expectPunct = (text: string) => {
    const token = tokens[pos]
    if (token?.type !== 'punct' || token.text !== text) throw new FilterError(`Expected '${text}'.`)
    pos += 1
  }

  const literal = (): Literal => {
    const token = tokens[pos]
    if (!token) throw new FilterError('Expected a value.')
    pos += 1
    if (token.type === 'string' || token.type === 'number') return token.value
    if (token.type === 'punct' && token.text === '[') {
      const items: Literal[] = []
      if (peek()?.type === 'punct' && (peek() as { text: string }).text === ']') {
        pos += 1
        return items
      }
      for (;;) {
        items.push(literal())
        const next = tokens[pos]
        pos += 1
        if (next?.type === 'punct' && next.text === ']') return items
        if (!(next?.type === 'punct' && next.text === ','))
          throw new FilterError("Expected ',' or ']'.")
      }
    }
    if (token.type === 'word') {
      const upper = token.text.toUpperCase()
      if (upper === 'TRUE') return true
      if (upper === 'FALSE') return false
      if (upper === 'NIL') return null
      // RFC 3339 date-times are written bare.
      if (/^\d{4}-\d{2}-\d{2}T/.test(token.text)) return token.text
    }
    throw new FilterError('Expected a value.')
  }

  const primary = (nestedFields?: ReadonlySet<string>): Node => {
    const token = peek()
    if (token?.type === 'punct' && token.text === '(') {
      pos += 1
      const inner = or(nestedFields)
      expectPunct(')')
      return inner
    }
    if (isWord(token, 'NOT')) {
      pos += 1
      return { kind: 'not', inner: primary(nestedFields) }
    }
    if (isWord(token, 'SEARCH')) {
      pos += 1
      return { kind: 'search', value: literal() }
    }
    if (token?.type !== 'word') throw new FilterError('Expected a field name.')
    const field = token.text
    const allowed = nestedFields ?? fields
    if (!allowed.has(field)) throw new FilterError(`'${field}' is not a filterable field.`)
    pos += 1
    const opToken = peek()
    const op = opToken?.type === 'word' ? opToken.text.toUpperCase() : ''
    if (!comparison.has(op)) throw new FilterError(`Expected an operator after '${field}'.`)
    pos += 1
    const next = peek()
    if (op === 'CONTAINS' && next?.type === 'punct' && next.text === '{') {
      pos += 1
      const inner = or(new Set(['key', 'value']))
      expectPunct('}')
      return { kind: 'nested', field, inner }
    }
    return { kind: 'compare', field, op, value: literal() }
  }

  const and = (nestedFields?: ReadonlySet<string>): Node => {
    let left = primary(nestedFields)
    while (isWord(peek(), 'AND')) {
      pos += 1
      left = { kind: 'and', left, right: primary(nestedFields) }
    }
    return left
  }

  const or = (nestedFields?: ReadonlySet<string>): Node => {
    let left = and(nestedFields)
    while (isWord(peek(), 'OR')) {
      pos += 1
      left = { kind: 'or', left, right: and(nestedFields) }
    }
    return left
  }

  const tree = or()
  if (pos !== tokens.length) throw new FilterError('Unexpected text after the expression.')
  return tree
}

const compareValues = (a: unknown, b: Literal): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b))
}

export const matchesFilter = (node: Node, record: Record<string, unknown>): boolean => {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, record) && matchesFilter(node.right, record)
    case 'or':
      return matchesFilter(node.left, record) || matchesFilter(node.right, record)
    case 'not':
      return !matchesFilter(node.inner, record)
    case 'search': {
      const needle = String(node.value).toLowerCase()
      return Object.values(record).some((value) =>
        JSON.stringify(value ?? '')
          .toLowerCase()
          .includes(needle)
      )
    }
    case 'nested': {
      const list = record[node.field]
      return (
        Array.isArray(list) &&
        list.some((item) => matchesFilter(node.inner, item as Record<string, unknown>))
      )
    }
    case 'compare': {
      const actual = record[node.field]
      const value = node.value
      switch (node.op) {
        case 'EQ':
          return value === null ? actual === undefined || actual === null : actual === value
        case 'NE':
          return value === null ? actual !== undefined && actual !== null : actual !== value
        case 'GT':
          return actual !== undefined && actual !== null && compareValues(actual, value) > 0
        case 'GE':
          return actual !== undefined && actual !== null && compareValues(actual, value) >= 0
        case 'LT':
          return actual !== undefined && actual !== null && compareValues(actual, value) < 0
        case 'LE':
          return actual !== undefined && actual !== null && compareValues(actual, value) <= 0
        case 'CONTAINS':
          return Array.isArray(actual)
            ? actual.includes(value)
            : typeof actual === 'string' &&
                actual.toLowerCase().includes(String(value).toLowerCase())
        case 'IN':
          return Array.isArray(value) && value.includes(actual as Literal)
        default:
          return false
      }
    }
  }
}
