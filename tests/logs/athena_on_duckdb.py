#!/usr/bin/env python3
"""Runs the queries of `edgelint logs --emit-sql athena` on DuckDB over
generated logs and checks they count what `edgelint logs` counts: 5xx per
cause and place, and per minute and cause, with and without the
deployment, for each delivery: standard logs (W3C, gzip), standard logs
v2 as JSON, and real-time logs (fields from the deployment's real-time
log configuration).

DuckDB (PyPI, pinned below) is installed into target/logs-tools/ on first
use. Usage: athena_on_duckdb.py [path/to/edgelint]
"""

import json
import os
import re
import subprocess
import sys
import tempfile

DUCKDB = "duckdb==1.5.6"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "target", "logs-tools", "duckdb")
DEPLOYMENT = os.path.join(ROOT, "testdata", "logs", "deployment.yaml")

# Athena column types of the documented DDL, as DuckDB types
TYPES = {"STRING": "VARCHAR", "BIGINT": "BIGINT", "INT": "INTEGER", "FLOAT": "FLOAT", "DATE": "DATE"}


def duckdb():
    marker = os.path.join(TOOLS, ".installed-" + DUCKDB)
    if not os.path.exists(marker):
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--target", TOOLS, DUCKDB],
            check=True,
        )
        open(marker, "w").close()
    sys.path.insert(0, TOOLS)
    import duckdb as module
    return module


def columns(sql):
    """The columns of the CREATE EXTERNAL TABLE statement, in order."""
    body = sql[sql.index("(") + 1: sql.index("\n)")]
    out = []
    for line in body.strip().splitlines():
        name, ty = line.strip().rstrip(",").split()
        out.append((name.strip("`"), TYPES[ty]))
    return out


def statements(sql):
    text = "\n".join(l for l in sql.splitlines() if not l.startswith("--"))
    return [s.strip() for s in text.split(";") if s.strip()]


def edgelint_json(exe, logs, deployment):
    args = [exe, "logs", logs, "--format", "json"]
    if deployment:
        args += ["--deployment", deployment]
    out = subprocess.run(args, capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def table(db, delivery, create, logs):
    """The DDL's table over the local files, as DuckDB reads them."""
    name = create.split("EXISTS", 1)[1].split("(", 1)[0].strip()
    cols = columns(create)
    spec = ", ".join(f"'{n}': '{t}'" for n, t in cols)
    if delivery == "standard":
        source = (f"read_csv('{logs}/*.gz', delim='\t', skip=2, header=false, quote='', escape='', "
                  f"nullstr='-', auto_detect=false, columns={{{spec}}})")
    elif delivery == "json":
        source = f"read_json('{logs}/*.json', format='newline_delimited', columns={{{spec}}})"
    else:
        source = (f"read_csv('{logs}/live-*', delim='\t', header=false, quote='', escape='', "
                  f"auto_detect=false, columns={{{spec}}})")
    db.execute(f"DROP VIEW IF EXISTS {name}")
    db.execute(f"CREATE VIEW {name} AS SELECT * FROM {source}")


def compare(db, exe, logs, deployment, delivery="standard"):
    args = [exe, "logs", "--emit-sql", "athena", "--log-format", delivery]
    if deployment:
        args += ["--deployment", deployment]
    sql = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    create, by_cause, by_minute, _paths = statements(sql)
    table(db, delivery, create, logs)
    report = edgelint_json(exe, logs, deployment)

    ours = {}
    for c in report["causes"]:
        p = c["place"]
        host = p["id"] if p["kind"] in ("host", "unattributed-host") else ""
        key = (p["distribution"], p["behavior"], host, c["kind"])
        ours[key] = ours.get(key, 0) + c["count"]
    theirs = {tuple(r[:4]): r[4] for r in db.execute(by_cause).fetchall()}
    assert ours == theirs, f"{delivery}: by cause differs:\nedgelint {sorted(ours.items())}\nduckdb   {sorted(theirs.items())}"

    minutes = {}
    for m in report["timeline"]:
        for kind, n in m["errors"].items():
            key = m["unix"] if delivery == "realtime" else m["minute"]
            minutes[(key, kind)] = n
    rows = db.execute(by_minute).fetchall()
    if delivery == "realtime":
        theirs = {(minute, kind): n for minute, kind, n in rows}
    else:
        theirs = {(f"{d} {minute}", kind): n for d, minute, kind, n in rows}
    assert minutes == theirs, f"{delivery}: by minute differs"
    total = sum(ours.values())
    assert total == report["errors"], (total, report["errors"])
    print(f"duckdb ({delivery}): {len(theirs)} minute rows and {len(ours)} cause groups agree "
          f"({total} 5xx, deployment: {bool(deployment)})")
    return ours


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "edgelint")
    db = duckdb().connect()
    incidents = ["sg", "cert", "lambda", "slow", "function", "failover"]
    expected = {"origin-unreachable", "origin-tls", "lambda-execution", "origin-read-timeout",
                "function-error", "origin-status"}
    for delivery, generated in (("standard", "w3c"), ("json", "json"), ("realtime", "realtime")):
        with tempfile.TemporaryDirectory() as logs:
            subprocess.run(
                [sys.executable, os.path.join(ROOT, "tests", "logs", "generate.py"), "--out", logs,
                 "--requests", "20000", "--format", generated]
                + [a for i in incidents for a in ("--incident", i)],
                check=True, capture_output=True,
            )
            with_deployment = compare(db, exe, logs, DEPLOYMENT, delivery)
            kinds = {k[3] for k in with_deployment}
            assert expected <= kinds, (delivery, expected - kinds)
            # real-time logs cannot be read without their field list
            if delivery != "realtime":
                compare(db, exe, logs, None, delivery)


if __name__ == "__main__":
    main()
