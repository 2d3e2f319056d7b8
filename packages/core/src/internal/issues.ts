import * as Cause from "effect/Cause"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/** The message of an input whose problems could not be written: its values nest too deeply. */
export const TOO_DEEP = "the input is nested too deeply to describe its problems; is it the right document?"

/**
 * Effect's formatters write the offending value into each message and recurse into it; a value nested
 * a few thousand levels deep (`[[[[…]]]]`, which `JSON.parse` reads happily) overflows the stack there.
 * Such an input is refused all the same, with one problem at its root instead of a thrown RangeError.
 */
const orTooDeep = <A>(format: () => A, fallback: A): A => {
  try {
    return format()
  } catch (e) {
    // The formatters run an Effect synchronously: the overflow may come back wrapped as its defect.
    const error = Runtime.isFiberFailure(e) ? Cause.squash(e[Runtime.FiberFailureCauseId]) : e
    if (error instanceof RangeError) return fallback
    throw e
  }
}

/** `ParseResult.ArrayFormatter.formatErrorSync`, never throwing. */
export const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<ParseResult.ArrayFormatterIssue> =>
  orTooDeep(() => ParseResult.ArrayFormatter.formatErrorSync(error), [{ _tag: "Type", path: [], message: TOO_DEEP }])

/** `ParseResult.TreeFormatter.formatErrorSync`, never throwing. */
export const treeOf = (error: ParseResult.ParseError): string =>
  orTooDeep(() => ParseResult.TreeFormatter.formatErrorSync(error), TOO_DEEP)

/** The message of an input with a value that cannot be read as text where a tag is expected. */
export const UNREADABLE =
  'a value where a tag is expected cannot be read as text (an object without toString, such as {"toString": 1})'

/**
 * `Schema.decodeUnknownEither`, never throwing. Effect's union parser reads each discriminating field
 * (`_tag`, …) with `String(value)`, which throws a TypeError for an object that has no usable
 * `toString` (`{"_tag": {"toString": 1}}` from `JSON.parse`, or an `Object.create(null)` object).
 * Such an input is refused as a type problem at its root instead.
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I, never>,
  options?: AST.ParseOptions
): ((input: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const decode = Schema.decodeUnknownEither(schema, options)
  const decodeFirst = Schema.decodeUnknownEither(schema, { ...options, errors: "first" })
  return (input) => {
    try {
      // Every problem of a huge input (a million-element array) takes minutes to collect and write:
      // past MAX_VALUES values, only the first problem is reported.
      return options?.errors === "all" && exceedsValues(input, MAX_VALUES) ? decodeFirst(input) : decode(input)
    } catch (e) {
      if (!(e instanceof TypeError)) throw e
      return Either.left(new ParseResult.ParseError({ issue: new ParseResult.Type(schema.ast, input, UNREADABLE) }))
    }
  }
}

/** Inputs with more values than this (array elements and object fields, counted deep) get one problem. */
export const MAX_VALUES = 100_000

/** Whether an input holds more than `max` values, counted without recursion and stopping at `max`. */
export const exceedsValues = (input: unknown, max: number): boolean => {
  const stack: Array<unknown> = [input]
  let count = 0
  while (stack.length > 0) {
    const value = stack.pop()
    if (value === null || typeof value !== "object") continue
    if (Array.isArray(value)) {
      // The length, not the elements present: a sparse array is decoded element by element too.
      count += value.length
      if (count > max) return true
      for (const element of value) stack.push(element)
    } else {
      const keys = Object.keys(value)
      count += keys.length
      if (count > max) return true
      for (const key of keys) stack.push((value as Record<string, unknown>)[key])
    }
  }
  return false
}
