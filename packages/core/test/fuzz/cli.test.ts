/**
 * Fuzz: the `liaison` command line, in-process (the CLI tests' harness), with random argument arrays
 * built from its real commands and options (read from its own completion script, so a new command or
 * option is fuzzed without editing this file) and values that are valid, garbage, or files holding
 * valid, broken, hostile or huge JSON. Every run must end with 0 or one of `CliError.exitCodes` and, on
 * failure, a message: never `internal` (70, a bug), never an exception, never a hang. Commands that
 * store or write do so in a scratch directory.
 *
 * `--wizard` is left out: it prompts on the terminal and waits for an answer by design.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Command from "@effect/cli/Command"
import { Cli, CliError } from "@liaison/cli"
import * as Effect from "effect/Effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { liaison } from "../../../adapters/cli/test/harness.js"
import {
  BudgetPolicy,
  BusinessCalendar,
  Deadline,
  OfficialCalendars,
  Procedure,
  ProcedureCatalog
} from "../../src/index.js"
import { applicationInput } from "../engagementFixtures.js"
import { checkAsync, FuzzFailure, type KnownFailure, params, reportAfterAll, running, typedExit } from "./fuzz.js"
import { nastyTexts } from "./inputs.js"

/** Bugs found in the CLI and not fixed yet (printed with their count and first input when met). */
const known: ReadonlyArray<KnownFailure> = []

interface Option {
  readonly names: ReadonlyArray<string>
  readonly takesValue: boolean
  readonly choices: ReadonlyArray<string>
}

interface CommandShape {
  readonly path: ReadonlyArray<string>
  readonly options: ReadonlyArray<Option>
  readonly args: number
}

/** The commands, options and positional arguments, read from the fish completion script. */
const shapes = async (): Promise<ReadonlyArray<CommandShape>> => {
  const lines = await Effect.runPromise(Command.getFishCompletions(Cli.command, "liaison"))
  const byPath = new Map<string, { path: Array<string>; options: Array<Option>; args: number }>()
  for (const line of lines) {
    const condition = /-n "([^"]*)"/.exec(line)?.[1] ?? ""
    const path =
      condition === "__fish_use_subcommand"
        ? []
        : condition
            .split(";")
            .map((c) => c.trim().replace(/^and /, ""))
            .filter((c) => c.startsWith("__fish_seen_subcommand_from "))
            .map((c) => c.slice("__fish_seen_subcommand_from ".length))
    const key = path.join(" ")
    const shape = byPath.get(key) ?? { path, options: [], args: 0 }
    byPath.set(key, shape)
    const rest = line.replace(/-n "[^"]*"/, "").replace(/-d '(?:[^']|'\\'')*'/, "")
    const longs = [...rest.matchAll(/ -l (\S+)/g)].map((m) => `--${m[1]}`)
    const shorts = [...rest.matchAll(/ -s (\S+)/g)].map((m) => `-${m[1]}`)
    const choices = [...(/-a "\{([^}]*)\}"/.exec(rest)?.[1] ?? "").matchAll(/([^,']+)''/g)].map((m) => m[1]!)
    if (longs.length > 0 || shorts.length > 0) {
      shape.options.push({ names: [...longs, ...shorts], takesValue: / -r /.test(rest), choices })
    } else if (/ -r /.test(rest)) shape.args++
  }
  return [...byPath.values()]
    .map((s) => ({ ...s, options: s.options.filter((o) => !o.names.includes("--wizard")) }))
    .filter((s) => s.path.length > 0 || s.options.length > 0)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "liaison-fuzz-cli-"))
const file = (name: string, content: string | Uint8Array): string => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}
const json = (u: unknown) => JSON.stringify(u)

/** Files the options and arguments can name: valid documents, broken ones, hostile ones. */
const files = (): ReadonlyArray<string> => {
  const cn = OfficialCalendars.cnMainland
  return [
    file("calendar.json", json(BusinessCalendar.toJson(cn))),
    file(
      "notice.json",
      json({ year: 2027, holidays: [{ date: "2027-01-01", name: "New Year" }], makeUpWorkingDays: [] })
    ),
    file("rule.json", json(Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"), { id: "apply" }))),
    file(
      "rules.json",
      json([
        Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays")),
        Deadline.point(Deadline.noticeReceived, Deadline.after(2, "workingHours"))
      ])
    ),
    file("application.json", json(applicationInput)),
    file("expenses.json", json([{ category: "meals", amount: { amount: "120.00", currency: "CNY" } }])),
    file("ruleset.json", json(BudgetPolicy.seedRuleSet)),
    file(
      "procedure.json",
      json([...ProcedureCatalog.builtIn.values()].slice(0, 1).map((p) => Procedure.Procedure.make(p))[0])
    ),
    file("broken.json", "{"),
    file("empty.json", ""),
    file("null.json", "null"),
    file("deep.json", "[".repeat(20_000) + "]".repeat(20_000)),
    file("tag.json", '{"_tag": {"toString": 1}}'),
    file("proto.json", '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
    file("binary.json", new Uint8Array([0, 255, 254, 0, 10, 13])),
    file("bom.json", `\uFEFF${json(applicationInput)}`),
    file("huge.json", json({ id: "x".repeat(3_000_000) })),
    file("wrong-shape.json", json({ year: "2027", holidays: "none" })),
    dir,
    path.join(dir, "missing.json"),
    path.join(dir, "nul\u0000.json")
  ]
}

/** Values for options and arguments: valid ones, files, and garbage. */
const values = (paths: ReadonlyArray<string>): fc.Arbitrary<string> =>
  fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "2026-02-24",
        "2026-02-14",
        "2027-01-01",
        "9999-12-31",
        "0001-01-01",
        "2026-02-24T09:00:00+08:00",
        "5",
        "-5",
        "0",
        "100000",
        "-2147483649",
        "1e400",
        "cn-mainland",
        "weekends-only",
        "seed",
        "official",
        "client-reception-standard",
        "visit-reception",
        "incident-response",
        "returnArrival=2026-03-01",
        "aftermathDue=2026-03-10T18:00:00+08:00",
        "=",
        "a=b=c",
        "en",
        "zh"
      ),
      weight: 6
    },
    { arbitrary: fc.constantFrom(...paths), weight: 4 },
    { arbitrary: fc.constantFrom(...nastyTexts), weight: 2 },
    { arbitrary: fc.string(), weight: 1 },
    { arbitrary: fc.constantFrom("--", "-", "--json", "--help", "-h", "--version", "--nope", "--json=true"), weight: 1 }
  )

const argv = (all: ReadonlyArray<CommandShape>, paths: ReadonlyArray<string>): fc.Arbitrary<ReadonlyArray<string>> => {
  const value = values(paths)
  const everyOption = all.flatMap((s) => s.options)
  return fc.constantFrom(...all).chain((shape) => {
    const option = fc.oneof(
      { arbitrary: fc.constantFrom(...shape.options), weight: 8 },
      { arbitrary: fc.constantFrom(...everyOption), weight: 1 }
    )
    const optionArgs = fc.tuple(option, fc.nat(), value, fc.boolean()).map(([o, i, v, omit]): ReadonlyArray<string> => {
      const name = o.names[i % o.names.length]!
      if (!o.takesValue) return [name]
      const chosen = o.choices.length > 0 && i % 3 !== 0 ? o.choices[i % o.choices.length]! : v
      return omit && i % 7 === 0 ? [name] : i % 5 === 0 ? [`${name}=${chosen}`] : [name, chosen]
    })
    return fc
      .tuple(
        fc.array(optionArgs, { maxLength: 6 }),
        fc.array(value, { minLength: Math.max(0, shape.args - 1), maxLength: shape.args + 1 }),
        fc.nat(),
        fc.boolean()
      )
      .map(([options, args, cut, optionsFirst]) => {
        const tail = optionsFirst ? [...options.flat(), ...args] : [...args, ...options.flat()]
        const full = [...shape.path, ...tail]
        // Sometimes a truncated command line.
        return cut % 10 === 0 ? full.slice(0, cut % (full.length + 1)) : full
      })
  })
}

/** The exit codes the CLI documents, but its internal error (a bug). */
const exitCodes: ReadonlyArray<number> = [
  0,
  ...Object.values(CliError.exitCodes as Record<string, number>).filter((c) => c !== CliError.exitCodes.internal)
]

reportAfterAll("cli")

describe("fuzz: the liaison command line", () => {
  let all: ReadonlyArray<CommandShape> = []
  let paths: ReadonlyArray<string> = []
  const cwd = process.cwd()
  const db = process.env.LIAISON_DB
  beforeAll(async () => {
    all = await shapes()
    paths = files()
    // Commands that store (--db, default $LIAISON_DB) or write (--out) do so in the scratch directory.
    process.chdir(dir)
    process.env.LIAISON_DB = path.join(dir, "fuzz.sqlite")
  })
  afterAll(() => {
    process.chdir(cwd)
    if (db === undefined) delete process.env.LIAISON_DB
    else process.env.LIAISON_DB = db
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("reads the commands and their options from the CLI itself", () => {
    const names = all.map((s) => s.path.join(" "))
    expect(names).toEqual(
      expect.arrayContaining([
        "calendar is-working-day",
        "calendar add-working-days",
        "deadline",
        "plan",
        "budget check"
      ])
    )
    expect(all.find((s) => s.path.join(" ") === "deadline")?.options.flatMap((o) => o.names)).toContain("--rule")
  })

  it("every command line ends with a documented exit code and a message, never an internal error", async () => {
    const target = "cli argv"
    await running(target, () =>
      fc.assert(
        fc.asyncProperty(argv(all, paths), (args) =>
          checkAsync(known, target, args, async () => {
            const run = typedExit(await Effect.runPromiseExit(liaison(...args)))
            if (run === undefined) return
            if (run.exitCode === CliError.exitCodes.internal || !exitCodes.includes(run.exitCode)) {
              throw new FuzzFailure("defect", `exit code ${run.exitCode}: ${run.stderr.slice(0, 2_000)}`)
            }
            if (run.exitCode !== 0 && run.stderr.trim() === "" && run.stdout.trim() === "") {
              throw new FuzzFailure("wrong", `exit code ${run.exitCode} without any message`)
            }
          })
        ),
        params(target, 5)
      )
    )
  })
})
