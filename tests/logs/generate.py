#!/usr/bin/env python3
"""Generates CloudFront access logs for testdata/logs/deployment.yaml: a
healthy baseline of traffic with incidents injected in a time window, in
each format CloudFront delivers.

Formats (field names and order: Amazon CloudFront Developer Guide,
"Standard logging reference" and "Real-time log configuration fields"):
  w3c       standard logs (legacy): gzip, `#Version`/`#Fields`, 33 fields,
            one file per distribution and hour (several per hour)
  w3c-v2    standard logs v2 with chosen fields, in another order, plain
  json      standard logs v2 as JSON, one object per line
  realtime  real-time logs: tab-separated in the order of the deployment's
            RealtimeLogConfig `Fields`, Unix timestamps

Incidents (each fails one origin or function of the deployment):
  sg      security group change: origin `app` unreachable, 504
          OriginConnectError after 3 attempts x 10 s
  cert    origin certificate rejected: origin `legacy`, 502 OriginCommError
          within milliseconds
  lambda  Lambda@Edge timeout: AuthFn on /auth/*, 503 LambdaExecutionError
          at its 10 s timeout
  slow    slow origin: origin `reports`, 504 OriginCommError at its 20 s
          read timeout
  function  CloudFront Function StaticFn on /static/* throws (it reads a
          KeyValueStore on runtime 1.0): 503 FunctionExecutionError, some
          FunctionThrottledError, in well under a second
  failover  origin group `media-group` (distribution Media): its primary
          answers 503 and the group fails over on 403 and 404 only, so
          viewers get the 503 (result type Error)

Prints a JSON summary on stdout: requests, 5xx, 5xx per incident, and the
5xx no incident caused per distribution (`other_errors`).
"""

import argparse
import gzip
import json
import os
import random
import sys
import time

STANDARD = [
    "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)",
    "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query",
    "cs(Cookie)", "x-edge-result-type", "x-edge-request-id", "x-host-header",
    "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol",
    "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status",
    "fle-encrypted-fields", "c-port", "time-to-first-byte",
    "x-edge-detailed-result-type", "sc-content-type", "sc-content-len",
    "sc-range-start", "sc-range-end",
]
# a v2 delivery with chosen fields, in the order the user picked
V2_FIELDS = [
    "date", "time", "sc-status", "x-edge-detailed-result-type", "x-edge-result-type",
    "cs(Host)", "x-host-header", "cs-uri-stem", "time-taken", "c-ip", "cs-method",
    "x-edge-location",
]
# the Fields of the deployment's RealtimeLogConfig `Live`
REALTIME_FIELDS = [
    "timestamp", "c-ip", "sc-status", "cs-method", "cs-host", "cs-uri-stem",
    "x-host-header", "time-taken", "x-edge-result-type", "x-edge-detailed-result-type",
    "x-edge-location",
]

DISTRIBUTIONS = {
    "Site": ("E2SITEEXAMPLE", "d111111abcdef8.cloudfront.net", ["www.example.com", "example.com"]),
    "Media": ("E3MEDIAEXAMPLE", "d222222abcdef8.cloudfront.net", ["media.example.com"]),
}
# (distribution, path templates, weight): the default behavior (origin
# `app`), /static/* (S3), /legacy/*, /auth/* (Lambda@Edge), /reports/*
TRAFFIC = [
    ("Site", ["/", "/index.html", "/products/{n}", "/cart", "/search"], 40),
    ("Site", ["/static/app.{n}.js", "/static/img/{n}.png", "/static/site.css"], 25),
    ("Site", ["/legacy/page/{n}", "/legacy/index.php"], 10),
    ("Site", ["/auth/login", "/auth/callback", "/auth/token"], 8),
    ("Site", ["/reports/daily", "/reports/{n}.csv"], 7),
    ("Media", ["/video/{n}.mp4", "/images/{n}.jpg"], 10),
]
INCIDENTS = {
    # name: (distribution, path prefixes failing, status, detailed type
    # (or types, one picked per request), time-taken seconds)
    "sg": ("Site", ("/", "/index.html", "/products/", "/cart", "/search"), 504, "OriginConnectError", 30.0),
    "cert": ("Site", ("/legacy/",), 502, "OriginCommError", 0.004),
    "lambda": ("Site", ("/auth/",), 503, "LambdaExecutionError", 10.0),
    "slow": ("Site", ("/reports/",), 504, "OriginCommError", 20.0),
    "function": ("Site", ("/static/",), 503,
                 ("FunctionExecutionError",) * 4 + ("FunctionThrottledError",), 0.0),
    "failover": ("Media", ("/video/", "/images/"), 503, "Error", 0.2),
}
EDGES = ["IAD89-C1", "FRA56-P2", "NRT57-C2", "LHR62-C4", "SFO53-P1"]
AGENTS = ["Mozilla/5.0%20(X11;%20Linux%20x86_64)", "curl/8.5.0", "Mozilla/5.0%20(iPhone)"]


def fmt_time(t):
    return time.strftime("%Y-%m-%d\t%H:%M:%S", time.gmtime(t))


def request(rng, t, window, incidents):
    """One request as a dict of standard field values, and the incident it
    fell to (or None)."""
    r = rng.random() * 100
    acc = 0
    for dist, paths, weight in TRAFFIC:
        acc += weight
        if r < acc:
            break
    path = rng.choice(paths).replace("{n}", str(rng.randrange(1000)))
    _, domain, aliases = DISTRIBUTIONS[dist]
    host = rng.choice(aliases)
    incident = None
    if window[0] <= t < window[1]:
        for name in incidents:
            failing, prefixes, status, detailed, taken = INCIDENTS[name]
            if dist == failing and any(
                path == p or (p.endswith("/") and path.startswith(p) and p != "/") for p in prefixes
            ):
                incident = name
                break
    if incident:
        _, _, status, detailed, taken = INCIDENTS[incident]
        if isinstance(detailed, tuple):
            detailed = rng.choice(detailed)
        result = "Error"
        taken = taken + rng.random() * 0.4 + 0.001
        size = 900
    else:
        roll = rng.random()
        if roll < 0.0004:
            status, result, detailed, taken = 500, "Error", "Error", 0.2 + rng.random()
        elif roll < 0.02:
            status, result, detailed, taken = 404, "Error", "Error", 0.05 + rng.random() * 0.1
        elif roll < 0.6:
            status, result, detailed, taken = 200, "Hit", "Hit", 0.001 + rng.random() * 0.02
        elif roll < 0.65:
            status, result, detailed, taken = 304, "RefreshHit", "RefreshHit", 0.02 + rng.random() * 0.05
        else:
            status, result, detailed, taken = 200, "Miss", "Miss", 0.05 + rng.random() * 0.4
        size = rng.randrange(500, 90000)
    ip = f"192.0.2.{rng.randrange(1, 255)}"
    values = {
        "date": None, "time": None,
        "x-edge-location": rng.choice(EDGES), "sc-bytes": str(size), "c-ip": ip,
        "cs-method": "GET", "cs(Host)": domain, "cs-uri-stem": path, "sc-status": str(status),
        "cs(Referer)": "-", "cs(User-Agent)": rng.choice(AGENTS), "cs-uri-query": "-",
        "cs(Cookie)": "-", "x-edge-result-type": result,
        "x-edge-request-id": "%016x%016x" % (rng.getrandbits(64), rng.getrandbits(64)),
        "x-host-header": host, "cs-protocol": "https", "cs-bytes": str(rng.randrange(200, 900)),
        "time-taken": "%.3f" % taken, "x-forwarded-for": "-", "ssl-protocol": "TLSv1.3",
        "ssl-cipher": "TLS_AES_128_GCM_SHA256", "x-edge-response-result-type": result,
        "cs-protocol-version": "HTTP/2.0", "fle-status": "-", "fle-encrypted-fields": "-",
        "c-port": str(rng.randrange(1024, 65535)), "time-to-first-byte": "%.3f" % (taken * 0.9),
        "x-edge-detailed-result-type": detailed, "sc-content-type": "text/html",
        "sc-content-len": str(size), "sc-range-start": "-", "sc-range-end": "-",
    }
    return dist, values, incident


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=["w3c", "w3c-v2", "json", "realtime"], default="w3c")
    ap.add_argument("--incident", action="append", default=[], choices=sorted(INCIDENTS))
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--bytes", type=int, default=0, help="stop after this many uncompressed bytes (benchmarks)")
    ap.add_argument("--hours", type=int, default=2)
    ap.add_argument("--start", type=int, default=1772373600, help="Unix seconds (default 2026-03-01T14:00Z)")
    ap.add_argument("--files-per-hour", type=int, default=3)
    ap.add_argument("--plain", action="store_true", help="w3c without gzip")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    span = args.hours * 3600
    # the incident hits the middle of the second half hour for 20 minutes
    window = (args.start + span // 2, args.start + span // 2 + 1200)
    total = args.requests
    if args.bytes:
        total = 1 << 62
    files = {}
    counts = {"requests": 0, "errors": 0, "incidents": {k: 0 for k in args.incident},
              "other_errors": {k: 0 for k in DISTRIBUTIONS}}
    written = 0
    step = span / max(args.requests, 1)
    if args.bytes:
        # lines are about 280 bytes: aim below, so the bytes run out
        # before the hours do
        step = span / max(args.bytes // 250, 1)

    def open_file(dist, t):
        hour = int(t - (t - args.start) % 3600)
        part = rng.randrange(args.files_per_hour)
        key = (dist, hour, part)
        if key in files:
            return files[key]
        dist_id = DISTRIBUTIONS[dist][0]
        stamp = time.strftime("%Y-%m-%d-%H", time.gmtime(hour))
        if args.format == "w3c":
            name = f"{dist_id}.{stamp}.{part:08x}" + ("" if args.plain else ".gz")
            path = os.path.join(args.out, name)
            f = open(path, "wb") if args.plain else gzip.open(path, "wb", compresslevel=6)
            head = "#Version: 1.0\n#Fields: " + " ".join(STANDARD) + "\n"
        elif args.format == "w3c-v2":
            path = os.path.join(args.out, f"{dist_id}.{stamp}.{part:08x}.log")
            f = open(path, "wb")
            head = "#Version: 1.0\n#Fields: " + " ".join(V2_FIELDS) + "\n"
        elif args.format == "json":
            path = os.path.join(args.out, f"{dist_id}.{stamp}.{part:08x}.json")
            f = open(path, "wb")
            head = ""
        else:
            path = os.path.join(args.out, f"live-{dist_id}-{stamp}-{part}")
            f = open(path, "wb")
            head = ""
        f.write(head.encode())
        files[key] = [f, []]
        return files[key]

    t = float(args.start)
    n = 0
    while n < total and t < args.start + span:
        n += 1
        t += step * (0.5 + rng.random())
        it = int(t)
        dist, v, incident = request(rng, it, window, args.incident)
        date, clock = fmt_time(it).split("\t")
        v["date"], v["time"] = date, clock
        if args.format == "w3c":
            line = "\t".join(v[k] for k in STANDARD)
        elif args.format == "w3c-v2":
            line = "\t".join(v[k] for k in V2_FIELDS)
        elif args.format == "json":
            obj = {k: v[k] for k in V2_FIELDS}
            line = json.dumps(obj, separators=(",", ":"))
        else:
            v["timestamp"] = "%d.%03d" % (it, rng.randrange(1000))
            v["cs-host"] = v["cs(Host)"]
            line = "\t".join(v[k] for k in REALTIME_FIELDS)
        entry = open_file(dist, it)
        entry[1].append(line)
        if len(entry[1]) >= 2000:
            data = ("\n".join(entry[1]) + "\n").encode()
            entry[0].write(data)
            written += len(data)
            entry[1].clear()
        counts["requests"] += 1
        if int(v["sc-status"]) >= 500:
            counts["errors"] += 1
        if incident:
            counts["incidents"][incident] += 1
        elif int(v["sc-status"]) >= 500:
            counts["other_errors"][dist] += 1
        if args.bytes and written >= args.bytes:
            break
    for f, pending in files.values():
        if pending:
            data = ("\n".join(pending) + "\n").encode()
            f.write(data)
            written += len(data)
        f.close()
    counts["files"] = len(files)
    counts["bytes"] = written
    counts["window"] = list(window)
    json.dump(counts, sys.stdout)
    print()


if __name__ == "__main__":
    main()
