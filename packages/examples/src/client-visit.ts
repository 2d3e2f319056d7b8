/**
 * A client visit on 2026-02-24, right after the 2026 Spring Festival break, planned by the
 * client-reception standard (客户接待流程及标准, seed 001): each phase falls a number of working
 * days before the visit, on the day, or the day after.
 *
 * Run it: `npm run demo` (from the repository root).
 */
import { Deadline, OfficialCalendars } from "@liaison/core"
import { Console, Effect } from "effect"

/** The phases of the standard, as deadline rules with their owners. */
const phases = [
  {
    rule: Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"), {
      id: "definition",
      label: { en: "Definition: reception application with budget", zh: "接待定案：填写接待申请单（附件一）及预算" }
    }),
    owner: "requester 需求提出者"
  },
  {
    rule: Deadline.point(Deadline.eventStart, Deadline.before(4, "workingDays"), {
      id: "assignment",
      label: { en: "Assignment: division-of-labour table, venue and time", zh: "工作分配：分工推进表（附件二），确认场地、时间" }
    }),
    owner: "admin dept 综管部"
  },
  {
    rule: Deadline.point(Deadline.eventStart, Deadline.before(2, "workingDays"), {
      id: "preparation",
      label: { en: "Preparation: purchases, item list, slides", zh: "准备工作：采购、物品清单（附件三）、演示文稿" }
    }),
    owner: "admin dept 综管部 + requester"
  },
  {
    rule: Deadline.point(Deadline.eventStart, Deadline.after(0, "workingDays"), {
      id: "on-site",
      label: { en: "On site: venue, computers, service; wrap-up", zh: "现场工作及收尾：会场布置、服务、物品清点归还" }
    }),
    owner: "admin dept 综管部"
  },
  {
    rule: Deadline.point(Deadline.eventEnd, Deadline.after(1, "workingDays"), {
      id: "summary",
      label: { en: "Summary: satisfaction survey", zh: "工作总结：接待满意度调查表（附件四）" }
    }),
    owner: "admin dept 综管部"
  }
] as const

const program = Effect.gen(function* () {
  const calendar = OfficialCalendars.cnMainland
  const context = {
    calendar,
    eventStart: "2026-02-24",
    eventEnd: "2026-02-24",
    // The visit was announced on Thursday 12 February at 10:00.
    notice: "2026-02-12T10:00:00+08:00"
  } as const

  yield* Console.log("Client visit on 2026-02-24 (Tuesday), announced 2026-02-12 10:00")
  yield* Console.log(`Calendar: ${calendar.id}, data ${calendar.data.version}\n`)

  for (const { owner, rule } of phases) {
    const deadline = yield* Deadline.evaluate(rule, context)
    const status = yield* Deadline.feasibility(calendar, deadline, context.notice)
    yield* Console.log(`${deadline.dueDate}  ${rule.label?.en}`)
    yield* Console.log(`            ${rule.label?.zh}`)
    yield* Console.log(`            owner: ${owner}; at notice: ${status.sentence.en}`)
    yield* Console.log(`            ${deadline.explanation.sentence.en}`)
    yield* Console.log(`            ${deadline.explanation.sentence.zh}\n`)
  }
})

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
