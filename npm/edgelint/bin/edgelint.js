#!/usr/bin/env node
// Runs the edgelint binary of this machine's platform package (see
// lib/binary.js for how it is found).
"use strict";

const { spawnSync } = require("node:child_process");
const { binaryPath } = require("../lib/binary.js");

function fail(message) {
  process.stderr.write(`edgelint: ${message}\n`);
  process.exit(2);
}

let binary;
try {
  binary = binaryPath();
} catch (error) {
  fail(error.message);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  fail(`cannot run ${result.error.path || "the binary"}: ${result.error.message}`);
}
if (result.signal) {
  // die of the same signal, so the caller sees what the binary saw
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
