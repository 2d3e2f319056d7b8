/**
 * The engagement service: create engagements and apply commands to them, each change committed
 * with its ledger entries and outgoing messages in one atomic write; read them as an actor may see
 * them (confidential ones redacted).
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
import * as Directory from "./Directory.js"
import * as Engagement from "./Engagement.js"
import type * as EngagementRepoModule from "./EngagementRepo.js"
import { EngagementRepo } from "./EngagementRepo.js"
import type * as Ledger from "./Ledger.js"
import { LedgerRepo } from "./LedgerRepo.js"
import type * as Plan from "./Plan.js"
import type { StorageError, VersionConflict } from "./StorageError.js"

const REDACTED = "［保密 confidential］"

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
      command: Engagement.Command
    ) => Effect.Effect<Result, ExecuteError | Engagement.Rejected>
    readonly get: (
      actor: Engagement.Actor,
      engagementId: string
    ) => Effect.Effect<Engagement.Engagement | undefined, StorageError>
    readonly list: (
      actor: Engagement.Actor,
      query: EngagementRepoModule.ListQuery
    ) => Effect.Effect<ReadonlyArray<Engagement.Engagement>, StorageError>
    /**
     * Ledger entries the actor may see: with the `view` permission, all; else those they made or
     * own. Confidential ones are redacted (counterpart, reason, situation, result, verdicts) unless
     * the actor is cleared or owns them.
     */
    readonly ledger: (
      actor: Engagement.Actor,
      query: Ledger.Query
    ) => Effect.Effect<ReadonlyArray<Ledger.Entry>, StorageError>
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

    const create: Context.Tag.Service<Engagements>["create"] = (actor, command) =>
      Effect.gen(function* () {
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

    const execute: Context.Tag.Service<Engagements>["execute"] = (actor, engagementId, command) =>
      Effect.gen(function* () {
        const current = yield* repo.get(engagementId)
        if (current === undefined) return yield* Effect.fail(notFound(engagementId))
        const time = yield* at
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
            } else holders.set(role, yield* directory.holdersOf(role))
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
      get: (actor, id) => Effect.map(repo.get(id), (e) => (e === undefined ? undefined : visible(actor, e))),
      list: (actor, query) =>
        Effect.map(repo.list(query), (list) =>
          list.flatMap((e) => {
            const seen = visible(actor, e)
            return seen === undefined ? [] : [seen]
          })
        ),
      ledger: (actor, query) =>
        Effect.gen(function* () {
          const entries = yield* ledgerRepo.query(query)
          const cleared =
            actor.confidentialClearance === true || Engagement.hasPermission(policies.access, actor, "viewConfidential")
          const mayView = Engagement.hasPermission(policies.access, actor, "view")
          return entries.flatMap((e) => {
            if (!mayView && e.ownerId !== actor.personId && e.actor.personId !== actor.personId) return []
            if (!e.confidential || cleared || e.ownerId === actor.personId) return [e]
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
