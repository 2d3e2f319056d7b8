/**
 * Rows to values and back: each row's value is stored whole as the JSON of its Schema's encoded
 * form, so that what is read back is what was written, and a row that no longer decodes is a
 * `StorageError` rather than a crash.
 *
 * @internal
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { PersonalData, StorageError } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Faults from "./faults.js"

/**
 * The path of the first NUL character (U+0000) in a value, in a key or in a string, or `undefined`.
 * PostgreSQL's `text` cannot hold it, so every backend refuses it before the database: the same
 * value is accepted or refused whichever database is behind the port.
 */
export const nulPath = (value: unknown, path = "$"): string | undefined => {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const keyPath = `${path}[${JSON.stringify(key)}]`
      if (key.includes("\u0000")) return keyPath
      const found = nulPath(v, /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : keyPath)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** Whether any of the strings holds a NUL: such a string matches nothing stored. */
export const anyNul = (...values: ReadonlyArray<string | undefined>): boolean =>
  values.some((v) => v?.includes("\u0000") ?? false)

/** Refuses a NUL in a free-text argument (a worker id, an error text) before the database. */
export const refuseNul = (
  operation: string,
  fields: Readonly<Record<string, string>>
): Effect.Effect<void, StorageError.StorageError> => {
  for (const [name, value] of Object.entries(fields)) {
    if (value.includes("\u0000")) {
      return Effect.fail(
        StorageError.cannotStore({
          operation,
          path: name,
          message: `${name} contains a NUL character (U+0000), which the database cannot store; nothing was written`
        })
      )
    }
  }
  return Effect.void
}

/**
 * The longest key (an id, a mailing's issue) the adapter stores, in UTF-8 bytes: unique keys live
 * in B-tree indexes, whose entries PostgreSQL limits to about 2.7 kB; two such keys make one
 * mailing's key. Longer ones are refused on every backend alike.
 */
export const KEY_LIMIT_BYTES = 1000

const utf8Length = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** Refuses a key longer than {@link KEY_LIMIT_BYTES}, before the database. */
export const checkKey = (
  operation: string,
  what: string,
  key: string,
  path = "$.id"
): Either.Either<string, StorageError.StorageError> => {
  const bytes = utf8Length(key)
  return bytes <= KEY_LIMIT_BYTES
    ? Either.right(key)
    : Either.left(
        StorageError.cannotStore({
          operation,
          path,
          message: `${what} id ${JSON.stringify(key.slice(0, 40))}… is ${bytes} bytes long; ids are stored up to ${KEY_LIMIT_BYTES} bytes (UTF-8); nothing was written`
        })
      )
}

/**
 * The largest whole number an `INTEGER` column holds on every backend (PostgreSQL's is 32-bit):
 * versions and revisions beyond it are refused before the database, alike on SQLite.
 */
export const INT_LIMIT = 2_147_483_647

/** Refuses a whole number outside `0 … INT_LIMIT` for an `INTEGER` column, before the database. */
export const checkInt = (
  operation: string,
  what: string,
  path: string,
  value: number
): Either.Either<number, StorageError.StorageError> =>
  Number.isSafeInteger(value) && value >= 0 && value <= INT_LIMIT
    ? Either.right(value)
    : Either.left(
        StorageError.cannotStore({
          operation,
          path,
          message: `${what}: ${path} is ${value}; the database stores whole numbers from 0 to ${INT_LIMIT} there; nothing was written`
        })
      )

/** Encodes values of one Schema to JSON text, refusing NUL characters with their path. */
export const encoder = <A, I>(schema: Schema.Schema<A, I>, what: string) => {
  const encode = Schema.encodeEither(schema)
  return (operation: string, id: string, value: A): Either.Either<string, StorageError.StorageError> => {
    const encoded = encode(value)
    if (Either.isLeft(encoded)) {
      return Either.left(
        StorageError.cannotStore({
          operation,
          // Values that may hold personal data are withheld from the message (PersonalData).
          message: `${what} ${id} is not a valid ${what}: ${ParseResult.TreeFormatter.formatErrorSync(PersonalData.maskParseError(schema, encoded.left))}`
        })
      )
    }
    const json = JSON.stringify(encoded.right)
    // JSON writes a NUL as \u0000, so text without that sequence has none; with it (a NUL, or a
    // backslash followed by "u0000"), the walk finds the path, or that there is none.
    const path = json.includes("\\u0000") ? nulPath(encoded.right) : undefined
    if (path !== undefined) {
      return Either.left(
        StorageError.cannotStore({
          operation,
          path,
          message: `${what} ${id}: ${path} contains a NUL character (U+0000), which the database cannot store; nothing was written`
        })
      )
    }
    return Either.right(json)
  }
}

/** Decodes the JSON text of a row; a row that does not decode is a `StorageError` naming it. */
export const decoder = <A, I>(schema: Schema.Schema<A, I>, table: string) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all" })
  return (operation: string, key: string, json: unknown): Effect.Effect<A, StorageError.StorageError> => {
    const fail = (why: string) =>
      Effect.fail(
        new StorageError.StorageError({
          operation,
          reason: "undecodable",
          message: `row ${key} of ${table} does not decode: ${why}`
        })
      )
    let parsed: unknown
    try {
      parsed = typeof json === "string" ? JSON.parse(json) : json
    } catch (e) {
      return fail(`its JSON is malformed (${e instanceof Error ? e.message : String(e)})`)
    }
    const decoded = decode(parsed)
    return Either.isRight(decoded)
      ? Effect.succeed(decoded.right)
      : fail(ParseResult.TreeFormatter.formatErrorSync(PersonalData.maskParseError(schema, decoded.left)))
  }
}

/**
 * A driver error as the port's `StorageError`, naming the operation, with the fault's `reason`
 * (busy, unavailable, full, read-only) when the driver's error tells it.
 */
export const storageErrorOf = (operation: string, error: SqlError): StorageError.StorageError => {
  const cause =
    error.cause instanceof Error ? error.cause.message : error.cause === undefined ? "" : String(error.cause)
  const fault = Faults.classify(error)
  const message = cause === "" || cause === error.message ? error.message : `${error.message}: ${cause}`
  return new StorageError.StorageError({
    operation,
    message: fault === undefined ? message : `${message} (${Faults.advice[fault]})`,
    ...(fault === undefined ? {} : { reason: fault })
  })
}

/** A driver error as the port's `StorageError`, naming the operation (for `Effect.catchTag`). */
export const fromSqlError =
  (operation: string) =>
  (error: SqlError): Effect.Effect<never, StorageError.StorageError> =>
    Effect.fail(storageErrorOf(operation, error))

/**
 * Runs a write all or nothing: its own transaction, or, inside the host's transaction, between a
 * savepoint and its release, so that a failed write leaves nothing of itself and the host's
 * transaction goes on. (`SqlClient.withTransaction` leaves each nested savepoint open until the
 * outer commit: SQLite then checks every open savepoint on each page it writes, and a host
 * committing thousands of engagements in one transaction pays for all of them on every write.)
 */
export const atomically =
  (sql: SqlClient.SqlClient) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
    Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (host) =>
      Option.isNone(host)
        ? Faults.endAsFailure(sql.withTransaction(effect))
        : Effect.uninterruptibleMask((restore) =>
            Effect.zipRight(
              sql`SAVEPOINT liaison_write`,
              Effect.flatMap(Effect.exit(restore(effect)), (exit) =>
                Exit.isSuccess(exit)
                  ? Effect.zipRight(sql`RELEASE SAVEPOINT liaison_write`, exit)
                  : Effect.zipRight(
                      Effect.zipRight(sql`ROLLBACK TO SAVEPOINT liaison_write`, sql`RELEASE SAVEPOINT liaison_write`),
                      exit
                    )
              )
            )
          )
    )
