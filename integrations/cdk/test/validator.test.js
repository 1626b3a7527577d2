// The plugin on apps synthesized by aws-cdk-lib, running the real binary.
"use strict";

const assert = require("node:assert/strict");
const { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { describe, it, before } = require("node:test");
const { EdgelintValidator } = require("../lib");
const { toViolations } = require("../lib/violations");
const cdk = require("aws-cdk-lib");
const { addSite, edgelintBinary, repository, scratch, synth } = require("./apps");

const SITE = "SiteE53D7754";
const CF104 = {
  ruleName: "CF104 https-to-s3-website-endpoint",
  description:
    "origin `FaultySiteOrigin12FEA30FF` uses `https-only` to S3 website endpoint " +
    "`site.s3-website-us-east-1.amazonaws.com`, which serves HTTP only; requests routed there fail",
  severity: "error",
  location: "Properties.DistributionConfig.Origins.0.CustomOriginConfig.OriginProtocolPolicy",
};
const CF450 = {
  ruleName: "CF450 long-5xx-error-caching",
  description:
    "distribution `SiteE53D7754` caches `503` responses for 300 s; after the origin recovers, viewers " +
    "keep getting the cached error for up to that long (setting `error_caching_ttl_5xx` is 60 s)",
  severity: "warning",
  location: "Properties.DistributionConfig.CustomErrorResponses.0.ErrorCachingMinTTL",
};

/** Runs the plugin the way CDK does, on the templates of a synthesized app. */
function validate(outdir, options = {}) {
  const templatePaths = [join(outdir, "Faulty.template.json")];
  return new EdgelintValidator(options).validate({ templatePaths });
}

function summary(report) {
  return report.violations.map((v) => [v.ruleName, v.severity]);
}

/**
 * Runs the rest of test `t` in `dir` without EDGELINT_BINARY, as an app
 * whose binary comes from its node_modules.
 */
function inProjectWithoutOverride(t, dir) {
  const saved = process.env.EDGELINT_BINARY;
  const cwd = process.cwd();
  t.after(() => {
    process.env.EDGELINT_BINARY = saved;
    process.chdir(cwd);
  });
  delete process.env.EDGELINT_BINARY;
  process.chdir(dir);
}

/** A validation failure thrown by `app.synth()` (in-memory mode). */
function synthFailure(faults, plugins) {
  try {
    synth(faults, plugins);
  } catch (error) {
    return error;
  }
  return assert.fail("synth succeeded");
}

before(() => {
  process.env.EDGELINT_BINARY = edgelintBinary();
});

describe("a finding becomes a violation", () => {
  it("with its rule, message, fix, severity, resource, template and property path", () => {
    const { outdir } = synth(["https-to-website", "long-5xx-caching"]);
    const report = validate(outdir);
    assert.equal(report.success, false);
    // in the order of the report: by position in the template
    const template = join(outdir, "Faulty.template.json");
    const expected = [CF450, CF104].map((rule) => {
      const text = readFileSync(template, "utf8").split("\n");
      const line = text.findIndex((l) => l.includes(rule.location.split(".").pop())) + 1;
      return { ...rule, line };
    });
    assert.deepEqual(
      report.violations.map((v) => ({
        ruleName: v.ruleName,
        description: v.description,
        severity: v.severity,
        location: v.violatingResources[0].locations[0],
        line: Number(v.ruleMetadata["Template location"].split(":")[1]),
      })),
      expected,
    );
    for (const violation of report.violations) {
      assert.deepEqual(violation.violatingResources, [
        { resourceLogicalId: SITE, templatePath: template, locations: [violation.violatingResources[0].locations[0]] },
      ]);
      assert.match(violation.fix, /\S/, `${violation.ruleName} has no fix`);
      assert.match(violation.ruleMetadata.Documentation, /\/rules\/[a-z0-9-]+\.rule$/);
    }
    assert.match(report.violations[1].fix, /http-only/);
  });

  it("carries the finding's construct path when edgelint names one", () => {
    const { outdir } = synth(["https-to-website"]);
    const finding = {
      code: "CF104",
      name: "https-to-s3-website-endpoint",
      url: "https://example.invalid/rules/https-to-s3-website-endpoint.rule",
      severity: "error",
      message: "origin uses https-only to an S3 website endpoint",
      file: join(outdir, "Faulty.template.json"),
      resource: SITE,
      help: null,
    };
    const position = validate(outdir).violations[0].ruleMetadata["Template location"].split(":");
    Object.assign(finding, { line: Number(position[1]), column: Number(position[2]) });
    const [named, unnamed] = toViolations(
      [{ ...finding, construct_path: "Faulty/Site/Resource" }, { ...finding, construct_path: null }],
      process.cwd(),
    );
    assert.deepEqual(named.violatingResources, [
      {
        resourceLogicalId: SITE,
        templatePath: finding.file,
        locations: [CF104.location],
        constructPath: "Faulty/Site/Resource",
      },
    ]);
    assert.equal("constructPath" in unnamed.violatingResources[0], false);
    // no help, no fix
    assert.equal("fix" in named, false);
    // the resource is the one the position lies in, of the same template
    const [elsewhere] = toViolations([{ ...finding, resource: "OtherStackResource" }], process.cwd());
    assert.equal(elsewhere.violatingResources[0].resourceLogicalId, SITE);
    // outside every resource, it is edgelint's
    const [outside] = toViolations([{ ...finding, line: 1, column: 1, resource: "Named" }], process.cwd());
    assert.deepEqual(outside.violatingResources[0], {
      resourceLogicalId: "Named",
      templatePath: finding.file,
      locations: [],
    });
  });

  it("a clean app gives none, and succeeds", () => {
    const { outdir } = synth([]);
    assert.deepEqual(validate(outdir), { success: true, violations: [] });
  });
});

describe("fail-on", () => {
  it("errors fail by default, warnings do not", () => {
    const { outdir } = synth(["long-5xx-caching"]);
    const report = validate(outdir);
    assert.deepEqual(summary(report), [[CF450.ruleName, "warning"]]);
    assert.equal(report.success, true);
    assert.equal(validate(synth(["https-to-website"]).outdir).success, false);
  });

  it("warning makes a warning fail; never keeps the findings but fails on none", () => {
    const { outdir } = synth(["https-to-website", "long-5xx-caching"]);
    assert.equal(validate(synth(["long-5xx-caching"]).outdir, { failOn: "warning" }).success, false);
    const never = validate(outdir, { failOn: "never" });
    assert.equal(never.success, true);
    assert.deepEqual(summary(never), [
      [CF450.ruleName, "warning"],
      [CF104.ruleName, "error"],
    ]);
  });

  it("the configuration file's fail-on applies when the option is not given", () => {
    const dir = scratch();
    const config = join(dir, "edgelint.toml");
    writeFileSync(config, 'fail-on = "warning"\n');
    const { outdir } = synth(["long-5xx-caching"]);
    assert.equal(validate(outdir, { config }).success, false);
    // the option wins over the file
    assert.equal(validate(outdir, { config, failOn: "error" }).success, true);
  });

  it("select and ignore choose the rules", () => {
    const { outdir } = synth(["https-to-website", "long-5xx-caching"]);
    assert.deepEqual(summary(validate(outdir, { select: ["CF450"] })), [[CF450.ruleName, "warning"]]);
    const ignored = validate(outdir, { ignore: ["https-to-s3-website-endpoint"] });
    assert.deepEqual(summary(ignored), [[CF450.ruleName, "warning"]]);
    assert.equal(ignored.success, true);
  });

  it("rejects a level edgelint does not have", () => {
    assert.throws(() => new EdgelintValidator({ failOn: "fatal" }), /failOn must be one of error, warning, info, never/);
  });
});

describe("in cdk synth", () => {
  it("an error fails synth with the rule and the construct path in the report", () => {
    const error = synthFailure(["https-to-website", "long-5xx-caching"], [new EdgelintValidator()]);
    assert.match(error.message, /Acknowledge with 'edgelint::CF104-https-to-s3-website-endpoint'/);
    assert.match(error.message, /Faulty\/Site\/Resource \(SiteE53D7754\)/);
    assert.match(error.message, /Suggested fix: Set the origin protocol policy to `http-only`/);
    const outdir = /found in: (.*validation-report\.json)/.exec(error.message)[1];
    const report = JSON.parse(readFileSync(outdir, "utf8"));
    const [plugin] = report.pluginReports;
    assert.equal(plugin.pluginName, "edgelint");
    assert.equal(plugin.conclusion, "failure");
    const cf104 = plugin.violations.find((v) => v.ruleName === CF104.ruleName);
    assert.deepEqual(
      cf104.violatingConstructs.map((c) => [c.constructPath, c.cloudFormationResource]),
      [
        [
          "Faulty/Site/Resource",
          { templatePath: "Faulty.template.json", logicalId: SITE, propertyPaths: [CF104.location] },
        ],
      ],
    );
  });

  it("Validations.of(app).addPlugins runs it as policyValidationBeta1 does", () => {
    const outdir = scratch();
    const app = new cdk.App({ outdir, context: { "@aws-cdk/core:appMode": "inmemory" } });
    cdk.Validations.of(app).addPlugins(new EdgelintValidator());
    addSite(app, ["https-to-website"]);
    assert.throws(() => app.synth(), /Faulty\/Site\/Resource \(SiteE53D7754\)[^]*'edgelint::CF104-https-to-s3-website-endpoint'/);
  });

  it("lints the stacks of a Stage, in their assembly inside the app's", () => {
    const outdir = scratch();
    const app = new cdk.App({
      outdir,
      policyValidationBeta1: [new EdgelintValidator()],
      context: { "@aws-cdk/core:appMode": "inmemory" },
    });
    addSite(new cdk.Stage(app, "Prod"), ["https-to-website"]);
    addSite(app, ["long-5xx-caching"]);
    assert.throws(() => app.synth(), /Prod\/Faulty\/Site\/Resource \(SiteE53D7754\)/);
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
    assert.deepEqual(
      report.pluginReports[0].violations.map((v) => [
        v.ruleName,
        v.violatingConstructs.map((c) => [c.constructPath, c.cloudFormationResource.templatePath]),
      ]),
      [
        [CF450.ruleName, [["Faulty/Site/Resource", "Faulty.template.json"]]],
        [CF104.ruleName, [["Prod/Faulty/Site/Resource", "assembly-Prod/ProdFaulty832379DA.template.json"]]],
      ],
    );
  });

  it("warnings below fail-on are reported and synth succeeds", () => {
    const { outdir } = synth(["long-5xx-caching"], [new EdgelintValidator()]);
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
    assert.deepEqual(
      report.pluginReports.map((p) => [p.pluginName, p.conclusion, p.violations.map((v) => v.ruleName)]),
      [["edgelint", "success", [CF450.ruleName]]],
    );
  });
});

/** The one violation of a run that linted nothing, and its message. */
function notLinted(report) {
  assert.equal(report.success, false);
  assert.equal(report.violations.length, 1);
  const [violation] = report.violations;
  assert.equal(violation.ruleName, "not-linted");
  assert.equal(violation.severity, "fatal");
  return violation.description;
}

describe("when edgelint cannot run", () => {
  it("a missing binary is a fatal violation saying so, not a crash or a pass", () => {
    const binary = "/nonexistent/edgelint";
    const { outdir } = synth(["https-to-website"]);
    assert.equal(
      notLinted(validate(outdir, { binary })),
      "cannot run /nonexistent/edgelint: spawnSync /nonexistent/edgelint ENOENT",
    );
    const error = synthFailure(["https-to-website"], [new EdgelintValidator({ binary })]);
    assert.match(error.message, /FATAL cannot run \/nonexistent\/edgelint: spawnSync \/nonexistent\/edgelint ENOENT \(edgelint\)/);
  });

  it("without the edgelint package or EDGELINT_BINARY, says what to install", (t) => {
    const { outdir } = synth(["https-to-website"]);
    inProjectWithoutOverride(t, scratch());
    assert.match(
      notLinted(validate(outdir)),
      /^the edgelint package is not installed: `npm install --save-dev edgelint`, or name a binary/,
    );
  });

  it("exit 2 (a bad configuration) is a failure with edgelint's message", () => {
    const dir = scratch();
    const config = join(dir, "edgelint.toml");
    writeFileSync(config, "select = [\n");
    const { outdir } = synth(["https-to-website"]);
    assert.match(
      notLinted(validate(outdir, { config })),
      /^edgelint could not lint the templates \(exit 2\):\n[^]*not valid TOML: unclosed array/,
    );
    const error = synthFailure(["https-to-website"], [new EdgelintValidator({ config })]);
    assert.match(error.message, /FATAL edgelint could not lint the templates \(exit 2\)/);
  });

  it("exit 2 (a template it cannot parse) names the file and the error", () => {
    const { outdir } = synth([]);
    writeFileSync(join(outdir, "Faulty.template.json"), '{"Resources": {"Site": {"Type": "AWS::CloudFront::Distribution",');
    assert.match(notLinted(validate(outdir)), /Faulty\.template\.json:1:\d+: parse-error: /);
  });
});

describe("the binary of the edgelint npm package", () => {
  it("is found through its platform package, as its launcher finds it", (t) => {
    // node_modules as `npm install edgelint` leaves it: the launcher package
    // and this platform's binary package
    const project = scratch();
    const modules = join(project, "node_modules");
    cpSync(join(repository, "npm/edgelint"), join(modules, "edgelint"), { recursive: true });
    const platform = join(modules, "@edgelint", `cli-${process.platform}-${process.arch}`);
    mkdirSync(join(platform, "bin"), { recursive: true });
    writeFileSync(join(platform, "package.json"), JSON.stringify({ name: `@edgelint/cli-${process.platform}-${process.arch}` }));
    symlinkSync(edgelintBinary(), join(platform, "bin", "edgelint"));
    const { outdir } = synth(["https-to-website"]);
    inProjectWithoutOverride(t, project);
    assert.deepEqual(summary(validate(outdir)), [[CF104.ruleName, "error"]]);
  });
});
