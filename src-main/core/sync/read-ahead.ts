// Reads an async sequence one item ahead: the next item is asked for as soon as one is handed out, so the consumer's work on it overlaps the wait for the next; runs in main.

/**
 * Yields `source`'s items in order, having asked for the next before handing one out: a sync stages
 * a page while the request for the following page is already on the wire. When the consumer
 * stops early, the source is closed without waiting for the item already asked for (its request
 * still ends by itself, or by the caller's abort signal).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]()
  let done = false
  let next = iterator.next()
  try {
    for (;;) {
      const result = await next
      if (result.done) {
        done = true
        return
      }
      next = iterator.next()
      // Awaited on the next turn; if the consumer stops first, its failure has nobody to tell.
      next.catch(() => undefined)
      yield result.value
    }
  } catch (error) {
    done = true
    throw error
  } finally {
    if (!done) void iterator.return?.()?.catch(() => undefined)
  }
}
