// Small CDK apps synthesized for the tests, and the binary they lint with.
"use strict";

const { existsSync, mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");
const cdk = require("aws-cdk-lib");

const { aws_cloudfront: cloudfront, aws_cloudfront_origins: origins } = cdk;

const repository = resolve(__dirname, "../../..");

/**
 * The edgelint binary the tests run: EDGELINT_BINARY, else the repository's
 * debug build (`cargo build`).
 */
function edgelintBinary() {
  const binary = process.env.EDGELINT_BINARY || join(repository, "target/debug/edgelint");
  if (!existsSync(binary)) {
    throw new Error(`${binary} does not exist: run \`cargo build\` or set EDGELINT_BINARY`);
  }
  return binary;
}

const ENV = { account: "123456789012", region: "us-east-1" };

/**
 * A distribution in stack `Faulty`: `faults` picks what is wrong with it,
 * `https-to-website` (CF104, an error) and `long-5xx-caching` (CF450, a
 * warning); none gives a clean one.
 */
function addSite(app, faults) {
  const stack = new cdk.Stack(app, "Faulty", { env: ENV });
  const origin = faults.includes("https-to-website")
    ? new origins.HttpOrigin("site.s3-website-us-east-1.amazonaws.com", {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      })
    : new origins.HttpOrigin("site.s3-website-us-east-1.amazonaws.com", {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      });
  new cloudfront.Distribution(stack, "Site", {
    defaultBehavior: { origin },
    errorResponses: faults.includes("long-5xx-caching")
      ? [{ httpStatus: 503, ttl: cdk.Duration.minutes(5) }]
      : [{ httpStatus: 503, ttl: cdk.Duration.seconds(5) }],
  });
  return stack;
}

/** The directories `scratch` made, removed when the test process ends. */
const made = [];
process.on("exit", () => {
  for (const dir of made) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh directory for an assembly. */
function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "edgelint-cdk-"));
  made.push(dir);
  return dir;
}

/**
 * Synthesizes the site with `faults` into a fresh directory; `plugins` are
 * the app's validation plugins. In-memory mode: a failed validation is an
 * exception holding the report, not a message on stderr and an exit code.
 */
function synth(faults, plugins = []) {
  const outdir = scratch();
  const app = new cdk.App({
    outdir,
    policyValidationBeta1: plugins,
    context: { "@aws-cdk/core:appMode": "inmemory" },
  });
  addSite(app, faults);
  const assembly = app.synth();
  return { outdir, assembly };
}

module.exports = { addSite, edgelintBinary, repository, scratch, synth, ENV };
