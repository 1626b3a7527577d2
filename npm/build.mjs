// Packs the npm packages for this machine's platform with `npm pack`:
// `edgelint` (the launcher in edgelint/) and `@edgelint/cli-<os>-<cpu>`
// (the release binary). Usage: node npm/build.mjs BINARY OUT_DIR
//
// Versions come from Cargo.toml; the launcher's package.json must agree
// with it, so a release bumps one number and this refuses a mismatch.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [binary, outArg] = process.argv.slice(2);
if (!binary || !outArg) {
  console.error("usage: node npm/build.mjs BINARY OUT_DIR");
  process.exit(2);
}
const out = resolve(outArg);

function fail(message) {
  console.error(`npm/build.mjs: ${message}`);
  process.exit(1);
}

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
if (!version) fail("no [package] version in Cargo.toml");

const launcher = JSON.parse(readFileSync(join(root, "npm/edgelint/package.json"), "utf8"));
const stale = [["edgelint", launcher.version], ...Object.entries(launcher.optionalDependencies)]
  .filter(([, v]) => v !== version)
  .map(([name, v]) => `${name} ${v}`);
if (stale.length) fail(`npm/edgelint/package.json is not at version ${version}: ${stale.join(", ")}`);

const os = process.platform;
const cpu = process.arch;
const name = `@edgelint/cli-${os}-${cpu}`;
if (!(name in launcher.optionalDependencies)) {
  fail(`${name} is not one of the launcher's optionalDependencies`);
}
const exe = os === "win32" ? "edgelint.exe" : "edgelint";

rmSync(join(out, "stage"), { recursive: true, force: true });
const platformDir = join(out, "stage", `cli-${os}-${cpu}`);
mkdirSync(join(platformDir, "bin"), { recursive: true });
copyFileSync(binary, join(platformDir, "bin", exe));
chmodSync(join(platformDir, "bin", exe), 0o755);
const platformPackage = {
  name,
  version,
  description: `The ${os}-${cpu} binary of edgelint, installed by the edgelint package`,
  license: launcher.license,
  homepage: launcher.homepage,
  repository: launcher.repository,
  os: [os],
  cpu: [cpu],
  // the binary is linked against glibc; npm skips it on musl
  ...(os === "linux" ? { libc: ["glibc"] } : {}),
  files: [`bin/${exe}`],
  // Yarn PnP: executables must exist on disk
  preferUnplugged: true,
};
writeFileSync(join(platformDir, "package.json"), `${JSON.stringify(platformPackage, null, 2)}\n`);
copyFileSync(join(root, "LICENSE"), join(platformDir, "LICENSE"));

const launcherDir = join(out, "stage", "edgelint");
cpSync(join(root, "npm/edgelint"), launcherDir, { recursive: true });
copyFileSync(join(root, "LICENSE"), join(launcherDir, "LICENSE"));
copyFileSync(join(root, "README.md"), join(launcherDir, "README.md"));

for (const dir of [platformDir, launcherDir]) {
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
    cwd: dir,
    encoding: "utf8",
  });
  console.log(join(out, packed.trim()));
}
