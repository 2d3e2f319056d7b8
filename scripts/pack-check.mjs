// Checks the published packages as a user gets them: packs each one with npm, installs the tarballs
// into a fresh ESM app and a fresh CommonJS app outside the repository, runs a small program in
// each that uses every package for real (scripts/pack-check/checks.mjs), runs the `liaison` bin,
// type-checks a TypeScript consumer under node16/nodenext (from ESM and from CommonJS), bundler and
// node10 resolution, and runs @arethetypeswrong/cli on every tarball. Run `npm run build` first.
//
// Usage: npm run pack:check [-- --keep]   (--keep leaves the temporary apps for inspection)
//
// Speed: the apps install with the npm cache the repository's own install filled
// (--prefer-offline), and with --ignore-scripts; better-sqlite3's native addon, which would
// otherwise compile from source in each app (about 90 s on 2 cores: no prebuilt binary is
// reachable here), is copied from the repository's build of the same version. Set
// LIAISON_PACK_CHECK_NATIVE=build to compile it in each app instead.
import { spawn } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const fixtures = join(root, "scripts", "pack-check")
const keep = process.argv.includes("--keep")
const require = createRequire(join(root, "package.json"))
const tsc = require.resolve("typescript/bin/tsc")
const attw = join(root, "node_modules", ".bin", "attw")

const packages = [
  { name: "@liaison/core", dir: "packages/core" },
  { name: "@liaison/sql", dir: "packages/adapters/sql" },
  { name: "@liaison/notify", dir: "packages/adapters/notify" },
  { name: "@liaison/cli", dir: "packages/adapters/cli" },
  { name: "@liaison/calendars", dir: "packages/adapters/calendars" }
]

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"))
const started = Date.now()
const timings = []
const problems = []

/** Runs a command; resolves with its exit code and output (never rejects). */
const exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } })
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
    })
    child.stderr.on("data", (chunk) => {
      out += chunk
    })
    child.on("error", (error) => resolve({ code: 127, out: `${out}${error.message}` }))
    child.on("close", (code) => resolve({ code: code ?? 1, out }))
  })

/** Runs the tasks two at a time (the machines have 2 cores). */
const inParallel = async (tasks, width = 2) => {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return results
}

const step = async (title, body) => {
  const t0 = Date.now()
  process.stdout.write(`-- ${title}\n`)
  await body()
  const seconds = (Date.now() - t0) / 1000
  timings.push([title, seconds])
  process.stdout.write(`   (${seconds.toFixed(1)} s)\n`)
}

const check = (ok, message, detail) => {
  if (ok) return true
  problems.push(message)
  process.stdout.write(`   FAIL ${message}\n${detail ? `${detail.trimEnd().replace(/^/gm, "     ")}\n` : ""}`)
  return false
}

const npmQuiet = ["--no-audit", "--no-fund", "--loglevel=error"]

for (const pkg of packages) {
  if (!existsSync(join(root, pkg.dir, "dist", "index.js"))) {
    console.error(`pack-check: ${pkg.dir}/dist is missing: run npm run build first`)
    process.exit(1)
  }
}

const work = mkdtempSync(join(tmpdir(), "liaison-pack-check-"))
const tarballs = join(work, "tarballs")
mkdirSync(tarballs)
const packed = new Map()

await step("npm pack every published package", async () => {
  const args = ["pack", "--json", "--pack-destination", tarballs, ...packages.flatMap((p) => ["--workspace", p.name])]
  const { code, out } = await exec("npm", [...args, "--loglevel=error"])
  if (!check(code === 0, "npm pack failed", out)) return
  for (const entry of JSON.parse(out.slice(out.indexOf("[")))) packed.set(entry.name, entry)
  for (const pkg of packages) {
    const entry = packed.get(pkg.name)
    if (!check(entry !== undefined, `${pkg.name} was not packed`)) continue
    process.stdout.write(
      `   ${entry.filename}  ${(entry.size / 1024).toFixed(0)} kB packed, ${entry.entryCount} files\n`
    )
  }
})

await step("the package.json fields and the files they name", async () => {
  for (const pkg of packages) {
    const entry = packed.get(pkg.name)
    if (!entry) continue
    const manifest = readJson(join(root, pkg.dir, "package.json"))
    const files = new Set(entry.files.map((f) => f.path))
    const has = (path) => files.has(path.replace(/^\.\//, ""))
    const where = pkg.name
    check(has("README.md"), `${where}: no README.md in the tarball`)
    check(typeof manifest.license === "string", `${where}: no license`)
    check(manifest.engines?.node !== undefined, `${where}: no engines.node`)
    check(
      [...files].every((f) => !/^test\/|\.test\.ts$/.test(f)),
      `${where}: test files in the tarball`,
      [...files].filter((f) => /^test\//.test(f)).join("\n")
    )
    // Only the CLI's executable runs code when loaded; every library module is free of side effects.
    const sideEffectsOk =
      pkg.name === "@liaison/cli"
        ? Array.isArray(manifest.sideEffects) &&
          manifest.sideEffects.includes(manifest.bin?.liaison) &&
          manifest.sideEffects.every((f) => /\/bin\.(js|ts)$/.test(f))
        : manifest.sideEffects === false
    check(
      sideEffectsOk,
      `${where}: sideEffects is ${JSON.stringify(manifest.sideEffects)}; expected false (the CLI: its bin only)`
    )
    for (const field of ["main", "module", "types"]) {
      check(has(manifest[field] ?? "(none)"), `${where}: ${field} names ${manifest[field]}, not in the tarball`)
    }
    for (const bin of Object.values(manifest.bin ?? {})) check(has(bin), `${where}: bin ${bin} is not in the tarball`)
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target === "string") {
        check(has(target), `${where}: exports["${subpath}"] names ${target}, not in the tarball`)
        continue
      }
      for (const condition of ["import", "require"]) {
        const branch = target[condition]
        if (!check(branch !== undefined, `${where}: exports["${subpath}"] has no ${condition} condition`)) continue
        check(
          Object.keys(branch)[0] === "types",
          `${where}: exports["${subpath}"].${condition} must list types first (TypeScript takes the first match)`
        )
        for (const file of Object.values(branch)) {
          check(has(file), `${where}: exports["${subpath}"].${condition} names ${file}, not in the tarball`)
        }
      }
      // Resolvers without exports support (TypeScript's node10) find subpath types via typesVersions.
      if (subpath !== "." && subpath !== "./package.json") {
        const name = subpath.slice(2)
        const mapped = manifest.typesVersions?.["*"]?.[name]?.[0]
        check(mapped !== undefined && has(mapped), `${where}: typesVersions does not map ${name} to its types`)
      }
    }
  }
})

const dependencies = Object.fromEntries(
  packages.map((p) => [p.name, `file:${join(tarballs, packed.get(p.name)?.filename ?? "missing.tgz")}`])
)
// The app's own dependencies, as the packages' READMEs tell a user to install them.
const rootManifest = readJson(join(root, "package.json"))
const coreManifest = readJson(join(root, "packages/core/package.json"))
dependencies.effect = coreManifest.dependencies.effect
dependencies["fast-check"] = rootManifest.devDependencies["fast-check"]
// A TypeScript app on Node has Node's types (effect's declarations name URL, AbortSignal, …).
dependencies["@types/node"] = rootManifest.devDependencies["@types/node"]

const apps = {
  esm: { dir: join(work, "esm-app"), type: "module", main: "main.mjs" },
  cjs: { dir: join(work, "cjs-app"), type: "commonjs", main: "main.cjs" }
}

await step("install the tarballs into a fresh ESM app and a fresh CommonJS app", async () => {
  const native = process.env.LIAISON_PACK_CHECK_NATIVE === "build"
  const results = await inParallel(
    Object.entries(apps).map(([format, app]) => async () => {
      mkdirSync(app.dir)
      writeFileSync(
        join(app.dir, "package.json"),
        `${JSON.stringify({ name: `liaison-${format}-app`, private: true, type: app.type, dependencies }, null, 2)}\n`
      )
      const args = ["install", "--prefer-offline", ...npmQuiet, ...(native ? [] : ["--ignore-scripts"])]
      return { format, ...(await exec("npm", args, { cwd: app.dir })) }
    })
  )
  for (const { format, code, out } of results) check(code === 0, `npm install in the ${format} app failed`, out)
  for (const [format, app] of Object.entries(apps)) {
    // Every @liaison package resolves to the tarball installed beside it, not to the registry.
    const lock = readJson(join(app.dir, "package-lock.json"))
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path.includes("node_modules/@liaison/")) continue
      check(
        path.split("node_modules/").length === 2 && String(entry.resolved).startsWith("file:"),
        `${format} app: ${path} resolved to ${entry.resolved} instead of the local tarball`
      )
    }
    if (native) continue
    const installed = join(app.dir, "node_modules/better-sqlite3")
    const local = join(root, "node_modules/better-sqlite3")
    const addon = "build/Release/better_sqlite3.node"
    if (
      existsSync(join(local, addon)) &&
      readJson(join(installed, "package.json")).version === readJson(join(local, "package.json")).version
    ) {
      mkdirSync(join(installed, "build/Release"), { recursive: true })
      copyFileSync(join(local, addon), join(installed, addon))
    } else {
      const { code, out } = await exec("npm", ["rebuild", "better-sqlite3", ...npmQuiet], { cwd: app.dir })
      check(code === 0, `${format} app: building better-sqlite3 failed`, out)
    }
  }
})

await step("run the program in each app (import and require)", async () => {
  const results = await inParallel(
    Object.entries(apps).map(([format, app]) => async () => {
      copyFileSync(join(fixtures, "checks.mjs"), join(app.dir, "checks.mjs"))
      copyFileSync(join(fixtures, app.main), join(app.dir, app.main))
      return { format, ...(await exec(process.execPath, [app.main], { cwd: app.dir })) }
    })
  )
  for (const { format, code, out } of results) {
    if (check(code === 0, `the ${format} app's program failed`, out)) {
      process.stdout.write(`${out.trimEnd().replace(/^/gm, "   ")}\n`)
    }
  }
})

await step("run the liaison bin", async () => {
  const bin = join(apps.esm.dir, "node_modules/.bin/liaison")
  const version = await exec(bin, ["--version"], { cwd: apps.esm.dir })
  check(version.code === 0 && version.out.includes("0.0.0"), "liaison --version", version.out)
  const day = await exec(bin, ["calendar", "is-working-day", "2026-02-14", "--json"], { cwd: apps.cjs.dir })
  let answer
  try {
    answer = JSON.parse(day.out)
  } catch {
    answer = undefined
  }
  if (
    check(
      day.code === 0 && answer?.working === true && answer?.kind === "makeUpWorkingDay",
      "liaison calendar is-working-day 2026-02-14 --json",
      day.out
    )
  ) {
    process.stdout.write(`   liaison ${version.out.trim()}; 2026-02-14: ${answer.reason}\n`)
  }
})

await step("type-check a TypeScript consumer (nodenext from ESM and CJS, bundler, node10)", async () => {
  // skipLibCheck as most apps set it: the packages' declarations are tsc's output of sources CI
  // type-checks, and checking the 220,000 lines of declarations of effect and its friends took 150 s.
  // What the consumer uses is still checked against the declarations.
  const strict = { strict: true, noEmit: true, skipLibCheck: true, target: "ES2022", lib: ["ES2022"], types: ["node"] }
  const configs = [
    ["esm", "nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["esm", "bundler", { module: "preserve", moduleResolution: "bundler" }],
    ["cjs", "nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["cjs", "node10", { module: "commonjs", moduleResolution: "node10" }]
  ]
  for (const app of Object.values(apps)) copyFileSync(join(fixtures, "consumer.ts"), join(app.dir, "consumer.ts"))
  const results = await inParallel(
    configs.map(([format, name, options]) => async () => {
      const config = join(apps[format].dir, `tsconfig.${name}.json`)
      const compilerOptions = { ...strict, ...options }
      writeFileSync(config, `${JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2)}\n`)
      return { label: `${format} app, ${name}`, ...(await exec(process.execPath, [tsc, "-p", config])) }
    })
  )
  for (const { label, code, out } of results) {
    if (check(code === 0, `tsc (${label}) found errors`, out)) process.stdout.write(`   ${label}: no errors\n`)
  }
})

await step("@arethetypeswrong/cli on every tarball (profile strict: node10, node16 CJS and ESM, bundler)", async () => {
  const results = await inParallel(
    packages.map((pkg) => async () => {
      const tarball = join(tarballs, packed.get(pkg.name)?.filename ?? "missing.tgz")
      const args = [tarball, "--profile", "strict", "--format", "table-flipped", "--no-emoji", "--no-color"]
      return { name: pkg.name, ...(await exec(attw, args)) }
    })
  )
  for (const { name, code, out } of results) {
    if (check(code === 0, `attw found problems in ${name}`, out)) process.stdout.write(`   ${name}: no problems\n`)
  }
})

const total = (Date.now() - started) / 1000
if (keep) console.log(`\nThe apps are kept in ${work}`)
// In the background: deleting two apps' node_modules took over a minute on a loaded machine.
else spawn("rm", ["-rf", work], { detached: true, stdio: "ignore" }).unref()
console.log("")
for (const [title, seconds] of timings) console.log(`${seconds.toFixed(1).padStart(6)} s  ${title}`)
if (problems.length > 0) {
  console.log(
    `pack-check: ${problems.length} problem(s) in ${total.toFixed(1)} s:\n${problems.map((p) => `  - ${p}`).join("\n")}`
  )
  process.exit(1)
}
console.log(`pack-check: every package installs and runs as ESM and CommonJS, types resolve (${total.toFixed(1)} s)`)
