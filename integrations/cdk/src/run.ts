// Runs `edgelint check --format json` and reads its report (the JSON
// format README.md documents, version 1).
import { spawnSync } from "node:child_process";

/** A finding of edgelint's JSON report, the fields the plugin reads. */
export interface JsonFinding {
  code: string;
  name: string;
  url: string;
  severity: "error" | "warning" | "info";
  message: string;
  file: string;
  line: number;
  column: number;
  resource: string | null;
  help: string | null;
  /** The finding's construct (`aws:cdk:path`), when edgelint knows it. */
  construct_path?: string | null;
}

/** A file or usage error of edgelint's JSON report. */
export interface JsonError {
  code: string;
  message: string;
  file: string;
  line: number | null;
  column: number | null;
}

export interface JsonReport {
  version: number;
  findings: JsonFinding[];
  errors: JsonError[];
}

export interface Outcome {
  report: JsonReport;
  /** Whether edgelint exited 1: findings at or above its fail-on level. */
  failed: boolean;
}

/** edgelint could not lint what it was given, or could not be run. */
export class EdgelintFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EdgelintFailed";
  }
}

// a report of every file of a large assembly fits; past it, a clear error
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Runs `binary check --format json ARGS…` in `cwd`. */
export function runCheck(binary: string, args: string[], cwd: string): Outcome {
  const result = spawnSync(binary, ["check", "--format", "json", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: MAX_REPORT_BYTES,
    // no prompt or colour: the report goes through CDK's
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) {
    throw new EdgelintFailed(`cannot run ${binary}: ${result.error.message}`);
  }
  const stderr = result.stderr.trim();
  if (result.signal) {
    throw new EdgelintFailed(`${binary} was ended by ${result.signal}${stderr ? `: ${stderr}` : ""}`);
  }
  const report = parse(result.stdout);
  if ((result.status === 0 || result.status === 1) && report) {
    return { report, failed: result.status === 1 };
  }
  // exit 2: a file edgelint could not read, parse or understand, a bad
  // option or configuration, nothing to lint; its report (when it got to
  // write one) says which, stderr says the rest
  const said = report ? report.errors.map(describeError) : [];
  if (stderr && !said.some((line) => stderr.includes(line))) {
    said.push(stderr);
  }
  const status = result.status === 2 ? "exit 2" : `unexpected exit ${result.status}`;
  throw new EdgelintFailed(`edgelint could not lint the templates (${status}):\n${said.join("\n") || "(no message)"}`);
}

function parse(stdout: string): JsonReport | undefined {
  try {
    const value = JSON.parse(stdout) as Partial<JsonReport>;
    if (value && value.version === 1 && Array.isArray(value.findings) && Array.isArray(value.errors)) {
      return value as JsonReport;
    }
  } catch {
    // not a report: said below with stderr
  }
  return undefined;
}

function describeError(error: JsonError): string {
  const position = error.line === null ? "" : `:${error.line}${error.column === null ? "" : `:${error.column}`}`;
  return `${error.file}${position}: ${error.code}: ${error.message}`;
}
