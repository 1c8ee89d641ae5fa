# Shared by every bench scenario: builds, server processes, CPU accounting, wrk runs.
# Sourced by bench/run; expects ROOT (the repository) and BENCH_DIR (bench/) to be set.

LAUNCHER_JAR="$ROOT/platform/launcher/target/squall.jar"
BENCH_JAR="$ROOT/bench/java/target/squall-bench.jar"
CLK_TCK="$(getconf CLK_TCK)"
NCPU="$(nproc)"

# Every server this run starts, by PID. Each is started with setsid, so its PID is also its process group id and
# stopping it takes its children along (Tornado's forked workers).
STARTED_PIDS=()
BENCH_TMP=""

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Made here, not lazily: bench_tmp is called in $(...) subshells, where an assignment would not stick.
BENCH_TMP="$(mktemp -d /tmp/squall-bench.XXXXXX)"
bench_tmp() { echo "$BENCH_TMP"; }

# Settings every scenario shares (bench/run --help lists the variables).
PORT_BASE="${BENCH_PORT_BASE:-18080}"
JAVA_OPTS_BENCH="${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}"
WARMUP_JVM="${BENCH_WARMUP_JVM:-10}"     # seconds of load per JVM contender before measuring
WARMUP_OTHER="${BENCH_WARMUP_OTHER:-3}"  # Python and Node need no JIT warm-up; this only settles them

# --- pinning -----------------------------------------------------------------------------------------------------
# wrk always gets the last CPU. A contender that can only use one core (one Python or Node process) gets CPU 0 to
# itself; one built to use every core (Squall, raw Vert.x, Tornado x2) gets them all and so shares wrk's CPU.
if [ "$NCPU" -ge 2 ] && [ "${BENCH_PIN:-1}" = 1 ]; then
  CPU_WRK="$((NCPU - 1))"
  CPU_SINGLE="0"
  CPU_ALL="0-$((NCPU - 1))"
  PINNING="wrk on CPU $CPU_WRK; single-process servers on CPU $CPU_SINGLE (alone); multi-core servers on CPUs $CPU_ALL (sharing CPU $CPU_WRK with wrk)"
else
  CPU_WRK=""; CPU_SINGLE=""; CPU_ALL=""
  PINNING="no pinning: servers and wrk share all $NCPU CPU(s)"
fi

pinned() { # CPUS CMD... : run CMD on CPUS (or anywhere when pinning is off)
  local cpus="$1"; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

# --- builds ------------------------------------------------------------------------------------------------------
# Only what the scenarios need: the launcher jar (same command and staleness rule as ./squall) and bench/java.
newer_than() { # FILE DIR... : true when FILE is missing or any source under DIRs is newer
  local file="$1"; shift
  [ -f "$file" ] || return 0
  [ -n "$(find "$@" -path '*/target' -prune -o -path '*/node_modules' -prune -o -type f -newer "$file" -print -quit 2>/dev/null)" ]
}

build_launcher() {
  if newer_than "$LAUNCHER_JAR" "$ROOT/pom.xml" "$ROOT/platform" "$ROOT/verticles" "$ROOT/cluster-config"; then
    log "building the launcher jar (mvn -o -q -B -DskipTests package -pl platform/launcher -am)"
    (cd "$ROOT" && mvn -o -q -B -DskipTests package -pl platform/launcher -am) >&2 || die "launcher build failed"
  fi
}

jar_has_class() { # JAR CLASS : true when the jar holds the class (a verticle that may not have landed yet)
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
try:
    names = zipfile.ZipFile(sys.argv[1]).namelist()
except (OSError, zipfile.BadZipFile):
    sys.exit(1)
sys.exit(0 if sys.argv[2].replace(".", "/") + ".class" in names else 1)
PY
}

# bench/java is built in the root reactor (the root pom's bench profile), so it compiles against this checkout's
# modules (PebbleBench uses the templates verticle's Renderer); it runs on the launcher jar's classes.
build_bench_java() {
  if newer_than "$BENCH_JAR" "$ROOT/bench/java/pom.xml" "$ROOT/bench/java/src" || [ "$ROOT/pom.xml" -nt "$BENCH_JAR" ]; then
    log "building bench/java (mvn -o -q -B -Pbench -DskipTests -pl bench/java -am package)"
    (cd "$ROOT" && mvn -o -q -B -Pbench -DskipTests -pl bench/java -am package) >&2 || die "bench/java build failed"
  fi
}

# --- server processes --------------------------------------------------------------------------------------------
start_server() { # NAME CPUS CMD... ; sets SERVER_PID
  local name="$1" cpus="$2"; shift 2
  local out; out="$(bench_tmp)/$name.log"
  # setsid without a fork (we are not a group leader): $! is the server itself and leads its own process group
  if [ -n "$cpus" ]; then
    setsid taskset -c "$cpus" "$@" >"$out" 2>&1 </dev/null &
  else
    setsid "$@" >"$out" 2>&1 </dev/null &
  fi
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  log "started $name (pid $SERVER_PID${cpus:+, CPUs $cpus}); log: $out"
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_server() { # PID: TERM its process group, KILL whatever is left after 10 s
  local pid="$1" i
  group_alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    group_alive "$pid" || return 0
    sleep 0.1
  done
  log "process group $pid ignored SIGTERM for 10 s; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || true
}

bench_cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    stop_server "$pid"
  done
  STARTED_PIDS=()
  if [ -n "$BENCH_TMP" ] && [ "${BENCH_KEEP_TMP:-0}" != 1 ]; then
    rm -rf "$BENCH_TMP"
  fi
}

wait_http() { # NAME PID URL TIMEOUT_S : until URL answers 2xx; fails if the server dies or time runs out
  local name="$1" pid="$2" url="$3" timeout="$4" deadline=$((SECONDS + $4))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$(bench_tmp)/$name.log" >&2; die "$name exited during start-up"; }
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  tail -20 "$(bench_tmp)/$name.log" >&2
  die "$name did not answer $url within ${timeout} s"
}

port_free() { [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# --- CPU accounting ----------------------------------------------------------------------------------------------
pid_tree() { # PID : the PID and all its descendants
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    pid_tree "$child"
  done
}

cpu_ticks() { # PID... : utime+stime (all threads) summed over the PIDs, in clock ticks
  local total=0 pid stat fields
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    # the command name may hold spaces: the fields we want come after its closing parenthesis
    read -r -a fields <<<"${stat##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

machine_busy_ticks() { # non-idle ticks of the whole machine (to see what else ran during a measurement)
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
  echo $((user + nice + system + irq + softirq + steal))
}

machine_busy_fraction() { # SECONDS : how many CPUs were busy on average, over a short sample
  local a b; a="$(machine_busy_ticks)"; sleep "$1"; b="$(machine_busy_ticks)"
  awk -v d="$((b - a))" -v hz="$CLK_TCK" -v s="$1" 'BEGIN { printf "%.2f", d / hz / s }'
}

machine_description() {
  local model mem os
  model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  mem="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  os="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "${model:-unknown CPU}, $NCPU CPUs, $mem RAM, ${os:-Linux}, kernel $(uname -r)"
}

# The machine may be shared (other people's builds and tests). Before each measurement, wait until the rest of
# the machine is quiet (under BENCH_QUIET_CPUS busy CPUs, our idle servers included), but never more than
# BENCH_QUIET_BUDGET seconds in the whole run; report_* flags runs that still saw other load.
QUIET_CPUS="${BENCH_QUIET_CPUS:-0.3}"
QUIET_BUDGET="${BENCH_QUIET_BUDGET:-60}"
QUIET_WAITED=0

wait_quiet() {
  local busy
  while :; do
    busy="$(machine_busy_fraction 1)"
    awk -v b="$busy" -v q="$QUIET_CPUS" 'BEGIN { exit !(b < q) }' && return 0
    if [ "$QUIET_WAITED" -ge "$QUIET_BUDGET" ]; then
      return 0
    fi
    QUIET_WAITED=$((QUIET_WAITED + 1))
    [ $((QUIET_WAITED % 10)) = 1 ] && log "machine busy ($busy CPUs used by others); waiting for quiet (${QUIET_WAITED}/${QUIET_BUDGET} s of budget used)"
  done
}

# --- load -------------------------------------------------------------------------------------------------------
# run_wrk LABEL SECONDS URL OUT_PREFIX SERVER_PID : one closed-loop wrk run (-t1 -c$CONNECTIONS) on wrk's CPU.
# Writes OUT_PREFIX.wrk (wrk's report) and OUT_PREFIX.cpu (server ticks, wrk user/sys, machine ticks, wall s).
CONNECTIONS="${BENCH_CONNECTIONS:-64}"

run_wrk() {
  local label="$1" secs="$2" url="$3" out="$4" pid="$5"
  local pids before after mbefore mafter t0 t1
  # shellcheck disable=SC2207
  pids=($(pid_tree "$pid"))
  before="$(cpu_ticks "${pids[@]}")"
  mbefore="$(machine_busy_ticks)"
  t0="$(date +%s.%N)"
  # `times` in the subshell reports its children's CPU: wrk's own user and system seconds
  ( pinned "$CPU_WRK" timeout "$((secs + 30))" wrk -t1 -c"$CONNECTIONS" -d"${secs}s" --latency "$url" >"$out.wrk" 2>&1
    times >"$out.times" ) || log "wrk failed for $label (see $out.wrk)"
  t1="$(date +%s.%N)"
  mafter="$(machine_busy_ticks)"
  after="$(cpu_ticks "${pids[@]}")"
  printf 'server_ticks=%s\nmachine_ticks=%s\nclk_tck=%s\nwall_s=%s\n' \
    "$((after - before))" "$((mafter - mbefore))" "$CLK_TCK" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" >"$out.cpu"
}

warm_up_url() { # LABEL SECONDS URL : the same closed-loop load as a measurement, output discarded
  local label="$1" secs="$2" url="$3"
  log "warming up $label for ${secs} s"
  pinned "$CPU_WRK" timeout "$((secs + 30))" wrk -t1 -c"$CONNECTIONS" -d"${secs}s" "$url" >/dev/null 2>&1 \
    || log "warm-up of $label: wrk failed"
}

# run_interleaved OUT_DIR DURATION ROUNDS NAME|URL|PID... : every round runs every contender once, starting one
# further along the list each round, so a slow drift of the machine (another job, thermal) spreads over all
# contenders instead of hitting one. Writes OUT_DIR/r<round>.<name>.{wrk,times,cpu} for report_common.parse_run.
run_interleaved() {
  local dir="$1" duration="$2" rounds="$3"; shift 3
  local specs=("$@") n=$# r i k name url pid
  for ((r = 1; r <= rounds; r++)); do
    for ((i = 0; i < n; i++)); do
      k=$(((i + r - 1) % n))
      IFS='|' read -r name url pid <<<"${specs[$k]}"
      wait_quiet
      log "round $r/$rounds: $name (${duration} s)"
      run_wrk "$name" "$duration" "$url" "$dir/r$r.$name" "$pid"
    done
  done
}

# bench_meta SCENARIO DURATION ROUNDS BUSY_BEFORE BUSY_AFTER START_EPOCH : the run's meta.json for a report script
# (date, machine, load, pinning, versions, how quiet the machine was). Uses JAVA_OPTS_BENCH, WARMUP_JVM, WARMUP_OTHER.
bench_meta() {
  META_SCENARIO="$1" META_DURATION="$2" META_ROUNDS="$3" META_BUSY_BEFORE="$4" META_BUSY_AFTER="$5" META_START="$6" \
  META_MACHINE="$(machine_description)" META_PINNING="$PINNING" META_JAVA_OPTS="$JAVA_OPTS_BENCH" \
  META_CONNECTIONS="$CONNECTIONS" META_QUIET_WAITED="$QUIET_WAITED" META_WARMUP_JVM="$WARMUP_JVM" META_WARMUP_OTHER="$WARMUP_OTHER" \
  META_JAVA="$(java -version 2>&1 | sed -n 2p)" META_NODE="$(node --version 2>/dev/null || echo none)" \
  META_PYTHON="$(/usr/bin/python3 --version 2>&1)" \
  META_TORNADO="$(/usr/bin/python3 -c 'import tornado; print(tornado.version)')" \
  META_WRK="$(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')" \
  META_SQUALL="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  python3 - <<'PY'
import json, os, time
e = os.environ
print(json.dumps({
    "scenario": e["META_SCENARIO"],
    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    "machine": e["META_MACHINE"],
    "duration_s": int(e["META_DURATION"]), "rounds": int(e["META_ROUNDS"]),
    "connections": int(e["META_CONNECTIONS"]),
    "warmup_s": {"jvm": int(e["META_WARMUP_JVM"]), "other": int(e["META_WARMUP_OTHER"])},
    "load": f"wrk -t1 -c{e['META_CONNECTIONS']} -d{e['META_DURATION']}s --latency: closed loop, no pipelining, loopback",
    "pinning": e["META_PINNING"],
    "java_opts": e["META_JAVA_OPTS"],
    "versions": {"java": e["META_JAVA"], "node": e["META_NODE"], "python": e["META_PYTHON"],
                 "tornado": e["META_TORNADO"], "wrk": e["META_WRK"], "squall": e["META_SQUALL"]},
    "machine_busy_cpus_before": float(e["META_BUSY_BEFORE"]),
    "machine_busy_cpus_after": float(e["META_BUSY_AFTER"]),
    "waited_for_quiet_s": int(e["META_QUIET_WAITED"]),
    "elapsed_s": round(time.time() - float(e["META_START"])),
}))
PY
}
