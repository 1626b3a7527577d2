// Where the edgelint binary of this machine is: EDGELINT_BINARY, or the
// platform package npm installed beside this one. The platform packages
// are optional dependencies, each declaring its `os`, `cpu` (and `libc`),
// so npm installs only the one that fits, as it does for esbuild and biome.
// The launcher (bin/edgelint.js) and integrations such as @edgelint/cdk
// find the binary through this one function.
"use strict";

const { optionalDependencies } = require("../package.json");

// glibc builds do not run on musl; Node's report names the glibc it runs on.
function isMusl() {
  const report = process.report && process.report.getReport();
  return !(report && report.header && report.header.glibcVersionRuntime);
}

/**
 * The path of the edgelint binary to run. Throws an Error saying what is
 * missing and how to get it when there is none for this machine.
 * @returns {string}
 */
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
    throw new Error(
      `no prebuilt binary for ${platform}${libc}; build one with ` +
        "`cargo install --git https://github.com/edgelint/edgelint` and set EDGELINT_BINARY to it",
    );
  }
  const exe = process.platform === "win32" ? "edgelint.exe" : "edgelint";
  try {
    return require.resolve(`${name}/bin/${exe}`);
  } catch {
    throw new Error(
      `${name}, the package holding the binary for ${platform}, is not installed; ` +
        "it is an optional dependency: install without --omit=optional / --no-optional",
    );
  }
}

module.exports = { binaryPath };
