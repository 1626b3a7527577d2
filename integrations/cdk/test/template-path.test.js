// Property paths at positions of JSON templates.
"use strict";

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");
const { jsonPathAt, locationOf } = require("../lib/template-path");

const TEMPLATE = `{
  "Resources": {
    "Site": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Origins": [
            { "Id": "a", "DomainName": "a.example.com" },
            { "Id": "b", "CustomOriginConfig": { "OriginProtocolPolicy": "https-only", "HTTPSPort": 8443 } }
          ],
          "Comment": "caf\u00e9 \\u2603 \\"quoted\\" \u{1F600} x",
          "Enabled": true
        }
      }
    }
  }
}
`;

/** The 1-based line and column of the first `needle` (after `after`). */
function positionOf(needle, after = "") {
  const offset = TEMPLATE.indexOf(needle, TEMPLATE.indexOf(after) + after.length);
  assert.ok(offset >= 0, needle);
  const before = TEMPLATE.slice(0, offset).split("\n");
  // columns count characters, not UTF-16 units
  return [before.length, [...before[before.length - 1]].length + 1];
}

describe("jsonPathAt", () => {
  it("finds the innermost value at a position", () => {
    assert.deepEqual(jsonPathAt(TEMPLATE, ...positionOf('"https-only"')), [
      "Resources", "Site", "Properties", "DistributionConfig", "Origins", 1, "CustomOriginConfig", "OriginProtocolPolicy",
    ]);
    assert.deepEqual(jsonPathAt(TEMPLATE, ...positionOf("8443")), [
      "Resources", "Site", "Properties", "DistributionConfig", "Origins", 1, "CustomOriginConfig", "HTTPSPort",
    ]);
    // inside an array element, between its members
    assert.deepEqual(jsonPathAt(TEMPLATE, ...positionOf('"Id": "a"')), [
      "Resources", "Site", "Properties", "DistributionConfig", "Origins", 0, "Id",
    ]);
  });

  it("a position on a key is the key's value", () => {
    assert.deepEqual(jsonPathAt(TEMPLATE, ...positionOf('"CustomOriginConfig"')), [
      "Resources", "Site", "Properties", "DistributionConfig", "Origins", 1, "CustomOriginConfig",
    ]);
  });

  it("counts characters outside the BMP as one column, and reads escapes", () => {
    // six characters of two UTF-16 units each before the value: counted as
    // units, the column would land six units early, between the members
    const text = '{"Tag": "\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}", "N": 12345}';
    assert.deepEqual(jsonPathAt(text, 1, [...text].indexOf("1") + 1), ["N"]);
    const escaped = '{"a\\"b": {"c\\u00e9": 1}}';
    assert.deepEqual(jsonPathAt(escaped, 1, escaped.indexOf("1") + 1), ['a"b', "c\u00e9"]);
  });

  it("is undefined outside every value, past the text, or on malformed JSON", () => {
    assert.equal(jsonPathAt(TEMPLATE, 40, 1), undefined);
    assert.equal(jsonPathAt(TEMPLATE, 1, 80), undefined);
    assert.deepEqual(jsonPathAt(TEMPLATE, 1, 1), []);
    assert.equal(jsonPathAt(TEMPLATE.slice(0, -4), ...positionOf('"https-only"')), undefined);
    assert.equal(jsonPathAt("Resources:\n  Site: {}\n", 2, 3), undefined);
  });
});

describe("locationOf", () => {
  it("names a place in a resource from its properties, anything else whole", () => {
    const path = ["Resources", "Site", "Properties", "DistributionConfig", "Origins", 1];
    assert.equal(locationOf(path, "Site"), "Properties.DistributionConfig.Origins.1");
    assert.equal(locationOf(path, "Other"), "Resources.Site.Properties.DistributionConfig.Origins.1");
    assert.equal(locationOf(["Outputs", "Url", "Value"], "Site"), "Outputs.Url.Value");
  });
});
