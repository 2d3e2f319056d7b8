import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../..", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "liaison-incident-test-"))
const database = join(dir, "incident.sqlite")

/** One line of the timeline: its stamp (the last one above it) and its text. */
interface Line {
  readonly at: string
  readonly text: string
}
/** A notification the example's notifier printed: `→ <template> (<step>) to <names>: <subject>`. */
interface Sent {
  readonly at: string
  readonly template: string
  readonly step: string | undefined
  readonly to: string
}

let output = ""
let lines: ReadonlyArray<Line> = []
let sent: ReadonlyArray<Sent> = []

beforeAll(async () => {
  const env = { ...process.env, LIAISON_INCIDENT_DB: database }
  output = (
    await run("npm", ["run", "example:incident", "--silent", "--workspace", "@liaison/examples"], {
      cwd: root,
      env,
      timeout: 120_000
    })
  ).stdout
  let at = ""
  const parsed: Array<Line> = []
  const notifications: Array<Sent> = []
  for (const line of output.split("\n")) {
    const stamp = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) {2}/.exec(line)
    if (stamp) at = stamp[1]!
    parsed.push({ at, text: line })
    const n = /^\s+→ (\S+)(?: \((\S+)\))? to (.+?): /.exec(line)
    if (n) notifications.push({ at, template: n[1]!, step: n[2], to: n[3]! })
  }
  lines = parsed
  sent = notifications
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sentAt = (at: string) => sent.filter((n) => n.at === at).map((n) => `${n.template} ${n.step ?? "-"} → ${n.to}`)

describe("npm run example:incident (an emergency under incident-response, stored in SQLite)", () => {
  it("stores the incident in the SQLite file it names", () => {
    expect(output).toContain(`stored in ${database}`)
    expect(existsSync(database)).toBe(true)
  })

  it("starts the incident from draft on the emergency path, with the approvals routed for afterwards", () => {
    expect(output).toMatch(
      /14:24 {2}Liu Yang 刘洋\s+starts it at once: inProgress, approvals afterwards by department-head → general-manager/
    )
    // The report to the GM goes out with the first dispatch, before any reminder tick.
    expect(sentAt("2026-03-12 14:24")).toContain("escalated - → Chen Gang 陈刚")
  })

  it("plans the steps due at once as missed, the report the same day and the review within a week", () => {
    const plan = new Map(
      lines
        .map((l) => /^\s{18}(\w+)\s+(\S+)\s+due (\d{4}-\d{2}-\d{2} \d{2}:\d{2})(\s+\(missed\))?$/.exec(l.text))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, { owner: m[2]!, due: m[3]!, missed: m[4] !== undefined }] as const)
    )
    expect(plan.get("respond")).toEqual({ owner: "on-duty-manager", due: "2026-03-12 14:20", missed: true })
    expect(plan.get("notify")).toEqual({ owner: "on-duty-manager", due: "2026-03-12 14:20", missed: true })
    expect(plan.get("report")).toMatchObject({ owner: "department-head", due: "2026-03-12 18:00", missed: false })
    // "Within a week" counts days: the review is due by the end of the day a week after the
    // incident (its date plus 7), not 168 hours after 14:20.
    const review = plan.get("review")!
    const days = (Date.parse(review.due.slice(0, 10)) - Date.parse("2026-03-12")) / 86_400_000
    expect(days).toBeGreaterThan(0)
    expect(days).toBeLessThanOrEqual(7)
    expect(output).toContain("review: Due 2026-03-19 18:00 (Asia/Shanghai): 1 week after the event end (2026-03-12)")
    // The aftermath waits for the period the GM sets.
    expect(output).toMatch(/aftermath\s+department-head\s+not dated yet: .*aftermathDue/)
  })

  it("asks the department head for the approval afterwards at once, and dates the aftermath once the GM sets it", () => {
    expect(sentAt("2026-03-12 14:24")).toContain("approval-needed - → Zhou Qiang 周强")
    expect(output).toContain("records the end of on-site handling (event end 17:10)")
    expect(output).toContain("sets the aftermath period: the aftermath task is due 2026-03-20T18:00")
  })

  it("escalates the steps missed at once to the GM in the first tick: a major matter does not wait a working day", () => {
    const first = sentAt("2026-03-12 14:25")
    expect(first).toEqual(
      expect.arrayContaining([
        "overdue respond → Liu Yang 刘洋",
        "escalated respond → Chen Gang 陈刚",
        "overdue notify → Liu Yang 刘洋",
        "escalated notify → Chen Gang 陈刚"
      ])
    )
    // Nothing not yet due is overdue.
    expect(first.filter((n) => n.startsWith("overdue") || n.startsWith("escalated"))).toHaveLength(4)
  })

  it("sends the overdue notice for the report missed at 18:00 to its owner, escalated to the GM, and nothing for steps done in time", () => {
    expect(sentAt("2026-03-12 18:05")).toEqual([
      "overdue report → Zhou Qiang 周强",
      "escalated report → Chen Gang 陈刚"
    ])
    const later = sent.filter((n) => n.at > "2026-03-12 14:25")
    expect(later.filter((n) => ["respond", "notify", "handle"].includes(n.step ?? ""))).toEqual([])
  })

  it("refuses to close until the approvals afterwards are in, then closes once the review is handed in", () => {
    expect(output).toContain("tries to close: refused, waiting for the approval of department-head (事后补办)")
    expect(sentAt("2026-03-13 14:00")).toEqual(["approval-needed - → Chen Gang 陈刚"])
    expect(sentAt("2026-03-18 09:00")).toContain("due-soon review → Zhou Qiang 周强")
    const closing = lines.find((l) => l.text.includes("closes the incident"))
    expect(closing).toEqual({ at: "2026-03-19 10:30", text: expect.stringMatching(/closes the incident: closed$/) })
    const reviewDone = lines.find((l) => l.text.includes("hands in the review"))!
    expect(reviewDone.at <= "2026-03-19 18:00").toBe(true)
  })

  it("keeps a ledger of every accepted command, the emergency start flagged", () => {
    const ledger = output.slice(output.indexOf("\nLedger ("))
    const entries = ledger.split("\n").filter((l) => /^ {2}\d{4}-\d{2}-\d{2} /.test(l))
    expect(ledger).toContain(`Ledger (${entries.length} entries)`)
    expect(entries[0]).toMatch(/draft\s+created: /)
    expect(entries[1]).toMatch(/inProgress\s+⚑ emergency: acting first, approvals afterwards \(事后补办\)/)
    expect(entries.filter((l) => l.includes("⚑"))).toHaveLength(1)
    expect(entries.filter((l) => /approved by/.test(l)).map((l) => l.slice(2, 18))).toEqual([
      "2026-03-13 14:00",
      "2026-03-13 16:00"
    ])
    expect(entries.at(-1)).toMatch(/^ {2}2026-03-19 10:30 .*closed\s+closed$/)
  })
})
