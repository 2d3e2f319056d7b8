import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { Notification, Notifier, Outbox } from "../src/index.js"
import { at, person, planned } from "./notificationFixtures.js"

const e = planned("E-N1")
const task = e.tasks[1]!
const message = Outbox.message(
  e,
  at("2026-03-02T09:00"),
  "task-assigned",
  { roles: [task.ownerRole], personIds: [] },
  {
    taskId: task.id,
    step: task.stepId,
    due: task.due
  }
)
const [notification] = Either.getOrThrow(
  Notification.render({ message, engagements: new Map([[e.id, e]]), staff: [person("wang.fang")] })
)
const n = notification!

describe("Notifier", () => {
  describe("memory", () => {
    it.effect("records what it delivered, and fails as many times as told, retryable or not", () =>
      Effect.gen(function* () {
        const notifier = yield* Notifier.Notifier
        const memory = yield* Notifier.MemoryNotifier
        yield* memory.failNext(2, { retryable: false, message: "550" })
        const first = yield* Effect.either(notifier.send(n))
        expect(first).toEqual(
          Either.left(
            new Notifier.NotifierError({
              channel: "email",
              idempotencyKey: n.idempotencyKey,
              retryable: false,
              message: "550"
            })
          )
        )
        expect(Either.isLeft(yield* Effect.either(notifier.send(n)))).toBe(true)
        yield* notifier.send(n)
        yield* notifier.send(n)
        expect(yield* memory.sent).toEqual([n, n])
        expect(yield* memory.attempts).toEqual(Array(4).fill(n.idempotencyKey))
        yield* memory.clear
        expect(yield* memory.sent).toEqual([])
      }).pipe(Effect.provide(Notifier.layerMemory))
    )
  })

  describe("by channel", () => {
    it.effect("sends with the channel's notifier and refuses, not retryable, a channel it has none for", () =>
      Effect.gen(function* () {
        const { handle, notifier } = yield* Notifier.makeMemory
        const router = Notifier.byChannel({ webhook: notifier })
        yield* router.send({ ...n, channel: "webhook" })
        expect((yield* handle.sent).map((x) => x.channel)).toEqual(["webhook"])
        const refused = yield* Effect.either(router.send(n))
        expect(Either.isLeft(refused) && refused.left).toMatchObject({
          retryable: false,
          message: "no notifier for the channel email"
        })
      })
    )
  })

  describe("console", () => {
    it("prints a header with template, recipients, channel and key, then each language indented", () => {
      const text = Notifier.formatForConsole(n)
      const lines = text.split("\n")
      expect(lines[0]).toBe(`── task-assigned → 王芳 [email] ${message.id}`)
      expect(lines[1]).toBe("【新任务】工作分配｜华东家具集团来访 Visit of East China Furniture")
      expect(lines[2]).toBe("  王芳，您好：")
      expect(text).toContain("\nNew task: Assignment | ")
      expect(Notifier.formatForConsole(n, { locales: ["en"] })).not.toContain("【新任务】")
    })
  })
})
