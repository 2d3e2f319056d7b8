/**
 * The engagement service: create engagements and apply commands to them, each change committed
 * with its ledger entries and outgoing messages in one atomic write; read them as an actor may see
 * them (confidential ones redacted).
 *
 * The host authenticates the person; the service takes nothing else of the actor on trust. Every
 * command and every read looks the actor up in the host's `Directory`: someone it does not know,
 * no longer active, or claiming a role or a clearance it does not give acts as nobody. Someone who
 * may neither see nor act on an engagement is answered as if it did not exist.
 *
 * Time comes from effect's `Clock` (so `TestClock` drives it); the policies, the calendar and
 * the procedures are fixed when the layer is built.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Directory from "./Directory.js"
import * as Engagement from "./Engagement.js"
import type * as EngagementRepoModule from "./EngagementRepo.js"
import { EngagementRepo } from "./EngagementRepo.js"
import type * as Ledger from "./Ledger.js"
import { LedgerRepo } from "./LedgerRepo.js"
import type * as Plan from "./Plan.js"
import { type StorageError, VersionConflict } from "./StorageError.js"

const REDACTED = "［保密 confidential］"

const decodeActor = Schema.decodeUnknownEither(Engagement.Actor)

/**
 * What a command returns: the engagement after it (as the actor may see it) and, for `Plan`, the
 * plan.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly engagement: Engagement.Engagement
  readonly plan?: Plan.Plan
}

/**
 * @since 0.1.0
 * @category errors
 */
export type ExecuteError = Engagement.CommandError | VersionConflict | StorageError | Directory.DirectoryUnavailable

/**
 * How a command is carried out.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExecuteOptions {
  /**
   * The version of the engagement the actor saw when they issued the command (the host's form
   * carries it). When the stored engagement is at another version — someone changed it since, or
   * the command was built on another engagement — it fails with `VersionConflict` and nothing is
   * written.
   */
  readonly expectedVersion?: number
}

/**
 * What a read can fail with: the store, or the directory that vouches for the reader.
 *
 * @since 0.1.0
 * @category errors
 */
export type ReadError = StorageError | Directory.DirectoryUnavailable

/**
 * The service.
 *
 * @since 0.1.0
 * @category services
 */
export class Engagements extends Context.Tag("@liaison/core/Engagements")<
  Engagements,
  {
    readonly create: (
      actor: Engagement.Actor,
      command: Extract<Engagement.Command, { _tag: "Create" }>
    ) => Effect.Effect<Engagement.Engagement, ExecuteError>
    readonly execute: (
      actor: Engagement.Actor,
      engagementId: string,
      command: Engagement.Command,
      options?: ExecuteOptions
    ) => Effect.Effect<Result, ExecuteError | Engagement.Rejected>
    readonly get: (
      actor: Engagement.Actor,
      engagementId: string
    ) => Effect.Effect<Engagement.Engagement | undefined, ReadError>
    readonly list: (
      actor: Engagement.Actor,
      query: EngagementRepoModule.ListQuery
    ) => Effect.Effect<ReadonlyArray<Engagement.Engagement>, ReadError>
    /**
     * Ledger entries the actor may see: with the `view` permission, all; else those they made or
     * own. Confidential ones are redacted (counterpart, reason, situation, result, verdicts) unless
     * the actor is cleared or owns them.
     */
    readonly ledger: (
      actor: Engagement.Actor,
      query: Ledger.Query
    ) => Effect.Effect<ReadonlyArray<Ledger.Entry>, ReadError>
  }
>() {}

/**
 * Builds the service over the storage ports and the directory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  policies: Engagement.Policies
): Effect.Effect<Context.Tag.Service<Engagements>, never, EngagementRepo | LedgerRepo | Directory.Directory> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo
    const ledgerRepo = yield* LedgerRepo
    const directory = yield* Directory.Directory
    const zoneOf = policies.calendar.zone
    const at = Effect.map(DateTime.now, (utc) => DateTime.setZone(utc, zoneOf))

    const notFound = (id: string) =>
      new Engagement.Rejected({
        engagementId: id,
        command: "Load",
        reason: "UnknownEngagement",
        message: `no engagement ${id}`
      })

    /**
     * The actor as the directory knows them, or why not. The host authenticates the person; their
     * name, roles and clearance are taken from the directory, never from the caller: an actor the
     * directory does not know, or no longer active, or claiming a role or a clearance the directory
     * does not give, acts as nobody.
     */
    const vouch = (
      actor: unknown
    ): Effect.Effect<Either.Either<Engagement.Actor, string>, Directory.DirectoryUnavailable> =>
      Effect.gen(function* () {
        const decoded = decodeActor(actor)
        if (Either.isLeft(decoded)) return Either.left(`the actor is not well formed: ${decoded.left.message}`)
        const claimed = decoded.right
        const person = yield* directory.find(claimed.personId)
        if (person === undefined) return Either.left("the directory does not know this person")
        if (person.active === false) return Either.left("the person is no longer active in the directory")
        const foreign = claimed.roles.filter((r) => !person.roles.includes(r))
        if (foreign.length > 0)
          return Either.left(`the directory does not give this person the role(s) ${foreign.join(", ")}`)
        if (claimed.confidentialClearance === true && person.confidentialClearance !== true) {
          return Either.left("the directory gives this person no confidential clearance")
        }
        return Either.right({
          personId: person.id,
          name: person.name,
          roles: claimed.roles,
          ...(person.confidentialClearance === true && claimed.confidentialClearance !== false
            ? { confidentialClearance: true }
            : {})
        })
      })

    /** The actor a command may be carried out as, or `NotAuthorised`. */
    const vouchToAct = (actor: Engagement.Actor, engagementId: string, command: string) =>
      Effect.flatMap(vouch(actor), (vouched) =>
        Either.isRight(vouched)
          ? Effect.succeed(vouched.right)
          : Effect.fail(
              new Engagement.NotAuthorised({
                engagementId,
                actorId: typeof actor?.personId === "string" ? actor.personId.slice(0, 200) : "(none)",
                command,
                reason: vouched.left
              })
            )
      )

    /** The actor a read is answered for: someone the directory does not vouch for reads nothing. */
    const vouchToRead = (actor: Engagement.Actor) =>
      Effect.map(vouch(actor), (vouched) => (Either.isRight(vouched) ? vouched.right : undefined))

    const create: Context.Tag.Service<Engagements>["create"] = (claimed, command) =>
      Effect.gen(function* () {
        const actor = yield* vouchToAct(claimed, command.id, "Create")
        const time = yield* at
        const decided = Engagement.create(policies, actor, command, time)
        if (Either.isLeft(decided)) return yield* Effect.fail(decided.left)
        const { engagement, ledger, outbox } = decided.right
        yield* repo.commit({ engagement, expectedVersion: undefined, ledger, outbox }).pipe(
          Effect.catchTag("VersionConflict", () =>
            Effect.fail(
              new Engagement.Rejected({
                engagementId: command.id,
                command: "Create",
                reason: "AlreadyExists",
                message: `engagement ${command.id} already exists`
              })
            )
          )
        )
        return engagement
      }).pipe(Effect.withSpan("Engagements.create", { attributes: { engagement: command.id } }))

    const execute: Context.Tag.Service<Engagements>["execute"] = (claimed, engagementId, command, options) =>
      Effect.gen(function* () {
        const actor = yield* vouchToAct(claimed, engagementId, command._tag)
        const current = yield* repo.get(engagementId)
        if (current === undefined) return yield* Effect.fail(notFound(engagementId))
        const time = yield* at
        // Someone who may not see an engagement at all and may not act on it is told what they
        // would be told if it did not exist: a refusal (or its state) would confirm that it does.
        if (Engagement.redactFor(policies.access, actor, current) === undefined) {
          const escalatedTo = command._tag === "Decide" ? Engagement.escalatedRole(policies, current, time) : undefined
          if (Either.isLeft(Engagement.authorise(policies.access, actor, current, command, escalatedTo))) {
            return yield* Effect.fail(notFound(engagementId))
          }
        }
        const expected = options?.expectedVersion
        if (expected !== undefined && expected !== current.version) {
          return yield* Effect.fail(new VersionConflict({ engagementId, expected, actual: current.version }))
        }
        const decided = Engagement.decide(policies, current, actor, command, time)
        if (Either.isLeft(decided)) return yield* Effect.fail(decided.left)
        let { engagement, ledger, outbox, plan } = decided.right
        // A plan's tasks go to the holders of their roles in the host's directory, and the
        // requester's own tasks to the requester.
        if (plan !== undefined) {
          const holders = new Map<string, ReadonlyArray<Directory.Person>>()
          for (const role of new Set(plan.tasks.map((t) => t.ownerRole))) {
            if (role === Engagement.requesterRole) {
              const requester = yield* directory.find(engagement.requesterId)
              holders.set(role, requester === undefined ? [] : [requester])
            } else holders.set(role, yield* Directory.activeHolders(directory, role))
          }
          plan = { ...plan, tasks: plan.tasks.map((t) => ({ ...t, assignees: holders.get(t.ownerRole) ?? [] })) }
          outbox = outbox.map((m) => {
            const task = plan!.tasks.find((t) => t.id === m.payload.taskId)
            return task ? { ...m, recipients: { ...m.recipients, personIds: task.assignees.map((p) => p.id) } } : m
          })
        }
        yield* repo.commit({ engagement, expectedVersion: current.version, ledger, outbox })
        // An actor who may act but not view gets the redacted view, never the whole record.
        engagement = Engagement.redactFor(policies.access, actor, engagement) ?? Engagement.redacted(engagement)
        return plan === undefined ? { engagement } : { engagement, plan }
      }).pipe(Effect.withSpan(`Engagements.${command._tag}`, { attributes: { engagement: engagementId } }))

    const visible = (actor: Engagement.Actor, e: Engagement.Engagement) =>
      Engagement.redactFor(policies.access, actor, e)

    return Engagements.of({
      create,
      execute,
      get: (claimed, id) =>
        Effect.gen(function* () {
          const actor = yield* vouchToRead(claimed)
          if (actor === undefined) return undefined
          const e = yield* repo.get(id)
          return e === undefined ? undefined : visible(actor, e)
        }),
      list: (claimed, query) =>
        Effect.gen(function* () {
          const actor = yield* vouchToRead(claimed)
          if (actor === undefined) return []
          const list = yield* repo.list(query)
          return list.flatMap((e) => {
            const seen = visible(actor, e)
            return seen === undefined ? [] : [seen]
          })
        }),
      ledger: (claimed, query) =>
        Effect.gen(function* () {
          const actor = yield* vouchToRead(claimed)
          if (actor === undefined) return []
          const entries = yield* ledgerRepo.query(query)
          const cleared =
            actor.confidentialClearance === true || Engagement.hasPermission(policies.access, actor, "viewConfidential")
          const mayView = Engagement.hasPermission(policies.access, actor, "view")
          return entries.flatMap((e) => {
            if (!mayView && e.ownerId !== actor.personId && e.actor.personId !== actor.personId) return []
            if (!e.confidential || cleared || e.ownerId === actor.personId) return [e]
            // A query by counterpart must not match on what the actor is not shown: that would
            // confirm who a confidential engagement's guest is.
            if (query.counterpart !== undefined) return []
            // Every free text goes: a contact's situation and result, and the budget verdicts
            // (a repeat-visit verdict names the guest).
            const { situation, result, verdicts: _, ...rest } = e
            return [
              {
                ...rest,
                counterpart: REDACTED,
                reason: REDACTED,
                ...(situation !== undefined ? { situation: REDACTED } : {}),
                ...(result !== undefined ? { result: REDACTED } : {})
              }
            ]
          })
        })
    })
  })

/**
 * The service as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  policies: Engagement.Policies
): Layer.Layer<Engagements, never, EngagementRepo | LedgerRepo | Directory.Directory> =>
  Layer.effect(Engagements, make(policies))
