import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { Engagement, LocalDate, Notification, Outbox, Reminders } from "../src/index.js"
import { actor, at, person, planned } from "./notificationFixtures.js"

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

    it("keeps the subject of an approval request without an amount (a later step of a route), leaving out only the amount", () => {
      const m = Outbox.message(e, T0, "approval-needed", { roles: ["general-manager"], personIds: [] }, {})
      const [n] = ok(render(m, ["chen.gang"]))
      expect(n!.content["zh-CN"].subject).toBe("【待审批】华东家具集团来访 Visit of East China Furniture")
      expect(n!.content.en.subject).toBe("Approval needed: 华东家具集团来访 Visit of East China Furniture")
    })

    it("names the task in an escalation's subject, so two escalations of one engagement read apart", () => {
      const escalation = (step: string) =>
        Outbox.message(
          e,
          T0,
          "escalated",
          { roles: ["general-manager"], personIds: [] },
          { step, taskId: `${e.id}/${step}`, reason: "overdue" }
        )
      const [a] = ok(render(escalation("definition"), ["chen.gang"]))
      const [b] = ok(render(escalation("assignment"), ["chen.gang"]))
      expect(a!.content.en.subject).toMatch(/^Escalated: .+ \| .+/)
      expect(a!.content["zh-CN"].subject).toMatch(/^【升级上报】.+｜.+/)
      expect(a!.content.en.subject).not.toBe(b!.content.en.subject)
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
    const item = (
      engagement: Engagement.Engagement,
      stepId: string,
      due: string,
      status: Notification.DigestItem["status"]
    ): Notification.DigestItem => ({
      engagementId: engagement.id,
      taskId: `${engagement.id}/${stepId}`,
      stepId,
      due,
      status
    })
    const items: ReadonlyArray<Notification.DigestItem> = [
      item(e, "definition", "2026-03-01T18:00:00.000+08:00", "overdue"),
      item(secret, "preparation", "2026-03-02T18:00:00.000+08:00", "dueToday"),
      item(e, "assignment", "2026-03-04T18:00:00.000+08:00", "dueSoon")
    ]
    const digest = (personId: string, list: ReadonlyArray<Notification.DigestItem> = items) =>
      Reminders.digestMessage(personId, LocalDate.unsafeMake("2026-03-02"), list, true, T0)

    it("is a message of its own template, one per person and day", () => {
      const m = digest("zhao.lei")
      expect(m).toMatchObject({ id: "digest/zhao.lei/2026-03-02", template: "digest", engagementId: "" })
      expect(Notification.isDigest(m)).toBe(true)
      expect(Notification.isDigest(assigned)).toBe(false)
      expect(Notification.engagementIdsOf(m)).toEqual([e.id, secret.id])
    })

    it("lists the person's tasks under a heading per status, in both languages, hiding the titles they may not see", () => {
      const [n, ...more] = ok(render(digest("zhao.lei"), ["zhao.lei"], [e, secret]))
      expect(more).toEqual([])
      expect(n!.template).toBe("digest")
      expect(n!.idempotencyKey).toBe("digest/zhao.lei/2026-03-02")
      expect(n!.engagementId).toBeUndefined()
      expect(n!.event).toBeUndefined()
      expect(n!.redacted).toBe(true)
      expect(n!.content["zh-CN"].subject).toBe("【每日待办】2026-03-02｜3 项任务，逾期 1 项")
      expect(n!.content["zh-CN"].body.split("\n")).toEqual([
        "赵磊，您好：",
        "以下是您 2026-03-02 需要关注的任务，共 3 项任务。",
        "■ 已逾期（1 项）",
        `· 2026-03-01 18:00　接待定案｜华东家具集团来访 Visit of East China Furniture（${e.id}/definition）`,
        "■ 今日到期（1 项）",
        `· 2026-03-02 18:00　准备工作｜${Notification.REDACTED}（${secret.id}/preparation）`,
        "■ 近期到期（1 项）",
        `· 2026-03-04 18:00　工作分配｜华东家具集团来访 Visit of East China Furniture（${e.id}/assignment）`,
        "逾期任务将按规定升级上报，请及时处理。"
      ])
      expect(n!.content.en.subject).toBe("Daily digest 2026-03-02: 3 tasks, 1 overdue")
      expect(n!.content.en.body.split("\n")).toEqual([
        "Dear 赵磊,",
        "Your tasks to watch on 2026-03-02: 3 tasks.",
        "■ Overdue (1)",
        `· 2026-03-01 18:00  Definition | 华东家具集团来访 Visit of East China Furniture (${e.id}/definition)`,
        "■ Due today (1)",
        `· 2026-03-02 18:00  Preparation | ${Notification.REDACTED} (${secret.id}/preparation)`,
        "■ Due soon (1)",
        `· 2026-03-04 18:00  Assignment | 华东家具集团来访 Visit of East China Furniture (${e.id}/assignment)`,
        "Overdue tasks are escalated as the procedures require: please see to them."
      ])
      for (const c of Object.values(n!.content)) expect(`${c.subject}\n${c.body}`).not.toContain("保密会谈")
    })

    it("shows a cleared person every title, and is not marked redacted", () => {
      const [n] = ok(render(digest("gu.yan"), ["gu.yan"], [e, secret]))
      expect(n!.redacted).toBe(false)
      expect(n!.content.en.body).toContain(`Preparation | 保密会谈 (${secret.id}/preparation)`)
      expect(n!.content["zh-CN"].body).toContain(`准备工作｜保密会谈（${secret.id}/preparation）`)
    })

    it("leaves out the heading of a status without tasks, and counts one task in the singular", () => {
      const [n] = ok(render(digest("wang.fang", [items[2]!]), ["wang.fang"], [e, secret]))
      expect(n!.redacted).toBe(false)
      expect(n!.content.en.subject).toBe("Daily digest 2026-03-02: 1 task, 0 overdue")
      expect(n!.content.en.body).not.toContain("Overdue (")
      expect(n!.content.en.body).not.toContain("Due today")
      expect(n!.content.en.body).toContain("■ Due soon (1)")
      expect(n!.content["zh-CN"].body).not.toContain("已逾期（")
    })

    it("takes a host's wording, headings and line included", () => {
      const options: Notification.RenderOptions = {
        templates: {
          digest: {
            subject: { "zh-CN": "待办 {count}", en: "To do: {count}" },
            body: { "zh-CN": "{overdueItems}\n{items}", en: "{dueSoonItems}" },
            item: { "zh-CN": "- {task}", en: "- {task} {status}" },
            sections: {
              overdue: { "zh-CN": "逾期 {n}", en: "Late {n}" },
              dueToday: { "zh-CN": "今天 {n}", en: "Today {n}" },
              dueSoon: { "zh-CN": "将到 {n}", en: "Soon {n}" }
            }
          }
        }
      }
      const [n] = ok(render(digest("zhao.lei"), ["zhao.lei"], [e, secret], options))
      expect(n!.content["zh-CN"]).toEqual({
        subject: "待办 3",
        body: ["逾期 1", "- 接待定案", "- 接待定案", "- 准备工作", "- 工作分配"].join("\n")
      })
      expect(n!.content.en).toEqual({ subject: "To do: 3", body: "Soon 1\n- Assignment due soon" })
    })

    it("refuses a digest whose payload lists no items", () => {
      const m = { ...digest("zhao.lei"), payload: { personId: "zhao.lei", date: "2026-03-02" } }
      expect(err(render(m, ["zhao.lei"]))).toMatchObject({ _tag: "RenderError", reason: "BadPayload" })
    })

    it("never shows a confidential title to a person without clearance, and lists every task once under its status", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              confidential: fc.boolean(),
              step: fc.constantFrom("definition", "assignment", "preparation"),
              status: fc.constantFrom("overdue" as const, "dueToday" as const, "dueSoon" as const)
            }),
            { minLength: 1, maxLength: 8 }
          ),
          fc.constantFrom("zhao.lei", "gu.yan", "wang.fang"),
          (drawn, personId) => {
            const list = drawn.map((d, i) =>
              item(d.confidential ? secret : e, d.step, `2026-03-0${(i % 7) + 1}T18:00:00.000+08:00`, d.status)
            )
            const [n] = ok(render(digest(personId, list), [personId], [e, secret]))
            // wang.fang owns the engagements: a party to them, she sees them.
            const clearedPerson = Engagement.canSeeConfidential(Engagement.defaultAccess, actor(personId), secret)
            expect(n!.redacted).toBe(!clearedPerson && drawn.some((d) => d.confidential))
            for (const locale of ["zh-CN", "en"] as const) {
              const { body, subject } = n!.content[locale]
              if (!clearedPerson) expect(`${subject}\n${body}`).not.toContain("保密会谈")
              const lines = body.split("\n")
              expect(lines.filter((l) => l.startsWith("· "))).toHaveLength(list.length)
              const headings = lines.filter((l) => l.startsWith("■ "))
              const counts = headings.map((h) => Number(/\d+/.exec(h)![0]))
              expect(counts.reduce((a, b) => a + b, 0)).toBe(list.length)
              expect(counts.every((c) => c > 0)).toBe(true)
              expect(headings).toHaveLength(new Set(drawn.map((d) => d.status)).size)
            }
          }
        )
      )
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
    it("fills a subject part by part: the first part as a line, later parts left out when a value is missing", () => {
      const key = fc.constantFrom("a", "b", "c")
      const part = fc.tuple(fc.constantFrom("x", "Due: ", "【】"), fc.option(key, { nil: undefined }))
      fc.assert(
        fc.property(
          fc.array(part, { minLength: 1, maxLength: 4 }),
          fc.constantFrom("｜", " | "),
          fc.record({ a: fc.constantFrom("A", ""), b: fc.constant("B"), c: fc.constant(undefined) }),
          (parts, sep, vars) => {
            const texts = parts.map(([lead, k]) => (k === undefined ? lead : `${lead}{${k}}`))
            const has = (i: number) => {
              const k = parts[i]![1]
              return k === undefined || (vars[k as "a" | "b" | "c"] ?? "") !== ""
            }
            const value = (i: number) => {
              const [lead, k] = parts[i]!
              return k === undefined ? lead : lead + vars[k as "a" | "b" | "c"]!
            }
            const expected = has(0)
              ? [value(0), ...parts.slice(1).flatMap((_, j) => (has(j + 1) ? [value(j + 1)] : []))].join(sep)
              : ""
            expect(Notification.fillSubject(texts.join(sep), vars)).toBe(expected)
          }
        )
      )
    })

    it("fills as the line-by-line reading of the template does, however odd the braces and keys", () => {
      // The reference: each line's placeholders replaced by a regular expression, and a line left out
      // when one of them has no own value or an empty one.
      const reference = (template: string, vars: Readonly<Record<string, string | undefined>>) =>
        template
          .split("\n")
          .flatMap((line) => {
            let missing = false
            const filled = line.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, key: string) => {
              const value = Object.hasOwn(vars, key) ? vars[key] : undefined
              if (value === undefined || value === "") missing = true
              return value ?? ""
            })
            return missing ? [] : [filled]
          })
          .join("\n")
      const key = fc.constantFrom("a", "b", "due", "constructor", "toString", "x1")
      const piece = fc.oneof(
        fc.string({ maxLength: 4 }),
        fc.constantFrom("{", "}", "{}", "{1a}", "{{a}}", "\n", "$&", "$1", "｜"),
        key.map((k) => `{${k}}`)
      )
      fc.assert(
        fc.property(
          fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
          fc.dictionary(key, fc.option(fc.constantFrom("", "A", "$&", "{b}", "x\ny"), { nil: undefined })),
          (template, vars) => {
            expect(Notification.fill(template, vars)).toBe(reference(template, vars))
            // Read once, filled many times: the same answer the second time.
            expect(Notification.fill(template, vars)).toBe(reference(template, vars))
          }
        ),
        { numRuns: 500 }
      )
    })

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
