// edgelint's findings as the violations of a CDK policy validation report.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { PolicyViolatingResourceBeta1, PolicyViolationBeta1 } from "aws-cdk-lib";
import type { JsonFinding } from "./run";
import { jsonPathAt, locationOf } from "./template-path";

/**
 * A violating resource as CDK reads it. `constructPath` is the finding's
 * construct when edgelint names it; CDK versions that know the field show it
 * instead of the one they would look up by logical id, older ones ignore it.
 */
export interface ViolatingResource extends PolicyViolatingResourceBeta1 {
  readonly constructPath?: string;
}

export interface Violation extends PolicyViolationBeta1 {
  readonly violatingResources: ViolatingResource[];
}

/**
 * One violation per finding: its rule (`CF104 https-to-s3-website-endpoint`),
 * message, help, severity, and the resource, template and property path it
 * is located at. `cwd` is the directory edgelint ran in (its report's paths
 * are relative to it).
 */
export function toViolations(findings: JsonFinding[], cwd: string): Violation[] {
  const templates = new Templates();
  return findings.map((finding) => {
    const templatePath = resolve(cwd, finding.file);
    const path = templates.pathAt(templatePath, finding.line, finding.column);
    // the resource the finding's position lies in, which is the one of its
    // template (CDK looks the construct up by template and logical id);
    // edgelint's `resource` when the position is elsewhere (`Outputs`)
    const logicalId =
      path && path[0] === "Resources" && path.length >= 2 ? String(path[1]) : (finding.resource ?? "");
    const location = path ? locationOf(path, logicalId) : "";
    const resource: ViolatingResource = {
      resourceLogicalId: logicalId,
      templatePath,
      locations: location ? [location] : [],
      ...(finding.construct_path ? { constructPath: finding.construct_path } : {}),
    };
    return {
      ruleName: `${finding.code} ${finding.name}`,
      description: finding.message,
      ...(finding.help ? { fix: finding.help } : {}),
      severity: finding.severity,
      violatingResources: [resource],
      ruleMetadata: {
        // where edgelint located it, the line the report's property path is on
        "Template location": `${finding.file}:${finding.line}:${finding.column}`,
        Documentation: finding.url,
      },
    };
  });
}

/** The templates findings are in, each read once. */
class Templates {
  private readonly texts = new Map<string, string | undefined>();

  pathAt(file: string, line: number, column: number): ReturnType<typeof jsonPathAt> {
    if (!this.texts.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        // edgelint read it a moment ago; if it is gone, the finding keeps
        // its line and column but loses its property path
        text = undefined;
      }
      this.texts.set(file, text);
    }
    const text = this.texts.get(file);
    return text === undefined ? undefined : jsonPathAt(text, line, column);
  }
}
