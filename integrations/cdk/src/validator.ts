// The policy validation plugin: `cdk synth` runs edgelint on the cloud
// assembly it just wrote and reports edgelint's findings.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, isAbsolute, sep } from "node:path";
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from "aws-cdk-lib";
import { BinaryNotFound, findBinary } from "./binary";
import { EdgelintFailed, runCheck } from "./run";
import { toViolations, type Violation } from "./violations";

/** A severity of edgelint's findings, or `never`. */
export type FailOn = "error" | "warning" | "info" | "never";

const FAIL_ON: readonly FailOn[] = ["error", "warning", "info", "never"];

export interface EdgelintValidatorOptions {
  /**
   * The configuration file (`--config`).
   * @default edgelint.toml in the directory `cdk synth` runs in, or the nearest one above it
   */
  readonly config?: string;
  /**
   * The lowest severity of finding that fails synth: `error`, `warning`,
   * `info`, or `never`. Findings below it are still reported.
   * @default the configuration file's `fail-on`, else `error`
   */
  readonly failOn?: FailOn;
  /**
   * Only run these rules: codes, names, code prefixes (`CF3`) or
   * categories (`--select`).
   * @default the configuration file's `select`, else every rule
   */
  readonly select?: string[];
  /**
   * Do not run these rules (`--ignore`), on top of the configuration's.
   * @default none
   */
  readonly ignore?: string[];
  /**
   * The edgelint binary to run.
   * @default EDGELINT_BINARY, else the binary of the installed `edgelint` npm package
   */
  readonly binary?: string;
}

/** The report of an edgelint run, in the shape CDK reads. */
export interface EdgelintReport extends PolicyValidationPluginReportBeta1 {
  readonly violations: Violation[];
}

/**
 * Runs edgelint on the templates `cdk synth` writes:
 *
 * ```ts
 * const app = new App({ policyValidationBeta1: [new EdgelintValidator()] });
 * // or, in aws-cdk-lib versions that have `Validations`
 * Validations.of(app).addPlugins(new EdgelintValidator());
 * ```
 */
export class EdgelintValidator implements IPolicyValidationPluginBeta1 {
  public readonly name = "edgelint";
  public readonly version: string;
  private readonly options: EdgelintValidatorOptions;

  constructor(options: EdgelintValidatorOptions = {}) {
    if (options.failOn !== undefined && !FAIL_ON.includes(options.failOn)) {
      throw new Error(`EdgelintValidator: failOn must be one of ${FAIL_ON.join(", ")}, not ${String(options.failOn)}`);
    }
    this.options = options;
    this.version = (require("../package.json") as { version: string }).version;
  }

  public validate(context: IPolicyValidationContextBeta1): EdgelintReport {
    const cwd = process.cwd();
    try {
      const binary = findBinary(this.options.binary, [cwd, __dirname]);
      // named relative to the app's directory, so the report's paths are too
      const targets = lintTargets(context.templatePaths).map((target) =>
        isInside(target, cwd) ? relative(cwd, target) : target,
      );
      const { report, failed } = runCheck(binary, [...this.arguments(), ...targets], cwd);
      return {
        success: !failed,
        violations: toViolations(report.findings, cwd),
      };
    } catch (error) {
      if (!(error instanceof BinaryNotFound || error instanceof EdgelintFailed)) {
        throw error;
      }
      return { success: false, violations: [notLinted(error, context.templatePaths)] };
    }
  }

  private arguments(): string[] {
    const { config, failOn, select, ignore } = this.options;
    return [
      ...(config ? ["--config", config] : []),
      ...(failOn ? ["--fail-on", failOn] : []),
      ...(select && select.length ? ["--select", select.join(",")] : []),
      ...(ignore && ignore.length ? ["--ignore", ignore.join(",")] : []),
    ];
  }
}

/**
 * A failure to lint, as a violation. CDK turns an exception of a plugin into
 * a report without violations, which `cdk synth` (the CLI, which reads the
 * report after the app wrote it) counts as a success; a fatal violation on
 * the first template fails synth wherever the report is read.
 */
function notLinted(error: Error, templatePaths: string[]): Violation {
  return {
    ruleName: "not-linted",
    description: error.message,
    severity: "fatal",
    violatingResources: templatePaths.slice(0, 1).map((templatePath) => ({
      resourceLogicalId: "",
      templatePath,
      locations: [],
    })),
  };
}

/**
 * What edgelint is asked to lint: the cloud assemblies holding the
 * templates (the directories with their `manifest.json`), so it reads each
 * as one deployment with the links between its stacks; a template outside
 * any assembly is named itself. An assembly inside another (a Stage's) is
 * read with the outer one.
 */
export function lintTargets(templatePaths: string[]): string[] {
  const targets = new Set<string>();
  for (const template of templatePaths) {
    const dir = dirname(resolve(template));
    targets.add(existsSync(join(dir, "manifest.json")) ? dir : resolve(template));
  }
  const all = [...targets].sort();
  return all.filter((target) => !all.some((other) => other !== target && isInside(target, other)));
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}
