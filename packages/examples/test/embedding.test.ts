/**
 * `npm run example:embedding`: liaison inside a CRM's PostgreSQL database, through the CRM's own
 * Directory and Notifier. Runs when `LIAISON_PG_URL` is set (`npm run test:pg --
 * packages/examples`), in a schema of its own that it drops afterwards; otherwise the PostgreSQL
 * suite is reported skipped with how to run it. Without a URL the example must refuse clearly.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { SqlClient } from "@effect/sql/SqlClient"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { PgStorage, SqlStorage } from "@liaison/sql"
import { Effect } from "effect"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../..", import.meta.url))
const url = process.env.LIAISON_PG_URL || undefined
const example = ["run", "example:embedding", "--silent", "--workspace", "@liaison/examples"]
const HOW = "set LIAISON_PG_URL, or run: npm run test:pg -- packages/examples/test/embedding.test.ts"

describe("npm run example:embedding without PostgreSQL", () => {
  it("exits non-zero and says how to run it", async () => {
    const { LIAISON_PG_URL: _, ...env } = process.env
    const failed = await run("npm", example, { cwd: root, env, timeout: 120_000 }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e
    )
    expect(failed?.code).toBe(2)
    expect(failed?.stdout).toBe("")
    expect(failed?.stderr).toContain("This example needs PostgreSQL, and LIAISON_PG_URL is not set.")
    expect(failed?.stderr).toContain(
      "bash scripts/test-pg.sh --run npm run example:embedding --workspace @liaison/examples"
    )
  }, 120_000)
})

// Skipped without a server, saying in its name how to run it.
const onPg = `npm run example:embedding on PostgreSQL${url === undefined ? ` (skipped: ${HOW})` : ""}`

describe.skipIf(url === undefined)(onPg, () => {
  const schema = `liaison_example_${process.pid}_${Date.now() % 1_000_000}`
  const tablePrefix = "crm_liaison_"
  let output = ""

  /** Runs a query in the example's schema. */
  const query = <A extends object>(text: string) => {
    const inSchema = new URL(url!)
    inSchema.searchParams.set("options", `-c search_path=${schema}`)
    return Effect.runPromise(
      Effect.flatMap(SqlClient, (sql) => sql.unsafe<A>(text)).pipe(
        Effect.provide(PgStorage.layerClient({ url: inSchema.toString(), maxConnections: 1 }))
      )
    )
  }

  beforeAll(async () => {
    const env = { ...process.env, LIAISON_EXAMPLE_SCHEMA: schema }
    output = (await run("npm", example, { cwd: root, env, timeout: 120_000 })).stdout
  }, 120_000)

  afterAll(async () => {
    await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  })

  it("adds only liaison's tables to the CRM's schema, each under the prefix, and leaves the CRM's tables as they were", async () => {
    const expected = Object.values(SqlStorage.tableNames({ tablePrefix })).sort()
    const tables = (
      await query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
      )
    ).map((t) => t.table_name)
    expect(tables.filter((t) => !t.startsWith("crm_liaison_"))).toEqual([
      "crm_customers",
      "crm_notifications",
      "crm_users"
    ])
    expect(tables.filter((t) => t.startsWith(tablePrefix)).sort()).toEqual(expected)
    expect(output).toContain(`Tables added to the schema (${expected.length}): `)
    expect(output).toContain("All of them under the prefix crm_liaison_: true")
    expect(output).toMatch(/crm_users: unchanged \(6 rows, md5 [0-9a-f]{32}\)/)
    expect(output).toMatch(/crm_customers: unchanged \(2 rows, md5 [0-9a-f]{32}\)/)
  })

  it("drives the engagement from draft to closed, stored in liaison's prefixed tables", async () => {
    const rows = await query<{ id: string; status: string; version: number }>(
      `SELECT id, status, version FROM ${tablePrefix}engagements`
    )
    expect(rows).toEqual([{ id: "crm-visit-2026-04-14-lakeside", status: "closed", version: 13 }])
    const statuses = [...output.matchAll(/^ {2}\S.{33} (\w+)\s+version (\d+)$/gm)].map((m) => m[1])
    expect(statuses).toEqual(["draft", "submitted", "approved", "planned", "held", "settled", "closed"])
    const ledger = await query<{ n: string }>(`SELECT count(*) AS n FROM ${tablePrefix}ledger`)
    // One entry per accepted command: the creation and the 13 that followed it.
    expect(Number(ledger[0]!.n)).toBe(rows[0]!.version + 1)
  })

  it("assigns tasks through the CRM's directory: jobs mapped to roles, inactive users left out", () => {
    const plan = output.slice(output.indexOf("planned:"), output.indexOf("dispatched"))
    expect(plan).toMatch(/definition\s+→ Li Na 李娜$/m)
    expect(plan).toMatch(/on-site\s+→ Wang Fang 王芳$/m)
    expect(plan).not.toContain("Gao Jie")
  })

  it("delivers every notification through the CRM's notifier into its inbox, in each user's language, once per key", async () => {
    const inbox = await query<{ user_login: string; subject: string; dedupe_key: string }>(
      "SELECT user_login, subject, dedupe_key FROM crm_notifications ORDER BY id"
    )
    const delivered = [...output.matchAll(/dispatched (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0)
    expect(delivered).toBeGreaterThan(0)
    expect(new Set(inbox.map((n) => n.dedupe_key)).size).toBe(delivered)
    const keys = inbox.map((n) => `${n.user_login} ${n.dedupe_key}`)
    expect(new Set(keys).size).toBe(keys.length)
    // The department head's approval request, in Chinese; the account manager reads English.
    expect(inbox.filter((n) => n.user_login === "zhou.qiang").map((n) => n.subject)).toEqual([
      "【待审批】Lakeside Furniture showroom visit 湖畔家具来访｜1200 CNY"
    ])
    const li = inbox.filter((n) => n.user_login === "li.na")
    expect(li.length).toBeGreaterThan(0)
    expect(li.every((n) => /^[\x20-\x7e]/.test(n.subject) && !n.subject.startsWith("【"))).toBe(true)
    expect(inbox.some((n) => n.user_login === "gao.jie")).toBe(false)
    // Every outbox message was delivered, none parked or waiting.
    const outbox = await query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM ${tablePrefix}outbox GROUP BY status`
    )
    expect(outbox.map((r) => r.status)).toEqual(["delivered"])
    expect(Number(outbox[0]!.n)).toBe(delivered)
  })
})
