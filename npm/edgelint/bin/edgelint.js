#!/usr/bin/env node
// Runs the edgelint binary of this machine's platform package. The
// platform packages are optional dependencies, each declaring its `os`,
// `cpu` (and `libc`), so npm installs only the one that fits, as it does
// for esbuild and biome.
"use strict";

const { spawnSync } = require("node:child_process");
const { optionalDependencies } = require("../package.json");

function fail(message) {
  process.stderr.write(`edgelint: ${message}\n`);
  process.exit(2);
}

// glibc builds do not run on musl; Node's report names the glibc it runs on.
function isMusl() {
  const report = process.report && process.report.getReport();
  return !(report && report.header && report.header.glibcVersionRuntime);
}

function binaryPath() {
  // a binary of your own (a local build, a distribution's package)
  if (process.env.EDGELINT_BINARY) {
    return process.env.EDGELINT_BINARY;
  }
  const platform = `${process.platform}-${process.arch}`;
  const name = `@edgelint/cli-${platform}`;
  const musl = process.platform === "linux" && isMusl();
  if (!(name in optionalDependencies) || musl) {
    const libc = musl ? " (musl)" : "";
    fail(
      `no prebuilt binary for ${platform}${libc}; build one with ` +
        "`cargo install --git https://github.com/edgelint/edgelint` and set EDGELINT_BINARY to it",
    );
  }
  const exe = process.platform === "win32" ? "edgelint.exe" : "edgelint";
  try {
    return require.resolve(`${name}/bin/${exe}`);
  } catch {
    return fail(
      `${name}, the package holding the binary for ${platform}, is not installed; ` +
        "it is an optional dependency: install without --omit=optional / --no-optional",
    );
  }
}

const result = spawnSync(binaryPath(), process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  fail(`cannot run ${result.error.path || "the binary"}: ${result.error.message}`);
}
if (result.signal) {
  // die of the same signal, so the caller sees what the binary saw
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
