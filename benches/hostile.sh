#!/usr/bin/env bash
# Peak memory and wall time of the release binary on each hostile input
# shape of tests/hostile.rs. Writes the shapes to a temporary directory,
# runs `edgelint check` on each under /usr/bin/time -v and prints a table.
#
#   cargo build --release && benches/hostile.sh [path/to/edgelint]
#   SHAPES="nul empty" benches/hostile.sh   # only some shapes
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/edgelint}
[ -x "$bin" ] || { echo "build the release binary first: cargo build --release" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is required" >&2; exit 1; }
bin=$(realpath "$bin")
dir=$(mktemp -d)
trap 'chmod -R u+rwx "$dir" 2>/dev/null; rm -rf "$dir"' EXIT

python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
def write(name, data):
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
write("deep-json-array/deep.json", "[" * 200_000 + "]" * 200_000)
write("deep-yaml-flow/deep.yaml", "a: " + "[" * 200_000 + "]" * 200_000)
write("deep-yaml-block/deep.yaml", "".join(f"{'  ' * i}k{i}:\n" for i in range(3000)))
bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
for i in range(8):
    p, n = chr(ord("a") + i), chr(ord("b") + i)
    bomb += f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n"
write("alias-bomb/bomb.yaml", bomb)
origin = '{"Id":"o","DomainName":"b.s3-website-us-east-1.amazonaws.com","CustomOriginConfig":{"OriginProtocolPolicy":"https-only"}}'
origins = ",".join([origin] * 20)
parts, size, i = [], 0, 0
while size < 30 * 1024 * 1024:
    r = ('"D%d":{"Type":"AWS::CloudFront::Distribution","Properties":{"DistributionConfig":{"Enabled":true,"Origins":[%s],"DefaultCacheBehavior":{"TargetOriginId":"o","ViewerProtocolPolicy":"allow-all"},"Comment":"%s"}}}'
         % (i, origins, "x" * 2000))
    parts.append(r); size += len(r) + 1; i += 1
write("json-30mb/big.json", '{"Resources":{' + ",".join(parts) + "}}")
seed, out = 0x2545F4914F6CDD1D, bytearray()
mask = (1 << 64) - 1
for _ in range(100_000):
    seed ^= (seed << 13) & mask; seed ^= seed >> 7; seed ^= (seed << 17) & mask
    out.append((seed >> 24) & 0xFF)
write("random-binary/random.yaml", bytes(out))
write("latin1/latin1.yaml", b"Resources:\n  Caf\xe9:\n    Type: AWS::S3::Bucket\n")
write("nul/nul.yaml", b"Resources:\n  A: \x00\n")
write("empty/empty.yaml", b"")
write("hcl-50k-brackets/main.tf", "locals {\n  x = " + "[" * 50_000 + "1" + "]" * 50_000 + "\n}\n")
write("hcl-truncated/main.tf", 'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n  origin {\n    domain_name = "b.s3.amazonaws.com"\n    origin_id = "o')
PY
mkdir -p "$dir/symlink-loop/a"
ln -s "$dir/symlink-loop" "$dir/symlink-loop/a/back"
mkdir -p "$dir/unreadable"
ln -s "$dir/nowhere" "$dir/unreadable/gone.yaml"
mkdir -p "$dir/fifo"
mkfifo "$dir/fifo/pipe.yaml"

printf '%-18s %5s %10s %9s\n' shape exit "max RSS" wall
# SHAPES="nul empty" benches/hostile.sh measures only those
all="deep-json-array deep-yaml-flow deep-yaml-block alias-bomb json-30mb
  random-binary latin1 nul empty hcl-50k-brackets hcl-truncated symlink-loop
  unreadable fifo"
for shape in ${SHAPES:-$all}; do
  case $shape in
    symlink-loop) target=$dir/$shape ;;
    *) target=$(find "$dir/$shape" -mindepth 1 -maxdepth 1 ! -type d | head -n 1) ;;
  esac
  status=0
  /usr/bin/time -v -o "$dir/time.txt" "$bin" check "$target" --format json >/dev/null 2>&1 || status=$?
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$dir/time.txt")
  printf '%-18s %5s %7s MB %9s\n' "$shape" "$status" "$((rss / 1024))" "$wall"
done
