/**
 * Runs the benchmark suites in `bench/*.bench.ts` and prints a table per suite.
 *
 *   npm run bench                              every suite
 *   npm run bench -- --filter calendar         suites whose name contains "calendar"
 *   npm run bench -- --filter calendar/add     only their groups whose id contains "add"
 *   npm run bench -- --json results.json       also write the results as JSON
 *   npm run bench -- --time 500                timed milliseconds per row (default 1000)
 *
 * Timing uses tinybench. Each tinybench sample is one call of a row's loop over `batch` inputs
 * (batch chosen per row for ~50 µs a sample, after a warm-up), so the timer's own cost (tens of
 * ns a read) is spread over the batch instead of swamping a nanosecond operation.
 *
 * The rows of a group are timed in 5 interleaved rounds, so other processes on a shared machine
 * disturb them alike. ops/s and "vs reference" use the median sample (a sample the OS interrupted
 * is an outlier the median ignores and the mean does not); the fastest sample and the mean are
 * printed beside it, with the 95 % margin of the mean.
 *
 * Memory cases run each in a fresh Node process started with `--expose-gc` (see `MemoryProbe`).
 */
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { Bench } from "tinybench"
import type {
  Group,
  GroupResult,
  MemoryCase,
  MemoryProbe,
  MemoryResult,
  Row,
  RowResult,
  Suite,
  SuiteResult
} from "./Suite.js"

const benchDir = dirname(fileURLToPath(import.meta.url))
const self = fileURLToPath(import.meta.url)

/** Nanoseconds one timed sample should last. */
const SAMPLE_NS = 50_000
/** Warm-up of a row before its batch size is fixed. */
const CALIBRATE_NS = 150_000_000
const MAX_BATCH = 1 << 22
const MEMORY_RUNS = 3
/** Interleaved rounds per group. */
const ROUNDS = 5

const { values } = parseArgs({
  options: {
    filter: { type: "string" },
    json: { type: "string" },
    time: { type: "string" },
    probe: { type: "string" }
  },
  strict: true
})

// ---------------------------------------------------------------------------------------------
// Memory probes (child process mode)
// ---------------------------------------------------------------------------------------------

const runProbe = async (modulePath: string): Promise<void> => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error("memory probes need --expose-gc")
  const collect = () => {
    for (let i = 0; i < 4; i++) gc()
  }
  const mod = (await import(pathToFileURL(join(benchDir, modulePath)).href)) as { probe: MemoryProbe }
  let before: NodeJS.MemoryUsage | undefined
  const { copies, kept } = await mod.probe(() => {
    collect()
    before = process.memoryUsage()
  })
  collect()
  const after = process.memoryUsage()
  if (before === undefined) throw new Error(`${modulePath} never called mark()`)
  process.stdout.write(
    JSON.stringify({
      heapUsed: (after.heapUsed - before.heapUsed) / copies,
      arrayBuffers: (after.arrayBuffers - before.arrayBuffers) / copies,
      copies,
      kept: kept !== undefined
    })
  )
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const measureMemory = (c: MemoryCase): MemoryResult => {
  const heap: Array<number> = []
  const buffers: Array<number> = []
  let copies = 1
  for (let i = 0; i < MEMORY_RUNS; i++) {
    const child = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", self, "--probe", c.module], {
      encoding: "utf8"
    })
    if (child.status !== 0) throw new Error(`memory probe ${c.module} failed:\n${child.stderr}`)
    const m = JSON.parse(child.stdout) as { heapUsed: number; arrayBuffers: number; copies: number }
    heap.push(m.heapUsed)
    buffers.push(m.arrayBuffers)
    copies = m.copies
  }
  return {
    name: c.name,
    ...(c.note === undefined ? {} : { note: c.note }),
    heapUsed: median(heap),
    arrayBuffers: median(buffers),
    runs: MEMORY_RUNS,
    copies
  }
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

const now = () => process.hrtime.bigint()

/**
 * Warms a row up and picks how many operations one sample does, from the fastest round seen: a
 * round the OS interrupted only looks slower, never faster.
 */
const calibrate = (row: Row, poolSize: number): number => {
  const started = now()
  let from = 0
  let batch = 1
  let best = Number.POSITIVE_INFINITY
  let sink = 0
  for (;;) {
    const t0 = now()
    sink += row.run(from, batch)
    const elapsed = Number(now() - t0)
    from = (from + batch) % poolSize
    best = Math.min(best, elapsed / batch)
    if (elapsed < SAMPLE_NS && batch < MAX_BATCH) batch *= 2
    if (Number(now() - started) > CALIBRATE_NS) break
  }
  if (Number.isNaN(sink)) process.stdout.write("")
  return Math.min(MAX_BATCH, Math.max(1, Math.round(SAMPLE_NS / best)))
}

const load1 = (): number => os.loadavg()[0]!

/**
 * Times a group's rows in interleaved rounds (row order rotated each round), so that other
 * processes on a shared machine disturb every row of the group alike, then pools each row's
 * samples.
 */
const timeGroup = async (group: Group, timeMs: number): Promise<GroupResult> => {
  const loadBefore = load1()
  const batches = group.rows.map((row) => calibrate(row, group.poolSize))
  const cursors = group.rows.map(() => 0)
  const samples = group.rows.map((): Array<number> => [])
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({
      time: timeMs / ROUNDS,
      warmup: round === 0,
      warmupTime: 100,
      retainSamples: true,
      timestampProvider: "hrtimeNow"
    })
    for (let k = 0; k < group.rows.length; k++) {
      const r = (k + round) % group.rows.length
      const row = group.rows[r]!
      const batch = batches[r]!
      bench.add(row.id, () => {
        const folded = row.run(cursors[r]!, batch)
        cursors[r] = (cursors[r]! + batch) % group.poolSize
        return folded
      })
    }
    await bench.run()
    group.rows.forEach((row, r) => {
      const result = bench.getTask(row.id)?.result
      if (result === undefined || result.state !== "completed" || result.latency.samples === undefined) {
        throw new Error(`${group.id}/${row.id} did not complete: ${JSON.stringify(result)}`)
      }
      for (const ms of result.latency.samples) samples[r]!.push((ms * 1e6) / batches[r]!)
    })
  }
  const measured = group.rows.map((row, r) => {
    const ns = samples[r]!.sort((a, b) => a - b)
    const n = ns.length
    const mean = ns.reduce((a, b) => a + b, 0) / n
    const sd = Math.sqrt(ns.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
    const median = n % 2 === 1 ? ns[n >> 1]! : (ns[(n >> 1) - 1]! + ns[n >> 1]!) / 2
    return {
      id: row.id,
      name: row.name,
      opsPerSecond: 1e9 / median,
      medianNs: median,
      minNs: ns[0]!,
      meanNs: mean,
      rmePercent: (100 * 1.96 * sd) / Math.sqrt(n) / mean,
      samples: n,
      batch: batches[r]!
    }
  })
  const reference = measured[0]!
  const rows: Array<RowResult> = measured.map((r) => ({
    ...r,
    slowdown: r.medianNs / reference.medianNs,
    slowdownByMin: r.minNs / reference.minNs
  }))
  return {
    id: group.id,
    name: group.name,
    ...(group.note === undefined ? {} : { note: group.note }),
    load: [loadBefore, load1()],
    rows
  }
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

const fmt = (x: number): string => {
  if (x >= 100) return Math.round(x).toLocaleString("en-US")
  if (x >= 10) return x.toFixed(1)
  if (x >= 1) return x.toFixed(2)
  return x.toPrecision(2)
}

const relative = (slowdown: number, isReference: boolean): string =>
  isReference ? "1 (reference)" : slowdown >= 1 ? `${fmt(slowdown)}× slower` : `${fmt(1 / slowdown)}× faster`

const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  right: ReadonlySet<number>
) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`
  return [line(header), rule, ...rows.map(line)].join("\n")
}

const printGroup = (g: GroupResult): void => {
  console.log(`\n### ${g.name}\n`)
  if (g.note !== undefined) console.log(`${g.note}\n`)
  console.log(
    table(
      [
        "library / call",
        "ops/s",
        "median ns/op",
        "min ns/op",
        "mean ns/op",
        "vs reference",
        "± (95 %)",
        "samples × batch"
      ],
      g.rows.map((r, i) => [
        r.name,
        fmt(r.opsPerSecond),
        fmt(r.medianNs),
        fmt(r.minNs),
        fmt(r.meanNs),
        relative(r.slowdown, i === 0),
        `${r.rmePercent.toFixed(2)} %`,
        `${r.samples.toLocaleString("en-US")} × ${r.batch.toLocaleString("en-US")}`
      ]),
      new Set([1, 2, 3, 4, 6, 7])
    )
  )
  console.log(
    `\nLoad average (1 min) ${g.load[0].toFixed(2)} → ${g.load[1].toFixed(2)} on ${os.availableParallelism()} cores.`
  )
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`

const printMemory = (memory: ReadonlyArray<MemoryResult>): void => {
  if (memory.length === 0) return
  console.log(`\n### Memory retained (fresh process, after full GC; per copy, median of ${MEMORY_RUNS} processes)\n`)
  console.log(
    table(
      ["what", "JS heap", "ArrayBuffers", "total", "copies"],
      memory.map((m) => [
        m.name,
        kib(m.heapUsed),
        kib(m.arrayBuffers),
        kib(m.heapUsed + m.arrayBuffers),
        String(m.copies)
      ]),
      new Set([1, 2, 3, 4])
    )
  )
  for (const m of memory) if (m.note !== undefined) console.log(`- ${m.name}: ${m.note}`)
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const machine = () => {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8")
    } catch {
      return ""
    }
  })()
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown"
  const tinybench = JSON.parse(readFileSync(join(benchDir, "../node_modules/tinybench/package.json"), "utf8")) as {
    version: string
  }
  const git = (...args: ReadonlyArray<string>) =>
    spawnSync("git", args, { cwd: join(benchDir, ".."), encoding: "utf8" }).stdout?.trim() ?? ""
  const coreChanged = git("status", "--porcelain", "--", "packages/core/src") !== ""
  return {
    commit: git("rev-parse", "--short", "HEAD") + (coreChanged ? " (packages/core/src has uncommitted changes)" : ""),
    node: process.version,
    v8: process.versions.v8,
    cpu: model.trim(),
    cores: os.availableParallelism(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    tinybench: tinybench.version,
    date: new Date().toISOString()
  }
}

const main = async (): Promise<void> => {
  const timeMs = values.time === undefined ? 1000 : Number(values.time)
  if (!(timeMs > 0)) throw new Error(`--time: expected milliseconds, got ${values.time}`)
  const [suiteFilter, groupFilter] = (values.filter ?? "").split("/", 2) as [string, string | undefined]
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()
    .filter((f) => f.slice(0, -".bench.ts".length).includes(suiteFilter))
  if (files.length === 0) throw new Error(`no suite in bench/ matches --filter ${values.filter}`)

  const m = machine()
  console.log(`# liaison benchmarks`)
  console.log(`\n${m.cpu}, ${m.cores} cores, ${m.platform}; Node ${m.node} (V8 ${m.v8}); tinybench ${m.tinybench}`)
  console.log(`${timeMs} ms timed per row after warm-up; ~${SAMPLE_NS / 1000} µs per sample; ${m.date}`)
  console.log(`liaison at commit ${m.commit}`)

  const results: Array<SuiteResult> = []
  for (const file of files) {
    const { suite } = (await import(pathToFileURL(join(benchDir, file)).href)) as { suite: Suite }
    console.log(`\n## ${suite.name}\n\n${suite.description}`)
    for (const line of suite.inputs ?? []) console.log(`- ${line}`)
    if (suite.check !== undefined) {
      const started = Date.now()
      const problems = suite.check()
      if (problems.length > 0) {
        console.error(`\nCross-check failed (${problems.length} disagreements); not timing:`)
        for (const p of problems.slice(0, 20)) console.error(`  ${p}`)
        process.exit(1)
      }
      console.log(`\nCross-check passed (${Date.now() - started} ms): the libraries agree on every input.`)
    }
    const groups: Array<GroupResult> = []
    for (const group of suite.groups) {
      if (groupFilter !== undefined && !group.id.includes(groupFilter)) continue
      const result = await timeGroup(group, timeMs)
      printGroup(result)
      groups.push(result)
    }
    const memory = groupFilter === undefined ? (suite.memory ?? []).map(measureMemory) : []
    printMemory(memory)
    const result: SuiteResult = { name: suite.name, groups, memory }
    const summary = suite.summarize?.(result) ?? []
    if (summary.length > 0) console.log(`\n### Reading\n\n${summary.map((l) => `- ${l}`).join("\n")}`)
    results.push(result)
  }
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ machine: m, timeMs, suites: results }, null, 2)}\n`)
    console.log(`\nwrote ${values.json}`)
  }
}

if (values.probe !== undefined) await runProbe(values.probe)
else await main()
