#!/usr/bin/env bash
# Times `canvas decode` against tcpdump and tshark on one generated VXLAN capture, in one run, and prints
# the ratios (docs/benchmarks.md). Runs are interleaved so that load from other processes hits all tools.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GENERATOR="$ROOT/agent/bench/make-vxlan-pcap.py"
CACHE_DIR=${BENCH_CACHE_DIR:-$ROOT/agent/target/bench-captures}
PACKETS=${BENCH_PACKETS:-1000000}
TSHARK_PACKETS=${BENCH_TSHARK_PACKETS:-100000}
REPS=${BENCH_REPS:-5}
TSHARK_REPS=${BENCH_TSHARK_REPS:-3}
TIMEFORMAT='%3R %3U %3S' # bash's time keyword: wall, user and sys seconds

usage() {
  cat <<USAGE
Usage: agent/bench/decode-vs-tcpdump.sh [--help]

Generates (once, cached in $CACHE_DIR) a pcap of $PACKETS VXLAN frames
(VNI 4096/4097 carrying TCP/UDP/ICMP, 100-200 bytes) with agent/bench/make-vxlan-pcap.py, checks
that canvas decode, tcpdump and tshark all see every frame, then times on that file, interleaved:
  ./canvas decode --stats F          best and median of $REPS
  ./canvas decode F > /dev/null      (JSON lines) best and median of $REPS
  ./canvas decode --stats ONE_FRAME  JVM start-up alone, best and median of $REPS
  tcpdump -r F -w /dev/null          best and median of $REPS
  tshark -r F' -T fields ...         on the first $TSHARK_PACKETS frames (F'), $TSHARK_REPS runs, scaled
  tshark -r ONE_FRAME -T fields ...  tshark start-up, $TSHARK_REPS runs (not scaled)
and prints wall times (best, median), CPU times (median user+sys) and their ratios.
Needs java, python3, tcpdump and tshark.
The machine is shared: compare the ratios, and note the load averages printed with them.

Environment: BENCH_PACKETS, BENCH_TSHARK_PACKETS, BENCH_REPS, BENCH_TSHARK_REPS, BENCH_CACHE_DIR,
JAVA_OPTS (passed on by ./canvas).
USAGE
}

die() {
  echo "decode-vs-tcpdump: $*" >&2
  exit 1
}

# Writes the first $2 frames of the benchmark capture to $1 unless a file from this generator is there.
capture() {
  local file=$1 packets=$2
  if [[ ! -s $file || $GENERATOR -nt $file ]]; then
    echo "generating $file ($packets frames)..." >&2
    python3 "$GENERATOR" --packets "$packets" "$file.tmp"
    mv "$file.tmp" "$file"
  fi
}

# Runs a command with its output discarded and appends "wall_seconds cpu_seconds" to the file $TIMES/$1;
# dies if the command fails. CPU time (user + sys) suffers less than wall time from other processes' load.
timed() {
  local name=$1 errors timing status=0 wall user sys
  shift
  errors=$(mktemp)
  timing=$(mktemp)
  { time "$@" >/dev/null 2>"$errors"; } 2>"$timing" || status=$?
  if ((status != 0)); then
    cat "$errors" >&2
    rm -f "$errors" "$timing"
    die "failed (exit $status): $*"
  fi
  read -r wall user sys <"$timing"
  rm -f "$errors" "$timing"
  awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f %.3f\n", w, u + s }' >>"$TIMES/$name"
}

decode_stats() { "$ROOT/canvas" decode --stats "$1"; }
decode_json() { "$ROOT/canvas" decode "$1"; }
tcpdump_write() { tcpdump -r "$1" -w /dev/null; }
tshark_fields() {
  tshark -r "$1" -T fields -e frame.number -e ip.src -e ip.dst -e vxlan.vni -e tcp.seq_raw
}

# A field of `decode --stats` JSON, by a Python expression on `s`.
stats_field() {
  python3 -c 'import json, sys; s = json.load(sys.stdin); print('"$2"')' <<<"$1"
}

frame_count() {
  if command -v capinfos >/dev/null; then
    capinfos -M -c -T -r "$1" | cut -f2
  else
    tcpdump -r "$1" 2>/dev/null | wc -l
  fi
}

check_everything_decoded() {
  local stats tcpdump_frames fields tshark_lines tshark_vnis
  stats=$(decode_stats "$BIG") || die "canvas decode --stats failed on $BIG"
  tcpdump_frames=$(frame_count "$BIG")
  [[ $tcpdump_frames == "$PACKETS" ]] || die "$BIG holds $tcpdump_frames frames by capinfos/tcpdump, not $PACKETS"
  [[ $(stats_field "$stats" 's["frames"]') == "$tcpdump_frames" ]] \
    || die "decode --stats counted $(stats_field "$stats" 's["frames"]') frames, tcpdump $tcpdump_frames: $stats"
  [[ $(stats_field "$stats" 's["vxlan"]["frames"]') == "$PACKETS" ]] || die "not every frame decoded as VXLAN: $stats"
  [[ $(stats_field "$stats" 's["malformed"]["frames"]') == 0 ]] || die "decode found malformed frames: $stats"
  [[ $(stats_field "$stats" 'sorted(s["vxlan"]["by_vni"])') == "['4096', '4097']" ]] \
    || die "expected VNIs 4096 and 4097: $stats"
  fields=$(mktemp)
  tshark_fields "$SMALL" >"$fields" 2>/dev/null || die "tshark failed on $SMALL"
  tshark_lines=$(wc -l <"$fields")
  tshark_vnis=$(cut -f4 "$fields" | grep -c '^409[67]$' || true)
  rm -f "$fields"
  [[ $tshark_lines == "$TSHARK_PACKETS" && $tshark_vnis == "$TSHARK_PACKETS" ]] \
    || die "tshark printed $tshark_lines lines, $tshark_vnis with VNI 4096/4097, on $TSHARK_PACKETS frames"
  echo "checked: decode --stats and capinfos/tcpdump both count $PACKETS frames, all VXLAN (VNI 4096/4097)," \
    "none malformed; tshark gives a VNI for each of the first $TSHARK_PACKETS"
  echo "decode --stats: $stats"
}

# Prints "best_wall median_wall median_cpu" of the runs recorded in $TIMES/$1.
summary() {
  awk '{ wall[NR] = $1; cpu[NR] = $2 }
    function median(v, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    END { m = median(wall, NR); c = median(cpu, NR); printf "%.3f %.3f %.3f\n", wall[1], m, c }  # sorted now' "$TIMES/$1"
}

# Applies an awk expression to the matching columns of two summaries, e.g. combine "a / b" "$x" "$y".
combine() {
  awk -v expr="$1" -v a="$2" -v b="$3" -v scale="${4:-1}" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= 3; i++) {
      if (expr == "ratio") v = x[i] / y[i]
      else if (expr == "minus") v = x[i] - y[i]
      else v = y[i] + (x[i] - y[i]) * scale  # "scale": start-up y + scale x the per-frame part of x
      printf "%s%.*f", (i > 1 ? " " : ""), (expr == "ratio" ? 2 : 3), v
    }
    print ""
  }'
}

row() {
  local label=$1 best median cpu
  read -r best median cpu <<<"$2"
  printf '%-46s %8s %8s %8s\n' "$label" "$best" "$median" "$cpu"
}

main() {
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    return
  fi
  [[ $# -eq 0 ]] || { usage >&2; exit 2; }
  for tool in java python3 tcpdump tshark; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
  done
  mkdir -p "$CACHE_DIR"
  BIG="$CACHE_DIR/vxlan-$PACKETS.pcap"
  SMALL="$CACHE_DIR/vxlan-$TSHARK_PACKETS.pcap"
  ONE="$CACHE_DIR/vxlan-1.pcap"
  capture "$BIG" "$PACKETS"
  capture "$SMALL" "$TSHARK_PACKETS"
  capture "$ONE" 1
  decode_stats "$ONE" >/dev/null || die "./canvas decode failed on $ONE (CANVAS_REBUILD=1 rebuilds the jar)"
  check_everything_decoded

  TIMES=$(mktemp -d)
  trap 'rm -rf "$TIMES"' EXIT
  local load_before load_after r
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "timing: $REPS rounds (tshark in the first $TSHARK_REPS), load average before: $load_before" >&2
  for ((r = 1; r <= REPS; r++)); do
    timed stats decode_stats "$BIG"
    timed tcpdump tcpdump_write "$BIG"
    timed startup decode_stats "$ONE"
    timed json decode_json "$BIG"
    if ((r <= TSHARK_REPS)); then
      timed tshark tshark_fields "$SMALL"
      timed tshark_startup tshark_fields "$ONE"
    fi
    echo "  round $r of $REPS done" >&2
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)

  local stats tcpdump json startup decode_only tshark tshark_startup tshark_scaled scale
  stats=$(summary stats)
  tcpdump=$(summary tcpdump)
  json=$(summary json)
  startup=$(summary startup)
  decode_only=$(combine minus "$stats" "$startup")
  tshark=$(summary tshark)
  tshark_startup=$(summary tshark_startup)
  scale=$(awk -v a="$PACKETS" -v b="$TSHARK_PACKETS" 'BEGIN { printf "%g", a / b }')
  tshark_scaled=$(combine scale "$tshark" "$tshark_startup" "$scale")

  echo
  echo "decode vs tcpdump vs tshark on $BIG ($PACKETS VXLAN frames)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
    "load average before $load_before, after $load_after"
  echo "JAVA_OPTS: ${JAVA_OPTS:-(./canvas default)}; $REPS runs each, tshark $TSHARK_REPS"
  echo
  printf '%-46s %8s %8s %8s\n' "seconds" "best" "median" "cpu"
  row "./canvas decode --stats F" "$stats"
  row "tcpdump -r F -w /dev/null" "$tcpdump"
  row "./canvas decode F > /dev/null (JSON lines)" "$json"
  row "./canvas decode --stats (1 frame: start-up)" "$startup"
  row "decode --stats minus start-up" "$decode_only"
  row "tshark -T fields, first $TSHARK_PACKETS frames" "$tshark"
  row "tshark -T fields, 1 frame (start-up)" "$tshark_startup"
  row "tshark -T fields, scaled to $PACKETS frames" "$tshark_scaled"
  echo "(best and median wall time; cpu = median user+sys. tshark -r F -T fields -e frame.number -e ip.src"
  echo " -e ip.dst -e vxlan.vni -e tcp.seq_raw > /dev/null ran on the first $TSHARK_PACKETS frames only;"
  echo " scaled = start-up + $scale x (time on $TSHARK_PACKETS frames - start-up))"
  echo
  printf '%-46s %8s %8s %8s\n' "ratio" "best" "median" "cpu"
  row "decode --stats / tcpdump" "$(combine ratio "$stats" "$tcpdump")"
  row "(decode --stats - start-up) / tcpdump" "$(combine ratio "$decode_only" "$tcpdump")"
  row "decode JSON / tcpdump" "$(combine ratio "$json" "$tcpdump")"
  row "tshark (scaled) / decode --stats" "$(combine ratio "$tshark_scaled" "$stats")"
  local verdict=MISSED
  if awk -v s="${stats#* }" -v t="${tcpdump#* }" 'BEGIN { split(s, a, " "); split(t, b, " "); exit !(a[1] <= 2 * b[1]) }'
  then
    verdict=met
  fi
  echo "target: decode --stats within 2x of tcpdump (median wall time): $verdict"
}

main "$@"
