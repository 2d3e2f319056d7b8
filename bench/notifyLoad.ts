/**
 * A bare webhook client for `bench/notify.bench.ts`: posts N signed notifications to a receiver,
 * C at a time over C keep-alive connections (undici's `Pool`, as `WebhookNotifier.layer` uses),
 * with the body and signature made once per request and nothing else, to measure the receiver
 * alone. Prints `{"sent","ms","cpuMs"}`.
 *
 *   node --import tsx bench/notifyLoad.ts <url> <secret> [n] [connections]
 */
import { createHmac } from "node:crypto"
import * as Undici from "@effect/platform-node/Undici"

const [url, secret, n = "10000", c = "16"] = process.argv.slice(2)
if (url === undefined || secret === undefined) throw new Error("usage: notifyLoad.ts <url> <secret> [n] [connections]")
const N = Number(n)
const C = Number(c)
const target = new URL(url)
const pool = new Undici.Pool(target.origin, { connections: C })
const run = `${process.pid}-${Date.now()}`
// A body of the size the dispatcher sends (about 700 bytes), its key varied per request.
const bodyOf = (key: string) =>
  JSON.stringify({
    type: "liaison.notification",
    notification: {
      idempotencyKey: key,
      messageId: key,
      channel: "webhook",
      template: "task-assigned",
      engagementId: "E-LOAD-0",
      taskId: "E-LOAD-0/t0",
      recipients: [{ kind: "staff", id: "wang.fang", name: "王芳", email: "wang.fang@example.cn" }],
      content: {
        "zh-CN": {
          subject: "【新任务】接待定案｜负载 0",
          body: "王芳，您好：\n您有一项新任务：接待定案\n事项：负载 0（华东家具集团）"
        },
        en: {
          subject: "New task: Definition | 负载 0",
          body: "Dear 王芳,\nYou have a new task: Definition\nEngagement: 负载 0 (华东家具集团)"
        }
      },
      redacted: false,
      createdAt: "2026-03-02T09:00:00.000+08:00[Asia/Shanghai]"
    }
  })

const post = async (i: number) => {
  const key = `load/${run}/${i}`
  const body = bodyOf(key)
  const timestamp = String(Math.floor(Date.now() / 1000))
  const response = await pool.request({
    path: `${target.pathname}${target.search}`,
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-liaison-timestamp": timestamp,
      "x-liaison-signature": `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
      "idempotency-key": key
    },
    body
  })
  await response.body.text()
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`)
}

const started = performance.now()
const cpu = process.cpuUsage()
let next = 0
await Promise.all(
  Array.from({ length: C }, async () => {
    while (next < N) await post(next++)
  })
)
const used = process.cpuUsage(cpu)
process.stdout.write(
  `${JSON.stringify({ sent: N, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 })}\n`
)
await pool.close()
