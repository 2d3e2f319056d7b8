import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import {
  Directory,
  Dispatcher,
  type Engagement,
  EngagementRepo,
  Engagements,
  MemoryStorage,
  Notifier,
  Outbox
} from "../src/index.js"
import { actor, at, millis, people, planned, policies } from "./notificationFixtures.js"

const T0 = millis("2026-03-02T09:00")
const storage = MemoryStorage.layer
const base = Layer.mergeAll(storage, Notifier.layerMemory, Directory.layerMemory(people))

const e = planned("E-2026-041")
const assignment = (task: Engagement.TaskRecord) =>
  Outbox.message(
    e,
    at("2026-03-02T09:00"),
    "task-assigned",
    { roles: [task.ownerRole], personIds: [] },
    {
      taskId: task.id,
      step: task.stepId,
      ...(task.due !== undefined ? { due: task.due } : {})
    }
  )

/** Commits `e` with messages about it, as the lifecycle does. */
const seed = (messages: ReadonlyArray<Outbox.Message>, engagement: Engagement.Engagement = e) =>
  Effect.flatMap(EngagementRepo.EngagementRepo, (repo) =>
    repo.commit({ engagement, expectedVersion: undefined, ledger: [], outbox: messages })
  )

const options: Dispatcher.Options = { workerId: "w1", backoff: { jitter: false } }

const deliveryOf = (id: string) =>
  Effect.flatMap(Outbox.Outbox, (outbox) => Effect.map(outbox.get(id), (t) => t?.delivery))

const sentKeys = Effect.flatMap(Notifier.MemoryNotifier, (m) =>
  Effect.map(m.sent, (list) => list.map((n) => n.idempotencyKey))
)

describe("Dispatcher", () => {
  describe("delivering", () => {
    it.effect("sends each due message once, records it delivered at the clock's time, and then has nothing to do", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 3).map(assignment)
        yield* seed(messages)
        const report = yield* Dispatcher.runOnce(options)
        expect(report).toEqual({ claimed: 3, delivered: 3, retried: 0, parked: 0, leaseLost: 0, unrecorded: 0 })
        expect([...(yield* sentKeys)].sort()).toEqual(messages.map((m) => m.id).sort())
        expect(yield* deliveryOf(messages[0]!.id)).toMatchObject({ status: "delivered", deliveredAt: T0, attempts: 0 })
        expect((yield* Dispatcher.runOnce(options)).claimed).toBe(0)
        expect(yield* sentKeys).toHaveLength(3)
      }).pipe(Effect.provide(base))
    )

    it.effect("sends a requester's task to the engagement's requester, not to everyone who may request", () =>
      Effect.gen(function* () {
        const definition = e.tasks.find((t) => t.ownerRole === "requester")!
        yield* seed([assignment(definition)])
        yield* Dispatcher.runOnce(options)
        const [n] = yield* (yield* Notifier.MemoryNotifier).sent
        expect(n!.recipients.map((r) => r.id)).toEqual(["li.na"])
      }).pipe(Effect.provide(base))
    )

    it.effect("sends nothing to someone who has left, by role or by id, whatever the host's directory lists", () =>
      Effect.gen(function* () {
        const gone: Directory.Person = {
          id: "gone.staff",
          name: "离职者",
          roles: ["admin-department"],
          active: false,
          email: "gone@example.cn"
        }
        const sloppy = Directory.Directory.of({
          holdersOf: (role) => Effect.succeed([...people, gone].filter((p) => p.roles.includes(role))),
          find: (id) => Effect.succeed([...people, gone].find((p) => p.id === id))
        })
        const m = Outbox.message(
          e,
          at("2026-03-02T09:00"),
          "task-assigned",
          { roles: ["admin-department"], personIds: ["gone.staff"] },
          { taskId: e.tasks[1]!.id, step: e.tasks[1]!.stepId }
        )
        yield* seed([m])
        yield* Dispatcher.runOnce(options).pipe(Effect.provideService(Directory.Directory, sloppy))
        const [n] = yield* (yield* Notifier.MemoryNotifier).sent
        const ids = n!.recipients.map((r) => r.id)
        expect(ids.length).toBeGreaterThan(0)
        expect(ids).not.toContain("gone.staff")
      }).pipe(Effect.provide(base))
    )

    it.effect("sends a message on every channel asked for, under one idempotency key", () =>
      Effect.gen(function* () {
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        yield* Dispatcher.runOnce({ ...options, channels: ["email", "webhook"] })
        const sent = yield* (yield* Notifier.MemoryNotifier).sent
        expect(sent.map((n) => [n.channel, n.idempotencyKey])).toEqual([
          ["email", m.id],
          ["webhook", m.id]
        ])
      }).pipe(Effect.provide(base))
    )
  })

  describe("recording a batch together", () => {
    it.effect("sends the whole batch, then records every outcome inside the host's transaction, once per batch", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 4).map(assignment)
        yield* seed(messages)
        const memory = yield* Notifier.MemoryNotifier
        yield* memory.failWhen((n) => n.idempotencyKey === messages[3]!.id)
        const seenAtCommit: Array<number> = []
        const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
          Effect.zipRight(
            Effect.flatMap(memory.attempts, (a) => Effect.sync(() => seenAtCommit.push(a.length))),
            effect
          )
        const report = yield* Dispatcher.runOnce({ ...options, transaction })
        expect(report).toMatchObject({ claimed: 4, delivered: 3, retried: 1 })
        expect(seenAtCommit).toEqual([4])
        expect(yield* deliveryOf(messages[0]!.id)).toMatchObject({ status: "delivered" })
        expect(yield* deliveryOf(messages[3]!.id)).toMatchObject({ status: "pending", attempts: 1 })
      }).pipe(Effect.provide(base))
    )

    it.effect("counts a batch whose commit fails as unrecorded: its leases expire and it is sent again", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        const failing = <A, E, R>(_: Effect.Effect<A, E, R>) => Effect.fail("SQLITE_BUSY: database is locked")
        const report = yield* Dispatcher.runOnce({ ...options, leaseMs: 10_000, transaction: failing })
        expect(report).toMatchObject({ claimed: 1, delivered: 0, unrecorded: 1 })
        expect(yield* deliveryOf(m.id)).toMatchObject({ status: "leased" })
        yield* TestClock.adjust("10 seconds")
        expect((yield* Dispatcher.runOnce(options)).delivered).toBe(1)
        expect(yield* sentKeys).toEqual([m.id, m.id])
      }).pipe(Effect.provide(base))
    )
  })

  describe("sending a batch", () => {
    /** An outbox that counts how the dispatcher records deliveries. */
    const counting = Layer.effect(
      Outbox.Outbox,
      Effect.gen(function* () {
        const inner = yield* Outbox.Outbox
        const calls = yield* Ref.make<ReadonlyArray<string>>([])
        const note = (call: string) => Ref.update(calls, (c) => [...c, call])
        return Outbox.Outbox.of({
          ...inner,
          delivered: (o) => Effect.zipRight(note("delivered"), inner.delivered(o)),
          deliveredAll: (o) => Effect.zipRight(note(`deliveredAll ${o.messageIds.length}`), inner.deliveredAll(o)),
          get: (id) => (id === "calls" ? Effect.map(Ref.get(calls), (c) => ({ calls: c }) as never) : inner.get(id))
        })
      })
    )
    const callsOf = Effect.flatMap(Outbox.Outbox, (o) =>
      Effect.map(o.get("calls"), (t) => (t as unknown as { calls: ReadonlyArray<string> }).calls)
    )

    it.effect("records a batch's deliveries in one write, and its failures one by one", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 6).map(assignment)
        yield* seed(messages)
        yield* (yield* Notifier.MemoryNotifier).failWhen((n) => n.idempotencyKey === messages[2]!.id)
        const report = yield* Dispatcher.runOnce({ ...options, concurrency: 4 })
        expect(report).toEqual({ claimed: 6, delivered: 5, retried: 1, parked: 0, leaseLost: 0, unrecorded: 0 })
        expect(yield* callsOf).toEqual(["deliveredAll 5"])
        for (const [i, m] of messages.entries()) {
          expect(yield* deliveryOf(m.id)).toMatchObject(
            i === 2 ? { status: "pending", attempts: 1 } : { status: "delivered", deliveredAt: T0 }
          )
        }
      }).pipe(Effect.provide(Layer.provideMerge(counting, base)))
    )

    it.effect("sends no more than `concurrency` at once, and that many when it can", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = Array.from({ length: 10 }, (_, k) => {
          const m = assignment(e.tasks[k % e.tasks.length]!)
          return { ...m, id: `${m.id}/${k}` }
        })
        yield* seed(messages)
        const inFlight = yield* Ref.make({ now: 0, max: 0, sent: 0 })
        const notifier = Notifier.Notifier.of({
          send: () =>
            Effect.acquireUseRelease(
              Ref.update(inFlight, (s) => ({ ...s, now: s.now + 1, max: Math.max(s.max, s.now + 1) })),
              () => Effect.sleep("1 second"),
              () => Ref.update(inFlight, (s) => ({ ...s, now: s.now - 1, sent: s.sent + 1 }))
            )
        })
        const fiber = yield* Effect.fork(
          Dispatcher.runOnce({ ...options, concurrency: 3 }).pipe(Effect.provideService(Notifier.Notifier, notifier))
        )
        // 10 sends of a second each, 3 at a time: 4 rounds.
        for (let round = 0; round < 4; round++) yield* TestClock.adjust("1 second")
        const report = yield* Fiber.join(fiber)
        expect(report.delivered).toBe(10)
        expect(yield* Ref.get(inFlight)).toEqual({ now: 0, max: 3, sent: 10 })
      }).pipe(Effect.provide(base))
    )

    it.effect("times out only the send that outlasts its timeout; the others of the batch are delivered", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 5).map(assignment)
        yield* seed(messages)
        const stuck = messages[1]!.id
        const notifier = Notifier.Notifier.of({
          send: (n) => (n.idempotencyKey === stuck ? Effect.never : Effect.sleep("2 seconds"))
        })
        const fiber = yield* Effect.fork(
          Dispatcher.runOnce({ ...options, concurrency: 2, sendTimeout: "5 seconds" }).pipe(
            Effect.provideService(Notifier.Notifier, notifier)
          )
        )
        for (let s = 0; s < 8; s++) yield* TestClock.adjust("1 second")
        const report = yield* Fiber.join(fiber)
        expect(report).toMatchObject({ claimed: 5, delivered: 4, retried: 1 })
        expect(yield* deliveryOf(stuck)).toMatchObject({ status: "pending", lastError: "email: no answer within 5s" })
        for (const m of messages.filter((m) => m.id !== stuck)) {
          expect(yield* deliveryOf(m.id)).toMatchObject({ status: "delivered" })
        }
      }).pipe(Effect.provide(base))
    )

    it.effect("counts the deliveries whose lease another worker took meanwhile as lost, and records the rest", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 4).map(assignment)
        yield* seed(messages)
        const outbox = yield* Outbox.Outbox
        // While the batch is out, its lease runs out and another worker takes what is left.
        const notifier = Notifier.Notifier.of({
          send: (n) =>
            n.idempotencyKey === messages[0]!.id
              ? Effect.orDie(
                  Effect.asVoid(outbox.claim({ workerId: "w2", limit: 2, leaseMs: 60_000, now: T0 + 10_001 }))
                )
              : Effect.void
        })
        const report = yield* Dispatcher.runOnce({ ...options, leaseMs: 10_000, concurrency: 1 }).pipe(
          Effect.provideService(Notifier.Notifier, notifier)
        )
        expect(report).toEqual({ claimed: 4, delivered: 2, retried: 0, parked: 0, leaseLost: 2, unrecorded: 0 })
        expect(yield* deliveryOf(messages[0]!.id)).toMatchObject({ status: "leased", lease: { workerId: "w2" } })
        expect(yield* deliveryOf(messages[3]!.id)).toMatchObject({ status: "delivered" })
      }).pipe(Effect.provide(base))
    )
  })

  describe("a notifier that takes many at once (sendMany)", () => {
    /** `sendMany` over the memory notifier, counting its calls; `answer` may cut or hold the answers. */
    const manyAtOnce = (
      answer: (
        results: ReadonlyArray<Either.Either<void, Notifier.NotifierError>>
      ) => Effect.Effect<ReadonlyArray<Either.Either<void, Notifier.NotifierError>>> = Effect.succeed
    ) =>
      Effect.gen(function* () {
        const memory = yield* Notifier.makeMemory
        const calls = yield* Ref.make<ReadonlyArray<number>>([])
        const notifier = Notifier.Notifier.of({
          send: () => Effect.die("sendMany is given the whole batch: no single sends"),
          sendMany: (ns) =>
            Ref.update(calls, (c) => [...c, ns.length]).pipe(
              Effect.zipRight(Effect.forEach(ns, (n) => Effect.either(memory.notifier.send(n)))),
              Effect.flatMap(answer)
            )
        })
        return { notifier, memory: memory.handle, calls: Ref.get(calls) }
      })

    it.effect("hands it each claimed batch in one call, and records each message by its own results", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 6).map(assignment)
        yield* seed(messages)
        const { notifier, memory, calls } = yield* manyAtOnce()
        // Two channels: a message is delivered when both of its notifications are.
        yield* memory.failWhen(
          (n) =>
            n.idempotencyKey === messages[2]!.id || (n.idempotencyKey === messages[4]!.id && n.channel === "webhook")
        )
        const report = yield* Dispatcher.runOnce({ ...options, batchSize: 4, channels: ["email", "webhook"] }).pipe(
          Effect.provideService(Notifier.Notifier, notifier)
        )
        expect(report).toEqual({ claimed: 4, delivered: 3, retried: 1, parked: 0, leaseLost: 0, unrecorded: 0 })
        expect(yield* calls).toEqual([8])
        const second = yield* Dispatcher.runOnce({ ...options, batchSize: 4, channels: ["email", "webhook"] }).pipe(
          Effect.provideService(Notifier.Notifier, notifier)
        )
        expect(second).toMatchObject({ claimed: 2, delivered: 1, retried: 1 })
        expect(yield* calls).toEqual([8, 4])
        for (const [i, m] of messages.entries()) {
          expect(yield* deliveryOf(m.id)).toMatchObject(
            // The first failure decides: message 2 failed on both channels, message 4 on the webhook.
            i === 2 || i === 4
              ? { status: "pending", attempts: 1, lastError: `${i === 2 ? "email" : "webhook"}: injected failure` }
              : { status: "delivered" }
          )
        }
      }).pipe(Effect.provide(base))
    )

    it.effect("parks a message whose delivery was refused, and sends nothing for a message that cannot render", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const messages = e.tasks.slice(0, 3).map(assignment)
        const nobody = Outbox.message(
          e,
          at("2026-03-02T09:00"),
          "task-assigned",
          { roles: ["nobody"], personIds: [] },
          {}
        )
        yield* seed([...messages, nobody])
        const { notifier, memory, calls } = yield* manyAtOnce()
        yield* memory.failWhen((n) => n.idempotencyKey === messages[0]!.id, { retryable: false, message: "no address" })
        const report = yield* Dispatcher.runOnce(options).pipe(Effect.provideService(Notifier.Notifier, notifier))
        expect(report).toEqual({ claimed: 4, delivered: 2, retried: 0, parked: 2, leaseLost: 0, unrecorded: 0 })
        expect(yield* calls).toEqual([3])
        expect(yield* deliveryOf(messages[0]!.id)).toMatchObject({
          status: "parked",
          lastError: "email: no address"
        })
      }).pipe(Effect.provide(base))
    )

    it.effect(
      "retries what it did not answer: every message when the call outlasts the send timeout, the rest when it answers for fewer",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(T0)
          const messages = e.tasks.slice(0, 3).map(assignment)
          yield* seed(messages)
          const slow = yield* manyAtOnce(() => Effect.never)
          const fiber = yield* Effect.fork(
            Dispatcher.runOnce({ ...options, sendTimeout: "5 seconds" }).pipe(
              Effect.provideService(Notifier.Notifier, slow.notifier)
            )
          )
          yield* TestClock.adjust("5 seconds")
          expect(yield* Fiber.join(fiber)).toMatchObject({ claimed: 3, delivered: 0, retried: 3 })
          expect(yield* deliveryOf(messages[1]!.id)).toMatchObject({ lastError: "email: no answer within 5s" })

          yield* TestClock.adjust("1 hour")
          const short = yield* manyAtOnce((results) => Effect.succeed(results.slice(0, 1)))
          const report = yield* Dispatcher.runOnce(options).pipe(
            Effect.provideService(Notifier.Notifier, short.notifier)
          )
          expect(report).toMatchObject({ claimed: 3, delivered: 1, retried: 2 })
          expect(yield* deliveryOf(messages[0]!.id)).toMatchObject({ status: "delivered" })
          expect(yield* deliveryOf(messages[2]!.id)).toMatchObject({
            status: "pending",
            lastError: "email: not answered"
          })
        }).pipe(Effect.provide(base))
    )
  })

  describe("retrying", () => {
    it.effect("backs off exponentially after each failure and delivers once the channel recovers", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        yield* (yield* Notifier.MemoryNotifier).failNext(2, { message: "SMTP 421 try later" })
        expect((yield* Dispatcher.runOnce(options)).retried).toBe(1)
        expect(yield* deliveryOf(m.id)).toMatchObject({
          status: "pending",
          attempts: 1,
          notBefore: T0 + 1000,
          lastError: "email: SMTP 421 try later"
        })
        yield* TestClock.adjust("999 millis")
        expect((yield* Dispatcher.runOnce(options)).claimed).toBe(0)
        yield* TestClock.adjust("1 millis")
        expect((yield* Dispatcher.runOnce(options)).retried).toBe(1)
        expect(yield* deliveryOf(m.id)).toMatchObject({ attempts: 2, notBefore: T0 + 1000 + 2000 })
        yield* TestClock.adjust("2 seconds")
        expect((yield* Dispatcher.runOnce(options)).delivered).toBe(1)
        expect(yield* sentKeys).toEqual([m.id])
        expect(yield* (yield* Notifier.MemoryNotifier).attempts).toEqual([m.id, m.id, m.id])
      }).pipe(Effect.provide(base))
    )

    it.effect("parks a message after the last allowed failure with its reason; an operator's retry sends it", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        const memory = yield* Notifier.MemoryNotifier
        yield* memory.failWhen(() => true, { message: "connection refused" })
        const tries = { ...options, maxAttempts: 3 }
        for (let i = 0; i < 3; i++) {
          yield* Dispatcher.runOnce(tries)
          yield* TestClock.adjust("1 hour")
        }
        const outbox = yield* Outbox.Outbox
        const parked = yield* outbox.parked()
        expect(parked.map((t) => [t.message.id, t.delivery.lastError])).toEqual([
          [m.id, "gave up after 3 failed attempts; last: email: connection refused"]
        ])
        expect((yield* Dispatcher.runOnce(tries)).claimed).toBe(0)
        yield* memory.failWhen(undefined)
        expect(yield* outbox.retry(m.id)).toBe(true)
        expect((yield* Dispatcher.runOnce(tries)).delivered).toBe(1)
        expect(yield* sentKeys).toEqual([m.id])
      }).pipe(Effect.provide(base))
    )

    it.effect("parks at once what retrying cannot mend: a refused delivery, a message nobody can receive", () =>
      Effect.gen(function* () {
        const refused = assignment(e.tasks[1]!)
        const nobody = Outbox.message(
          e,
          at("2026-03-02T09:00"),
          "approval-needed",
          { roles: ["group-leadership"], personIds: [] },
          {}
        )
        yield* seed([refused, nobody])
        yield* (yield* Notifier.MemoryNotifier).failNext(1, { retryable: false, message: "550 no such mailbox" })
        const report = yield* Dispatcher.runOnce({ ...options, concurrency: 1 })
        expect(report).toMatchObject({ claimed: 2, parked: 2, delivered: 0, retried: 0 })
        expect(yield* deliveryOf(refused.id)).toMatchObject({
          status: "parked",
          attempts: 0,
          lastError: "email: 550 no such mailbox"
        })
        const reason = (yield* deliveryOf(nobody.id))?.lastError
        expect(reason).toMatch(/^NoRecipients: nobody to send .* role group-leadership/)
        expect(yield* sentKeys).toEqual([])
      }).pipe(Effect.provide(base))
    )

    it.effect("stores and logs what the channel answered without the recipients' names, addresses or phones", () =>
      Effect.gen(function* () {
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        const memory = yield* Notifier.MemoryNotifier
        // The channel's answer names whoever the notification was for.
        const answers: Array<string> = []
        const notifier = Notifier.Notifier.of({
          send: (n) => {
            const to = n.recipients[0]!
            const answer = `550 5.1.1 <${to.email}>: mailbox of ${to.name} full`
            answers.push(answer)
            return Effect.fail(
              new Notifier.NotifierError({
                channel: n.channel,
                idempotencyKey: n.idempotencyKey,
                retryable: true,
                message: answer
              })
            )
          }
        })
        const logs = yield* Ref.make<ReadonlyArray<string>>([])
        const report = yield* Dispatcher.runOnce({ ...options, maxAttempts: 1 }).pipe(
          Effect.provideService(Notifier.Notifier, notifier),
          Effect.provide(
            Logger.replace(
              Logger.defaultLogger,
              Logger.make(({ message }) => Effect.runSync(Ref.update(logs, (l) => [...l, String(message)])))
            )
          )
        )
        expect(report.parked).toBe(1)
        expect(answers.length).toBe(1)
        const stored = (yield* deliveryOf(m.id))?.lastError ?? ""
        const staff = people.find((p) => answers[0]!.includes(p.email ?? "-"))!
        expect(staff).toBeDefined()
        const logged = yield* Ref.get(logs)
        expect(logged.some((l) => l.includes(`parked ${m.id}`))).toBe(true)
        for (const text of [stored, ...logged]) {
          expect(text).not.toContain(staff.email)
          expect(text).not.toContain(staff.name)
        }
        expect(stored).toContain("550 5.1.1 <‹recipient›>: mailbox of ‹recipient› full")
        expect(yield* memory.sent).toEqual([])
      }).pipe(Effect.provide(base))
    )

    it.effect("counts a send that outlasts its timeout as a retryable failure", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const m = assignment(e.tasks[1]!)
        yield* seed([m])
        const fiber = yield* Effect.fork(Dispatcher.runOnce({ ...options, sendTimeout: "10 seconds" }))
        yield* TestClock.adjust("10 seconds")
        const report = yield* Fiber.join(fiber)
        expect(report.retried).toBe(1)
        expect(yield* deliveryOf(m.id)).toMatchObject({ attempts: 1, lastError: "email: no answer within 10s" })
      }).pipe(
        Effect.provide(
          Layer.mergeAll(
            storage,
            Layer.succeed(Notifier.Notifier, Notifier.Notifier.of({ send: () => Effect.never })),
            Directory.layerMemory(people)
          )
        )
      )
    )

    it.effect("spreads retries with jitter within ±20 % and never beyond the cap", () =>
      Effect.gen(function* () {
        for (let attempt = 1; attempt <= 12; attempt++) {
          const exact = Math.min(1000 * 2 ** (attempt - 1), 60_000)
          const plain = Duration.toMillis(yield* Dispatcher.retryDelay(attempt, { jitter: false, max: "1 minute" }))
          expect(plain).toBe(exact)
          const jittered = Duration.toMillis(yield* Dispatcher.retryDelay(attempt, { max: "1 minute" }))
          expect(jittered).toBeLessThanOrEqual(Math.min(exact * 1.2, 60_000))
          expect(jittered).toBeGreaterThanOrEqual(Math.min(exact * 0.8, 60_000))
        }
      })
    )
  })

  describe("workers that crash", () => {
    it.effect(
      "takes over a crashed worker's message when its lease expires; the crashed worker's late record is refused",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(T0)
          const m = assignment(e.tasks[1]!)
          yield* seed([m])
          const outbox = yield* Outbox.Outbox
          yield* outbox.claim({ workerId: "crashed", limit: 10, leaseMs: 30_000, now: T0 })
          expect((yield* Dispatcher.runOnce({ ...options, workerId: "w2" })).claimed).toBe(0)
          yield* TestClock.adjust("30 seconds")
          expect((yield* Dispatcher.runOnce({ ...options, workerId: "w2" })).delivered).toBe(1)
          const late = yield* Effect.either(
            outbox.delivered({ messageId: m.id, workerId: "crashed", now: T0 + 31_000 })
          )
          expect(late._tag).toBe("Left")
          expect(yield* sentKeys).toEqual([m.id])
        }).pipe(Effect.provide(base))
    )
  })

  describe("running", () => {
    it.effect("as a fiber, delivers what the lifecycle writes, polling while the outbox is empty", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const fiber = yield* Effect.fork(Dispatcher.run({ ...options, pollInterval: "5 seconds" }))
        yield* TestClock.adjust("1 second")
        const service = yield* Engagements.Engagements
        const gm = actor("chen.gang")
        yield* service.create(gm, {
          _tag: "Create",
          id: "E-INC-7" as Engagement.EngagementId,
          title: "工商执法检查 Inspection",
          procedureId: "incident-response",
          counterpart: "市场监督管理局",
          emergency: true,
          eventStart: "2026-03-02T09:00:00+08:00",
          notice: "2026-03-02T09:00:00+08:00"
        })
        yield* service.execute(gm, "E-INC-7", { _tag: "Start" })
        yield* service.execute(gm, "E-INC-7", { _tag: "Plan" })
        expect(yield* sentKeys).toEqual([])
        yield* TestClock.adjust("5 seconds")
        const sent = yield* (yield* Notifier.MemoryNotifier).sent
        const escalated = sent.find((n) => n.template === "escalated")
        expect(escalated?.recipients.map((r) => r.id)).toEqual(["chen.gang"])
        expect(escalated?.content["zh-CN"].body).toContain("紧急事项")
        const respond = sent.find((n) => n.taskId === "E-INC-7/respond")
        expect(respond?.recipients.map((r) => r.id)).toEqual(["ma.jun"])
        expect(respond?.content["zh-CN"].subject).toMatch(/^【新任务】/)
        // The escalation, the six tasks, and whatever else the lifecycle wrote: all delivered, once.
        expect(sent.filter((n) => n.template === "task-assigned")).toHaveLength(6)
        expect(new Set(sent.map((n) => n.idempotencyKey)).size).toBe(sent.length)
        expect(yield* (yield* Outbox.Outbox).pending({ engagementId: "E-INC-7" })).toEqual([])
        yield* Fiber.interrupt(fiber)
      }).pipe(Effect.provide(Layer.provideMerge(Engagements.layer(policies), base)))
    )
  })
})
