#!/usr/bin/env python3
"""Runs the queries of `edgelint logs --emit-sql athena` on DuckDB over
generated standard logs and checks they count what `edgelint logs` counts:
5xx per cause and place, and per minute and cause, with and without the
deployment.

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


def compare(db, exe, logs, deployment):
    args = [exe, "logs", "--emit-sql", "athena"]
    if deployment:
        args += ["--deployment", deployment]
    sql = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    create, by_cause, by_minute, _paths = statements(sql)
    cols = columns(create)
    spec = ", ".join(f"'{n}': '{t}'" for n, t in cols)
    db.execute("DROP VIEW IF EXISTS cloudfront_standard_logs")
    db.execute(
        "CREATE VIEW cloudfront_standard_logs AS SELECT * FROM read_csv("
        f"'{logs}/*.gz', delim='\t', skip=2, header=false, quote='', escape='', "
        f"nullstr='-', auto_detect=false, columns={{{spec}}})"
    )
    report = edgelint_json(exe, logs, deployment)

    ours = {}
    for c in report["causes"]:
        p = c["place"]
        host = p["id"] if p["kind"] in ("host", "unattributed-host") else ""
        key = (p["distribution"], p["behavior"], host, c["kind"])
        ours[key] = ours.get(key, 0) + c["count"]
    theirs = {tuple(r[:4]): r[4] for r in db.execute(by_cause).fetchall()}
    assert ours == theirs, f"by cause differs:\nedgelint {sorted(ours.items())}\nduckdb   {sorted(theirs.items())}"

    minutes = {}
    for m in report["timeline"]:
        for kind, n in m["errors"].items():
            minutes[(m["minute"], kind)] = n
    rows = db.execute(by_minute).fetchall()
    theirs = {(f"{d} {minute}", kind): n for d, minute, kind, n in rows}
    assert minutes == theirs, "by minute differs"
    total = sum(ours.values())
    assert total == report["errors"], (total, report["errors"])
    print(f"duckdb: {len(theirs)} minute rows and {len(ours)} cause groups agree "
          f"({total} 5xx, deployment: {bool(deployment)})")
    return ours


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "edgelint")
    db = duckdb().connect()
    with tempfile.TemporaryDirectory() as logs:
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "tests", "logs", "generate.py"), "--out", logs,
             "--requests", "20000", "--incident", "sg", "--incident", "cert",
             "--incident", "lambda", "--incident", "slow"],
            check=True, capture_output=True,
        )
        with_deployment = compare(db, exe, logs, DEPLOYMENT)
        kinds = {k[3] for k in with_deployment}
        for expected in ("origin-unreachable", "origin-tls", "lambda-execution", "origin-read-timeout"):
            assert expected in kinds, (expected, kinds)
        compare(db, exe, logs, None)


if __name__ == "__main__":
    main()
