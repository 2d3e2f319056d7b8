import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { type Engagement, Notification, Outbox } from "../src/index.js"
import { at, person, planned } from "./notificationFixtures.js"

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))
const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const e = planned("E-2026-031")
const T0 = at("2026-03-02T09:00")
const definition = e.tasks.find((t) => t.stepId === "definition")!

const assigned = Outbox.message(
  e,
  T0,
  "task-assigned",
  { roles: ["requester"], personIds: ["li.na"] },
  { taskId: definition.id, step: "definition", due: definition.due }
)

const render = (
  message: Outbox.Message,
  staff: ReadonlyArray<string>,
  engagements: ReadonlyArray<Engagement.Engagement> = [e],
  options?: Notification.RenderOptions
) =>
  Notification.render(
    { message, engagements: new Map(engagements.map((x) => [x.id, x] as const)), staff: staff.map(person) },
    options
  )

describe("Notification", () => {
  describe("rendering", () => {
    it("renders a task assignment in both languages, with the step's name and the due moment in Shanghai", () => {
      const [n, ...more] = ok(render(assigned, ["li.na"]))
      expect(more).toEqual([])
      expect(n!.idempotencyKey).toBe(assigned.id)
      expect(n!.messageId).toBe(assigned.id)
      expect(n!.channel).toBe("email")
      expect(n!.template).toBe("task-assigned")
      expect(n!.engagementId).toBe(e.id)
      expect(n!.taskId).toBe(definition.id)
      expect(n!.redacted).toBe(false)
      expect(n!.recipients).toEqual([{ kind: "staff", id: "li.na", name: "李娜", email: "li.na@example.cn" }])
      expect(n!.content["zh-CN"]).toEqual({
        subject: "【新任务】接待定案｜华东家具集团来访 Visit of East China Furniture",
        body: [
          "李娜，您好：",
          "您有一项新任务：接待定案",
          "事项：华东家具集团来访 Visit of East China Furniture（华东家具集团）",
          "截止：2026-03-03 18:00",
          `任务编号：${definition.id}`
        ].join("\n")
      })
      expect(n!.content.en.subject).toBe("New task: Definition | 华东家具集团来访 Visit of East China Furniture")
      expect(n!.content.en.body).toContain("Due: 2026-03-03 18:00")
    })

    it("attaches the task's deadline as a calendar entry at the right instant, in the message's zone", () => {
      const [n] = ok(render(assigned, ["li.na"]))
      expect(n!.event?.uid).toBe(`${definition.id}@liaison`)
      expect(DateTime.toEpochMillis(n!.event!.end)).toBe(Date.parse("2026-03-03T18:00:00+08:00"))
      expect(DateTime.formatIsoZoned(n!.event!.start)).toBe("2026-03-03T18:00:00.000+08:00[Asia/Shanghai]")
      expect(n!.event?.summary).toContain("【新任务】")
      expect(n!.event?.summary).toContain("New task:")
    })

    it("leaves out a line whose placeholder has no value, not prints it empty", () => {
      const noDue = { ...assigned, payload: { taskId: definition.id, step: "definition" } }
      const withoutTask = { ...e, tasks: [] }
      const [n] = ok(render(noDue, ["li.na"], [withoutTask]))
      expect(n!.content["zh-CN"].body).not.toContain("截止")
      expect(n!.content.en.body).not.toContain("Due:")
      expect(n!.content.en.body).not.toMatch(/\{|\}/)
      expect(n!.event).toBeUndefined()
    })

    it("names the approver's role and the amount in an approval request", () => {
      const m = Outbox.message(
        e,
        T0,
        "approval-needed",
        { roles: ["department-head"], personIds: [] },
        { amount: "¥900.00" }
      )
      const [n] = ok(render(m, ["zhou.qiang"]))
      expect(n!.content["zh-CN"].subject).toBe("【待审批】华东家具集团来访 Visit of East China Furniture｜¥900.00")
      expect(n!.content["zh-CN"].body).toContain("待您以部门负责人身份审批")
      expect(n!.content.en.body).toContain("awaits your approval as Department head")
      expect(n!.content.en.body).toContain("When: 2026-03-10 09:30")
    })

    it("says why an emergency was escalated in each language", () => {
      const m = Outbox.message(
        e,
        T0,
        "escalated",
        { roles: ["general-manager"], personIds: [] },
        { reason: "emergency: reported at once" }
      )
      const [n] = ok(render(m, ["chen.gang"]))
      expect(n!.content["zh-CN"].body).toContain("紧急事项：已先行处置，立即报告，审批事后补办")
      expect(n!.content.en.body).toContain("emergency: acting first, reported at once, approved afterwards")
    })

    it("uses a host's wording in place of the built-in one", () => {
      const [n] = ok(
        render(assigned, ["li.na"], [e], {
          templates: {
            "task-assigned": {
              subject: { "zh-CN": "任务：{task}", en: "Task: {task}" },
              body: { "zh-CN": "请于{due}前完成。", en: "Please finish by {due}." }
            }
          }
        })
      )
      expect(n!.content["zh-CN"]).toEqual({ subject: "任务：接待定案", body: "请于2026-03-03 18:00前完成。" })
    })
  })

  describe("confidential engagements (保密)", () => {
    const secret = planned("E-2026-032", { confidential: true, counterpart: "某省政府考察团", title: "省领导考察" })
    const m = Outbox.message(
      secret,
      T0,
      "cancelled",
      { roles: [], personIds: ["chen.gang", "zhao.lei"] },
      { reason: "省领导行程调整" }
    )

    it("sends the cleared text to the cleared and a redacted one, under its own key, to the others", () => {
      const list = ok(render(m, ["chen.gang", "zhao.lei"], [secret]))
      expect(list.map((n) => [n.idempotencyKey, n.redacted, n.recipients.map((r) => r.id)])).toEqual([
        [m.id, false, ["chen.gang"]],
        [`${m.id}~redacted`, true, ["zhao.lei"]]
      ])
      const [full, redacted] = list
      expect(full!.content["zh-CN"].body).toContain("省领导考察")
      expect(full!.content["zh-CN"].body).toContain("省领导行程调整")
      const leaked = JSON.stringify(redacted!.content)
      for (const secretText of ["省领导考察", "某省政府考察团", "省领导行程调整"])
        expect(leaked).not.toContain(secretText)
      expect(redacted!.content["zh-CN"].subject).toBe(`【已取消】${Notification.REDACTED}`)
      expect(redacted!.content.en.body).toContain(`Reason: ${Notification.REDACTED}`)
    })

    it("treats a tier-A engagement as confidential, and lets its owner and requester see it", () => {
      const vip = planned("E-2026-033", { tier: "A", title: "董事长来访" })
      const msg = Outbox.message(
        vip,
        T0,
        "approved",
        { roles: [], personIds: ["li.na", "wang.fang", "zhao.lei"] },
        { by: "陈刚", role: "general-manager" }
      )
      const list = ok(render(msg, ["li.na", "wang.fang", "zhao.lei"], [vip]))
      expect(list.map((n) => [n.redacted, n.recipients.map((r) => r.id)])).toEqual([
        [false, ["li.na", "wang.fang"]],
        [true, ["zhao.lei"]]
      ])
      expect(list[1]!.content.en.body).toContain("was approved by 陈刚 (General manager)")
      expect(list[1]!.content.en.body).not.toContain("董事长来访")
    })
  })

  describe("messages to guests", () => {
    const guests = [
      { name: "张总 Mr Zhang", email: "zhang@partner.cn" },
      { name: "Ms Lin", phone: "13800000000" }
    ]

    it("thanks the guests by name, with the organisation and signature of the host", () => {
      const m = Notification.guestMessage(e, T0, "thanks", guests, { copyTo: ["wang.fang"] })
      expect(m.id).toBe(`${e.id}/guest/thanks`)
      const [n] = ok(
        render(m, ["wang.fang"], [e], {
          organisation: { "zh-CN": "湖畔家居", en: "Lakeside Home" },
          signature: { "zh-CN": "湖畔家居综合管理部", en: "Lakeside Home, Admin Department" }
        })
      )
      expect(n!.recipients.map((r) => [r.kind, r.name])).toEqual([
        ["guest", "张总 Mr Zhang"],
        ["guest", "Ms Lin"],
        ["staff", "王芳"]
      ])
      expect(n!.recipients[0]!.email).toBe("zhang@partner.cn")
      expect(n!.content["zh-CN"].body).toBe(
        "尊敬的张总 Mr Zhang、Ms Lin：\n感谢您于2026-03-10莅临湖畔家居。如对本次接待有任何意见或建议，敬请告知，我们将不断改进。\n湖畔家居综合管理部"
      )
      expect(n!.content.en.subject).toBe("Thank you for visiting Lakeside Home")
    })

    it("words the post-visit message for a customer who bought differently from one who did not", () => {
      const bought = Notification.guestMessage(e, T0, "post-visit", guests.slice(1), { variant: "bought" })
      const browsed = Notification.guestMessage(e, T0, "post-visit", guests.slice(1))
      expect(bought.id).not.toBe(browsed.id)
      const options = { contact: "0571-87000000" }
      expect(ok(render(bought, [], [e], options))[0]!.content["zh-CN"].body).toContain("我们将按约定时间送货安装")
      expect(ok(render(browsed, [], [e], options))[0]!.content["zh-CN"].body).toContain("欢迎随时再来")
    })

    it("refuses a guest message that names no guest", () => {
      const m = { ...Notification.guestMessage(e, T0, "thanks", guests), payload: { guests: [] } }
      expect(err(render(m, ["wang.fang"]))).toMatchObject({ _tag: "RenderError", reason: "BadPayload" })
    })
  })

  describe("digest", () => {
    const secret = planned("E-2026-034", { confidential: true, title: "保密会谈" })
    const items: ReadonlyArray<Notification.DigestItem> = [
      {
        engagementId: e.id,
        taskId: `${e.id}/assignment`,
        stepId: "assignment",
        due: "2026-03-04T18:00:00.000+08:00",
        status: "dueSoon"
      },
      {
        engagementId: secret.id,
        taskId: `${secret.id}/preparation`,
        stepId: "preparation",
        due: "2026-03-02T18:00:00.000+08:00",
        status: "dueToday"
      }
    ]
    const digest = (personId: string) =>
      ({
        id: `digest/${personId}/2026-03-02`,
        template: "due-soon",
        engagementId: "",
        recipients: { roles: [], personIds: [personId] },
        payload: { digest: true, personId, date: "2026-03-02", items },
        confidential: true,
        createdAt: T0
      }) satisfies Outbox.Message

    it("lists the person's tasks, one line each, and hides the titles they may not see", () => {
      const [n] = ok(render(digest("zhao.lei"), ["zhao.lei"], [e, secret]))
      expect(n!.template).toBe("digest")
      expect(n!.engagementId).toBeUndefined()
      expect(n!.redacted).toBe(true)
      expect(n!.content["zh-CN"].subject).toBe("【每日待办】2026-03-02：2 项")
      expect(n!.content["zh-CN"].body.split("\n")).toEqual([
        "赵磊，您好：",
        "您今天需要关注的任务：",
        "· 2026-03-04 18:00　工作分配｜华东家具集团来访 Visit of East China Furniture（即将到期）",
        `· 2026-03-02 18:00　准备工作｜${Notification.REDACTED}（今日到期）`
      ])
    })

    it("shows a cleared person every title", () => {
      const [n] = ok(render(digest("gu.yan"), ["gu.yan"], [e, secret]))
      expect(n!.redacted).toBe(false)
      expect(n!.content.en.body).toContain("保密会谈 (due today)")
    })
  })

  describe("failures that retrying cannot mend", () => {
    it("says whom it found nobody for", () => {
      const m = Outbox.message(e, T0, "approval-needed", { roles: ["group-leadership"], personIds: [] }, {})
      const error = err(render(m, []))
      expect(error.reason).toBe("NoRecipients")
      expect(error.message).toContain("role group-leadership")
    })

    it("says when the engagement is gone", () => {
      expect(err(render(assigned, ["li.na"], []))).toMatchObject({ reason: "UnknownEngagement" })
    })
  })

  describe("laws", () => {
    it("never leaves a placeholder in what it fills, and keeps every line whose values are all there", () => {
      const key = fc.constantFrom("a", "b", "c", "due", "title")
      const line = fc
        .array(
          fc.oneof(
            fc.string({ maxLength: 5 }).map((s) => s.replace(/[{}\n]/g, "")),
            key.map((k) => `{${k}}`)
          ),
          { maxLength: 6 }
        )
        .map((parts) => parts.join(""))
      fc.assert(
        fc.property(
          fc.array(line, { maxLength: 5 }),
          fc.dictionary(
            key,
            fc.string({ minLength: 1, maxLength: 5 }).map((s) => s.replace(/[{}\n]/g, "x"))
          ),
          (lines, vars) => {
            const out = Notification.fill(lines.join("\n"), vars)
            expect(out).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/)
            const complete = lines.filter((l) =>
              [...l.matchAll(/\{([a-z]+)\}/g)].every((m) => vars[m[1]!] !== undefined)
            )
            expect(out === "" ? [] : out.split("\n")).toHaveLength(
              out === "" && complete.every((l) => l === "") ? 0 : complete.length
            )
          }
        )
      )
    })
  })
})
