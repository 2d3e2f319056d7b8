/**
 * The host app's people and their roles (人员与岗位): who is assigned tasks, and who may act.
 *
 * Plans use this port to assign tasks, and the `Engagements` service to vouch for every actor
 * (their name, roles, clearance and whether they are still active).
 *
 * liaison does not keep a staff list of its own: the host app's HR or CRM does. A host provides
 * this port with its own layer; {@link layerMemory} serves tests, examples and small offices.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Role from "./Role.js"

/**
 * A person who can be assigned work.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Person = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString,
  roles: Schema.Array(Role.RoleId),
  department: Schema.optionalWith(Schema.String, { exact: true }),
  /** The person this one reports to, for escalation. */
  supervisorId: Schema.optionalWith(Schema.String, { exact: true }),
  /** Cleared to see confidential (保密) engagements. */
  confidentialClearance: Schema.optionalWith(Schema.Boolean, { exact: true }),
  email: Schema.optionalWith(Schema.String, { exact: true }),
  /**
   * `false` for someone who has left or is suspended: the directory still knows them (their name
   * stays on what they did), but they may no longer act or read. Absent means active.
   */
  active: Schema.optionalWith(Schema.Boolean, { exact: true })
}).annotations({ identifier: "Person" })

/**
 * @since 0.1.0
 * @category models
 */
export type Person = typeof Person.Type

/**
 * The directory could not be read (the host's HR system is down, say).
 *
 * @since 0.1.0
 * @category errors
 */
export class DirectoryUnavailable extends Schema.TaggedError<DirectoryUnavailable>()("DirectoryUnavailable", {
  message: Schema.String
}) {}

/**
 * The port.
 *
 * @since 0.1.0
 * @category ports
 */
export class Directory extends Context.Tag("@liaison/core/Directory")<
  Directory,
  {
    /** Everyone active who holds a role, in the host's order of preference. */
    readonly holdersOf: (role: Role.RoleId) => Effect.Effect<ReadonlyArray<Person>, DirectoryUnavailable>
    /** A person by id, if the directory knows them (also when no longer active). */
    readonly find: (personId: string) => Effect.Effect<Person | undefined, DirectoryUnavailable>
  }
>() {}

/**
 * The holders of a role who are active: the port's `holdersOf`, with anyone the host's directory
 * still lists but marks no longer active (`active: false`) left out. Everything in liaison that gives
 * work or sends messages to a role's holders goes through it, so a directory that forgets to leave
 * out people who have left does not hand them tasks or confidential notices.
 *
 * @since 0.1.0
 * @category utils
 */
export const activeHolders = (
  directory: Context.Tag.Service<Directory>,
  role: Role.RoleId
): Effect.Effect<ReadonlyArray<Person>, DirectoryUnavailable> =>
  Effect.map(directory.holdersOf(role), (people) =>
    people.every((p) => p.active !== false) ? people : people.filter((p) => p.active !== false)
  )

/**
 * A directory held in memory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (people: ReadonlyArray<Person>): Context.Tag.Service<Directory> => {
  const byRole = new Map<string, Array<Person>>()
  for (const person of people) {
    // Nobody who has left is given work.
    if (person.active === false) continue
    for (const role of person.roles) {
      const list = byRole.get(role) ?? []
      list.push(person)
      byRole.set(role, list)
    }
  }
  const byId = new Map(people.map((p) => [p.id, p] as const))
  return Directory.of({
    holdersOf: (role) => Effect.succeed(byRole.get(role) ?? []),
    find: (personId) => Effect.succeed(byId.get(personId))
  })
}

/**
 * A layer serving a directory held in memory.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (people: ReadonlyArray<Person>): Layer.Layer<Directory> =>
  Layer.succeed(Directory, makeMemory(people))
