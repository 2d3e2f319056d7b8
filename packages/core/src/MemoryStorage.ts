/**
 * Every storage port held in memory, in one store so that a commit is atomic across the
 * engagement, its ledger entries and its messages: for tests, examples and trying liaison out.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import type * as Engagement from "./Engagement.js"
import { dueMillisOf, EngagementRepo, isOpenTask, type OpenTask } from "./EngagementRepo.js"
import * as Ledger from "./Ledger.js"
import { LedgerRepo } from "./LedgerRepo.js"
import type * as OutboxModule from "./Outbox.js"
import { LeaseLost, Outbox } from "./Outbox.js"
import { cannotStore, StorageError, VersionConflict } from "./StorageError.js"

const track = (message: OutboxModule.Message): OutboxModule.Tracked => ({
  message,
  delivery: { status: "pending", attempts: 0, notBefore: 0 }
})

interface Store {
  readonly engagements: ReadonlyMap<string, Engagement.Engagement>
  readonly ledger: ReadonlyArray<Ledger.Entry>
  readonly ledgerIds: ReadonlySet<string>
  readonly outbox: ReadonlyArray<OutboxModule.Tracked>
}

const duplicateIds = (ids: ReadonlyArray<string>, existing: ReadonlySet<string>): string | undefined => {
  const seen = new Set<string>()
  for (const id of ids) {
    if (existing.has(id) || seen.has(id)) return id
    seen.add(id)
  }
  return undefined
}

/** An engagement whose tasks share an id, refused as the SQL adapter refuses it (the id is a key there). */
const duplicateTask = (operation: string, e: Engagement.Engagement): StorageError | undefined => {
  const seen = new Set<string>()
  for (const [i, task] of e.tasks.entries()) {
    if (seen.has(task.id)) {
      return cannotStore({
        operation,
        path: `$.tasks[${i}].id`,
        message: `engagement ${e.id}: task id ${JSON.stringify(task.id.slice(0, 40))} appears twice; nothing was written`
      })
    }
    seen.add(task.id)
  }
  return undefined
}

/**
 * `EngagementRepo`, `LedgerRepo` and `Outbox` over one in-memory store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<EngagementRepo | LedgerRepo | Outbox> = Layer.effectContext(
  Effect.gen(function* () {
    const store = yield* Ref.make<Store>({ engagements: new Map(), ledger: [], ledgerIds: new Set(), outbox: [] })
    const engagements = EngagementRepo.of({
      get: (id) => Effect.map(Ref.get(store), (s) => s.engagements.get(id)),
      list: (query) =>
        Effect.map(Ref.get(store), (s) => {
          const out = [...s.engagements.values()].filter(
            (e) =>
              (query.status === undefined || query.status.includes(e.status)) &&
              (query.ownerId === undefined || e.ownerId === query.ownerId) &&
              (query.tier === undefined || e.tier === query.tier) &&
              (query.from === undefined || e.eventStart.slice(0, 10) >= query.from) &&
              (query.to === undefined || e.eventStart.slice(0, 10) <= query.to)
          )
          out.sort((a, b) =>
            a.eventStart < b.eventStart ? -1 : a.eventStart > b.eventStart ? 1 : a.id < b.id ? -1 : 1
          )
          return query.limit === undefined ? out : out.slice(0, query.limit)
        }),
      commit: (change) =>
        Ref.modify(store, (s): [Effect.Effect<void, VersionConflict | StorageError>, Store] => {
          const id = change.engagement.id
          const current = s.engagements.get(id)
          if (
            change.expectedVersion === undefined ? current !== undefined : current?.version !== change.expectedVersion
          ) {
            return [
              Effect.fail(
                // An insert that finds the id taken is expected -1 with no actual version ("already
                // exists"), as VersionConflict's message reads it.
                change.expectedVersion === undefined
                  ? new VersionConflict({ engagementId: id, expected: -1 })
                  : new VersionConflict({
                      engagementId: id,
                      expected: change.expectedVersion,
                      ...(current ? { actual: current.version } : {})
                    })
              ),
              s
            ]
          }
          const twice = duplicateTask("commit", change.engagement)
          if (twice !== undefined) return [Effect.fail(twice), s]
          const dup = duplicateIds(
            change.ledger.map((e) => e.id),
            s.ledgerIds
          )
          if (dup !== undefined) {
            return [Effect.fail(new StorageError({ operation: "commit", message: `ledger entry ${dup} exists` })), s]
          }
          // A message id is the message's identity (the dispatcher delivers it once): taken, the commit fails.
          const dupMessage = duplicateIds(
            change.outbox.map((m) => m.id),
            new Set(s.outbox.map((t) => t.message.id))
          )
          if (dupMessage !== undefined) {
            return [
              Effect.fail(new StorageError({ operation: "commit", message: `outbox message ${dupMessage} exists` })),
              s
            ]
          }
          const engagementsNext = new Map(s.engagements)
          engagementsNext.set(id, change.engagement)
          return [
            Effect.void,
            {
              engagements: engagementsNext,
              ledger: [...s.ledger, ...change.ledger],
              ledgerIds: new Set([...s.ledgerIds, ...change.ledger.map((e) => e.id)]),
              outbox: [...s.outbox, ...change.outbox.map(track)]
            }
          ]
        }).pipe(Effect.flatten),
      replacePersonalData: (replacement) =>
        Ref.modify(store, (s): [Effect.Effect<void, VersionConflict | StorageError>, Store] => {
          const id = replacement.engagement.id
          const current = s.engagements.get(id)
          if (current?.version !== replacement.expectedVersion) {
            const conflict = new VersionConflict({
              engagementId: id,
              expected: replacement.expectedVersion,
              ...(current ? { actual: current.version } : {})
            })
            return [Effect.fail(conflict), s]
          }
          const dup = duplicateIds(
            replacement.ledger.map((e) => e.id),
            s.ledgerIds
          )
          if (dup !== undefined) {
            const error = new StorageError({ operation: "replacePersonalData", message: `ledger entry ${dup} exists` })
            return [Effect.fail(error), s]
          }
          const engagementsNext = new Map(s.engagements)
          engagementsNext.set(id, replacement.engagement)
          return [
            Effect.void,
            {
              engagements: engagementsNext,
              ledger: [...s.ledger, ...replacement.ledger],
              ledgerIds: new Set([...s.ledgerIds, ...replacement.ledger.map((e) => e.id)]),
              outbox: s.outbox.map((t) =>
                t.message.engagementId === id ? { ...t, message: replacement.message(t.message) } : t
              )
            }
          ]
        }).pipe(Effect.flatten),
      importMany: (insertions) =>
        Ref.modify(store, (s): [Effect.Effect<void, VersionConflict | StorageError>, Store] => {
          const ids = new Set<string>()
          for (const { engagement } of insertions) {
            if (s.engagements.has(engagement.id) || ids.has(engagement.id)) {
              return [Effect.fail(new VersionConflict({ engagementId: engagement.id, expected: -1 })), s]
            }
            ids.add(engagement.id)
            const twice = duplicateTask("importMany", engagement)
            if (twice !== undefined) return [Effect.fail(twice), s]
          }
          const entries = insertions.flatMap((i) => i.ledger)
          const messages = insertions.flatMap((i) => i.outbox)
          const dup = duplicateIds(
            entries.map((e) => e.id),
            s.ledgerIds
          )
          const dupMessage = duplicateIds(
            messages.map((m) => m.id),
            new Set(s.outbox.map((t) => t.message.id))
          )
          if (dup !== undefined || dupMessage !== undefined) {
            const message = dup !== undefined ? `ledger entry ${dup} exists` : `outbox message ${dupMessage} exists`
            return [Effect.fail(new StorageError({ operation: "importMany", message })), s]
          }
          const engagementsNext = new Map(s.engagements)
          for (const { engagement } of insertions) engagementsNext.set(engagement.id, engagement)
          return [
            Effect.void,
            {
              ...s,
              engagements: engagementsNext,
              ledger: [...s.ledger, ...entries],
              ledgerIds: new Set([...s.ledgerIds, ...entries.map((e) => e.id)]),
              outbox: [...s.outbox, ...messages.map(track)]
            }
          ]
        }).pipe(Effect.flatten),
      openTasksDue: (query) =>
        Effect.map(Ref.get(store), (s) => {
          const found: Array<OpenTask> = []
          for (const e of s.engagements.values()) {
            for (const task of e.tasks) {
              const dueMillis = dueMillisOf(task)
              if (dueMillis === undefined || !(dueMillis < query.before) || !isOpenTask(e, task)) continue
              found.push({ engagementId: e.id, engagementVersion: e.version, taskId: task.id, dueMillis })
            }
          }
          found.sort(
            (a, b) =>
              a.dueMillis - b.dueMillis ||
              (a.engagementId < b.engagementId ? -1 : a.engagementId > b.engagementId ? 1 : 0) ||
              (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0)
          )
          return query.limit === undefined ? found : found.slice(0, Math.max(0, Math.trunc(query.limit) || 0))
        })
    })
    const ledger = LedgerRepo.of({
      append: (entries) =>
        Ref.modify(store, (s): [Effect.Effect<void, StorageError>, Store] => {
          const dup = duplicateIds(
            entries.map((e) => e.id),
            s.ledgerIds
          )
          if (dup !== undefined) {
            return [Effect.fail(new StorageError({ operation: "append", message: `ledger entry ${dup} exists` })), s]
          }
          return [
            Effect.void,
            {
              ...s,
              ledger: [...s.ledger, ...entries],
              ledgerIds: new Set([...s.ledgerIds, ...entries.map((e) => e.id)])
            }
          ]
        }).pipe(Effect.flatten),
      query: (query) =>
        Effect.map(Ref.get(store), (s) =>
          s.ledger
            .filter((e) => Ledger.matches(e, query))
            .sort((a, b) => DateTime.toEpochMillis(a.at) - DateTime.toEpochMillis(b.at))
        )
    })
    const update = (
      messageId: string,
      workerId: string,
      change: (t: OutboxModule.Tracked) => OutboxModule.Delivery
    ): Effect.Effect<void, LeaseLost> =>
      Ref.modify(store, (s): [Effect.Effect<void, LeaseLost>, Store] => {
        const i = s.outbox.findIndex((t) => t.message.id === messageId)
        const t = s.outbox[i]
        if (t === undefined || t.delivery.status !== "leased" || t.delivery.lease?.workerId !== workerId) {
          return [Effect.fail(new LeaseLost({ messageId, workerId })), s]
        }
        const outboxNext = [...s.outbox]
        outboxNext[i] = { message: t.message, delivery: change(t) }
        return [Effect.void, { ...s, outbox: outboxNext }]
      }).pipe(Effect.flatten)
    const outbox = Outbox.of({
      enqueue: (messages) =>
        Ref.modify(store, (s): [ReadonlyArray<string>, Store] => {
          const ids = new Set(s.outbox.map((t) => t.message.id))
          const fresh: Array<OutboxModule.Message> = []
          for (const m of messages) {
            if (ids.has(m.id)) continue
            ids.add(m.id)
            fresh.push(m)
          }
          return [fresh.map((m) => m.id), { ...s, outbox: [...s.outbox, ...fresh.map(track)] }]
        }),
      pending: (options) =>
        Effect.map(Ref.get(store), (s) => {
          const list = s.outbox
            .filter(
              (t) =>
                (t.delivery.status === "pending" || t.delivery.status === "leased") &&
                (options?.engagementId === undefined || t.message.engagementId === options.engagementId)
            )
            .map((t) => t.message)
          return options?.limit === undefined ? list : list.slice(0, options.limit)
        }),
      claim: ({ leaseMs, limit, now, workerId }) =>
        Ref.modify(store, (s): [ReadonlyArray<OutboxModule.Message>, Store] => {
          const claimed: Array<OutboxModule.Message> = []
          const outboxNext = s.outbox.map((t) => {
            const free =
              t.delivery.status === "pending" ||
              (t.delivery.status === "leased" && (t.delivery.lease?.until ?? 0) <= now)
            if (claimed.length >= limit || !free || t.delivery.notBefore > now) return t
            claimed.push(t.message)
            const { lease: _lease, ...rest } = t.delivery
            return {
              message: t.message,
              delivery: { ...rest, status: "leased" as const, lease: { workerId, until: now + leaseMs } }
            }
          })
          return [claimed, { ...s, outbox: outboxNext }]
        }),
      delivered: ({ messageId, now, workerId }) =>
        update(messageId, workerId, (t) => {
          const { lease: _lease, ...rest } = t.delivery
          return { ...rest, status: "delivered", deliveredAt: now }
        }),
      deliveredAll: ({ messageIds, now, workerId }) =>
        Ref.modify(store, (s): [ReadonlyArray<string>, Store] => {
          const wanted = new Set(messageIds)
          const done = new Set<string>()
          const outboxNext = s.outbox.map((t) => {
            const d = t.delivery
            if (!wanted.has(t.message.id) || d.status !== "leased" || d.lease?.workerId !== workerId) return t
            done.add(t.message.id)
            const { lease: _lease, ...rest } = d
            return { message: t.message, delivery: { ...rest, status: "delivered" as const, deliveredAt: now } }
          })
          const lost = [...new Set(messageIds)].filter((id) => !done.has(id))
          return [lost, done.size === 0 ? s : { ...s, outbox: outboxNext }]
        }),
      failed: ({ error, messageId, retryAt, workerId }) =>
        update(messageId, workerId, (t) => {
          const { lease: _lease, ...rest } = t.delivery
          return { ...rest, status: "pending", attempts: t.delivery.attempts + 1, notBefore: retryAt, lastError: error }
        }),
      park: ({ messageId, reason, workerId }) =>
        update(messageId, workerId, (t) => {
          const { lease: _lease, ...rest } = t.delivery
          return { ...rest, status: "parked", lastError: reason }
        }),
      parked: (options) =>
        Effect.map(Ref.get(store), (s) => {
          const list = s.outbox.filter((t) => t.delivery.status === "parked")
          return options?.limit === undefined ? list : list.slice(0, options.limit)
        }),
      retry: (messageId) =>
        Ref.modify(store, (s): [boolean, Store] => {
          const i = s.outbox.findIndex((t) => t.message.id === messageId && t.delivery.status === "parked")
          if (i < 0) return [false, s]
          const outboxNext = [...s.outbox]
          outboxNext[i] = track(s.outbox[i]!.message)
          return [true, { ...s, outbox: outboxNext }]
        }),
      get: (messageId) => Effect.map(Ref.get(store), (s) => s.outbox.find((t) => t.message.id === messageId))
    })
    return Context.make(EngagementRepo, engagements).pipe(Context.add(LedgerRepo, ledger), Context.add(Outbox, outbox))
  })
)
