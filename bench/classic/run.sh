#!/usr/bin/env bash
# Times Pigment's classic methods and the foundation's filters, then the same cases in OpenCV and NumPy, on this
# machine, one after the other, and writes bench/classic/RESULTS.md. Needs Debian's python3-opencv and python3-numpy:
#   apt-get install -y python3-opencv python3-numpy
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
json="$(mktemp --suffix=.json)"
trap 'rm -f "$json"' EXIT
./pigment bench classic --repeats 5 --json "$json"
/usr/bin/python3 bench/classic/bench_peers.py --repeats 5 --csharp "$json" --out bench/classic/RESULTS.md
