/**
 * The database a command works on (`--db`, `--table-prefix`), the people it knows (`--directory`),
 * who acts (`--actor`) and the policies engagements are decided under.
 */
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as SqlClient from "@effect/sql/SqlClient"
import {
  ApprovalRouting,
  BusinessCalendar,
  DecodeProblem,
  Directory,
  Engagement,
  EngagementRepo,
  Engagements,
  type StorageError
} from "@liaison/core"
import { PgStorage, SqliteStorage, type SqlStorage } from "@liaison/sql"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { loadCatalog, procedureFiles } from "./catalog.js"
import { decodeFile, loadCalendar, loadRules } from "./inputs.js"
import * as Opt from "./options.js"
import { type InvalidFile, NotFound, type Problem } from "./problem.js"

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const dbDescription =
  "The database: a SQLite file (created when missing) or a postgres:// / postgresql:// URL; migrated when opened. Default: $LIAISON_DB."

/** `--db path|url`, required (or `$LIAISON_DB`). */
export const db = Options.text("db").pipe(
  Options.withPseudoName("path|url"),
  Options.withDescription(dbDescription),
  Options.withFallbackConfig(Config.string("LIAISON_DB"))
)

/** `--table-prefix`: liaison's tables under another prefix than `liaison_`. */
export const tablePrefix = Options.text("table-prefix").pipe(
  Options.withPseudoName("prefix"),
  Options.withDescription(
    "Put before every table name (default liaison_): lower-case letters, digits and _, at most 24 characters."
  ),
  Options.optional
)

/** `--directory people.json`: the people of the office and their roles. */
export const directory = Options.text("directory").pipe(
  Options.withPseudoName("people.json"),
  Options.withDescription(
    "The people and their roles, as a JSON array of Directory.Person ({id, name, roles, supervisorId?, email?, confidentialClearance?}). Default: $LIAISON_DIRECTORY."
  ),
  Options.withFallbackConfig(Config.string("LIAISON_DIRECTORY"))
)

/** `--actor person-id`: who acts; their roles come from the directory. */
export const actor = Options.text("actor").pipe(
  Options.withPseudoName("person-id"),
  Options.withDescription(
    "Who acts: a person's id in the directory; the core authorises by their roles. Default: $LIAISON_ACTOR."
  ),
  Options.withFallbackConfig(Config.string("LIAISON_ACTOR"))
)

/** The database options. */
export const database = { db, tablePrefix }

/** A policy file option (`--routing routing.json`), falling back to an environment variable, optional. */
const policyFile = (name: string, env: string, description: string) =>
  Options.text(name).pipe(
    Options.withPseudoName(`${name}.json`),
    Options.withDescription(`${description}, or $${env}.`),
    Options.withFallbackConfig(Config.string(env)),
    Options.optional
  )

/** `--routing routing.json`: the host's approval routing (审批流程) instead of the seeds'. */
const routing = policyFile(
  "routing",
  "LIAISON_ROUTING",
  "The approval routing as JSON (ApprovalRouting.RoutingPolicy: who approves what, by amount, tier and type). Default: the seeds' routing"
)

/** `--access access.json`: the host's permissions by role instead of the default ones. */
const access = policyFile(
  "access",
  "LIAISON_ACCESS",
  "Permissions by role as JSON (Engagement.AccessPolicy: {grants: {role: [permission, …]}}). Default: liaison's default access policy"
)

/** The options of the policies engagements are decided under. */
export const policy = {
  rules: Opt.rules,
  calendar: Opt.calendar,
  calendarFile: Opt.calendarFile,
  notices: Opt.noticeFileOnly,
  procedureFiles,
  routing,
  access
}

/** Everything a command acting on engagements takes. */
export const acting = { ...database, directory, actor, ...policy, json: Opt.json }

export interface DatabaseArgs {
  readonly db: string
  readonly tablePrefix: Option.Option<string>
}

export interface PolicyArgs {
  readonly rules: string
  readonly calendar: Option.Option<string>
  readonly calendarFile: Option.Option<string>
  readonly notices: ReadonlyArray<string>
  readonly procedureFiles: ReadonlyArray<string>
  readonly routing: Option.Option<string>
  readonly access: Option.Option<string>
}

export interface ActingArgs extends DatabaseArgs, PolicyArgs {
  readonly directory: string
  readonly actor: string
}

// ---------------------------------------------------------------------------------------------
// Opening the store
// ---------------------------------------------------------------------------------------------

/** Whether `--db` names a PostgreSQL server rather than a SQLite file. */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db)

/** The storage ports over the database `--db` names, migrated; a database that cannot be opened is a `StorageError`. */
export const storage = (
  args: DatabaseArgs
): Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, StorageError.StorageError> => {
  const prefix = Option.match(args.tablePrefix, { onNone: () => ({}), onSome: (tablePrefix) => ({ tablePrefix }) })
  return isPostgresUrl(args.db)
    ? PgStorage.layer({ url: Redacted.make(args.db), maxConnections: 4, ...prefix })
    : SqliteStorage.layer({ filename: args.db, ...prefix })
}

// ---------------------------------------------------------------------------------------------
// People, the actor, the policies
// ---------------------------------------------------------------------------------------------

const decodePeople = DecodeProblem.decoder("directory", Schema.Array(Directory.Person))

/** The people of a directory file. */
export const loadPeople = (
  file: string
): Effect.Effect<ReadonlyArray<Directory.Person>, InvalidFile, FileSystem.FileSystem> =>
  decodeFile(file, "directory", decodePeople)

/** The actor `--actor` names, with their roles from the directory. */
export const actorOf = (
  people: ReadonlyArray<Directory.Person>,
  file: string,
  personId: string
): Effect.Effect<Engagement.Actor, BusinessCalendar.InvalidArgument> => {
  const person = people.find((p) => p.id === personId)
  if (person === undefined) {
    return Effect.fail(
      new BusinessCalendar.InvalidArgument({
        argument: "--actor",
        message: `--actor: nobody with id ${JSON.stringify(personId)} in the directory ${file} (ids: ${people.map((p) => p.id).join(", ") || "none"})`
      })
    )
  }
  return Effect.succeed({
    personId: person.id,
    name: person.name,
    roles: person.roles,
    ...(person.confidentialClearance !== undefined ? { confidentialClearance: person.confidentialClearance } : {})
  })
}

/** The access policy of `--access` (a file), or liaison's default. */
export const loadAccess = (
  file: Option.Option<string>
): Effect.Effect<Engagement.AccessPolicy, InvalidFile, FileSystem.FileSystem> =>
  Option.match(file, {
    onNone: () => Effect.succeed(Engagement.defaultAccess),
    onSome: (path) => decodeFile(path, "access", DecodeProblem.decoder("access", Engagement.AccessPolicy))
  })

/**
 * The policies engagements are decided under: the approval routing of `--routing` (default the
 * seeds'), the access policy of `--access` (default liaison's), the budget rule set of `--rules`, the
 * calendar and the procedure catalog.
 */
export const loadPolicies = (args: PolicyArgs): Effect.Effect<Engagement.Policies, Problem, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const budget = yield* loadRules(args.rules)
    const calendar = yield* loadCalendar(args)
    const catalog = yield* loadCatalog(args.procedureFiles)
    const routing = yield* Option.match(args.routing, {
      onNone: () => Effect.succeed(ApprovalRouting.seed),
      onSome: (file) => decodeFile(file, "routing", DecodeProblem.decoder("routing", ApprovalRouting.RoutingPolicy))
    })
    const access = yield* loadAccess(args.access)
    return {
      routing,
      budget,
      access,
      calendar,
      procedures: new Map([...catalog.values()].map((entry) => [entry.procedure.id, entry.procedure] as const))
    }
  })

/** What a command acting on engagements works with. */
export interface Office {
  readonly engagements: Engagements.Engagements["Type"]
  readonly actor: Engagement.Actor
  readonly people: ReadonlyArray<Directory.Person>
  readonly policies: Engagement.Policies
}

/** What {@link withOffice} provides to the work it runs. */
export type Provided = Engagements.Engagements | Directory.Directory | SqlClient.SqlClient | SqlStorage.Ports

/**
 * Runs `use` with the engagement service over the database, the directory and the policies, as
 * the actor; the database is opened (and migrated) for the run and closed after it.
 */
export const withOffice = <A, R>(
  args: ActingArgs,
  use: (office: Office) => Effect.Effect<A, Problem, R>
): Effect.Effect<A, Problem, FileSystem.FileSystem | Exclude<R, Provided>> =>
  Effect.gen(function* () {
    const people = yield* loadPeople(args.directory)
    const actor = yield* actorOf(people, args.directory, args.actor)
    const policies = yield* loadPolicies(args)
    const layer = Engagements.layer(policies).pipe(
      Layer.provideMerge(storage(args)),
      Layer.provideMerge(Directory.layerMemory(people))
    )
    return yield* Effect.flatMap(Engagements.Engagements, (engagements) =>
      use({ engagements, actor, people, policies })
    ).pipe(Effect.provide(layer))
  })

/**
 * The engagement as the actor may see it: not found when the store does not hold it, forbidden
 * when it does but the actor may not view it.
 */
export const visible = (
  engagements: Engagements.Engagements["Type"],
  actor: Engagement.Actor,
  id: string
): Effect.Effect<Engagement.Engagement, Problem, EngagementRepo.EngagementRepo> =>
  Effect.gen(function* () {
    const seen = yield* engagements.get(actor, id)
    if (seen !== undefined) return seen
    const stored = yield* Effect.flatMap(EngagementRepo.EngagementRepo, (repo) => repo.get(id))
    if (stored === undefined) return yield* new NotFound({ what: "engagement", id })
    return yield* new Engagement.NotAuthorised({
      engagementId: id,
      actorId: actor.personId,
      command: "View",
      reason: `no role of the actor (${actor.roles.join(", ") || "none"}) grants view, and they are no party to it`
    })
  })
