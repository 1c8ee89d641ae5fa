# bench/run ws-fanout, bench/run ws-idle: WebSocket fan-out and idle memory per connection of Squall's bridge, next
# to a raw Vert.x WebSocket loop, Node's ws and Tornado. Every contender speaks the bridge's frames (register, then
# rec frames carrying the publisher's body), so one load client (bench/java WsLoadClient) measures them all.
# Sourced by bench/run after lib/common.sh; defines run_ws_fanout and run_ws_idle (DURATION ROUNDS).

WS_DIR="$BENCH_DIR/ws"
BRIDGE_CLASS="io.squall.bridge.BridgeVerticle"
WS_PATH="/eventbus/websocket"
WS_FANOUT_SIZES="${BENCH_WS_SUBSCRIBERS:-1000 10000}"
WS_IDLE_SIZES="${BENCH_WS_IDLE_CONNECTIONS:-5000 10000}"
WS_RATE="${BENCH_WS_RATE:-10}"              # broadcasts per second
WS_PAYLOAD="${BENCH_WS_PAYLOAD:-200}"       # body bytes
WS_DRAIN="${BENCH_WS_DRAIN:-20}"            # seconds after the last broadcast before what has not arrived is lost
WS_JAVA_OPTS="${BENCH_WS_JAVA_OPTS:--Xms2g -Xmx2g}"
WS_CLIENT_JAVA_OPTS="${BENCH_WS_CLIENT_JAVA_OPTS:--Xms1g -Xmx1g}"
WS_PER_PROCESS="${BENCH_WS_PER_PROCESS:-10000}"  # sockets per load-client process (the open-file limit is per process)
WS_PER_SOURCE="${BENCH_WS_PER_SOURCE:-2000}"     # sockets per 127.0.0.x source address
WS_SETTLE="${BENCH_WS_SETTLE:-3}"                # ws-idle: seconds between the last connection and the reading

# contender | server | kind (jvm: warmed up for BENCH_WARMUP_JVM s, GC'd before memory readings)
WS_CONTENDERS=(
  "squall-bridge|squall|jvm"
  "vertx-raw|vertx|jvm"
  "node-ws|node|other"
  "tornado|tornado|other"
)

declare -A WS_PORT WS_PID WS_CPUS
WS_SKIP=""        # why squall-bridge cannot run (the bridge has not landed), or empty
WS_CLIENT_PID=""  # the load client running now (stopped with everything else on exit)
# Each load client binds its sockets to fresh 127.0.0.x addresses (see WsLoadClient.sourceAddresses), so no run
# meets the TIME_WAIT sockets of an earlier one. Starting from the clock spreads consecutive bench runs too.
WS_SOURCE_NEXT=$((2 + ($(date +%s) / 10 % 400) * 20000))

ws_report() { python3 "$WS_DIR/report.py" "$@"; }

# --- readiness ---------------------------------------------------------------------------------------------------
ws_preflight() { # MAX_SOCKETS_PER_SERVER
  /usr/bin/python3 -c 'import tornado.websocket' 2>/dev/null || die "Tornado is missing: apt-get install -y python3-tornado"
  command -v node >/dev/null || die "node is missing"
  command -v npm >/dev/null || die "npm is missing"
  command -v jcmd >/dev/null || die "jcmd is missing (a JDK, not a JRE)"
  local limit; limit="$(ulimit -n)"
  local need=$(($1 + 200))
  [ "$WS_PER_PROCESS" -gt $need ] && need=$((WS_PER_PROCESS + 200))
  if [ "$limit" != unlimited ] && [ "$limit" -lt "$need" ]; then
    die "ulimit -n is $limit; this run needs $need open files per process (servers hold up to $1 sockets, load clients $WS_PER_PROCESS): lower BENCH_WS_SUBSCRIBERS / BENCH_WS_IDLE_CONNECTIONS / BENCH_WS_PER_PROCESS"
  fi
  [ "$WS_PER_PROCESS" -le 15000 ] || die "BENCH_WS_PER_PROCESS is $WS_PER_PROCESS; keep a load-client process at 15,000 sockets or fewer"
}

# Sets WS_SKIP when the bridge cannot run; builds the launcher (only if stale) either way: raw Vert.x and the load
# client run on its classes.
ws_ready_bridge() {
  WS_SKIP=""
  local src; src="$(find "$ROOT/verticles" -path '*/target' -prune -o -name BridgeVerticle.java -print -quit 2>/dev/null)"
  build_launcher
  if [ -z "$src" ] && ! jar_has_class "$LAUNCHER_JAR" "$BRIDGE_CLASS"; then
    WS_SKIP="$BRIDGE_CLASS is not in this checkout (the bridge has not landed), so there is no Squall contender"
  elif ! jar_has_class "$LAUNCHER_JAR" "$BRIDGE_CLASS"; then
    WS_SKIP="$BRIDGE_CLASS is not in $LAUNCHER_JAR (is the bridge module a dependency of platform/launcher?)"
  fi
  if [ -n "$WS_SKIP" ]; then
    log "squall-bridge SKIPPED: $WS_SKIP"
  fi
}

# npm ci into bench/ws/node (ws pinned by package-lock.json), only when the installed ws is not the locked one.
ws_ready_node() {
  local want have
  want="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"]["node_modules/ws"]["version"])' "$WS_DIR/node/package-lock.json")"
  have="$(cd "$WS_DIR/node" && node -p 'require("./node_modules/ws/package.json").version' 2>/dev/null || true)"
  if [ "$have" != "$want" ]; then
    log "installing ws $want into bench/ws/node (npm ci)"
    (cd "$WS_DIR/node" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci in bench/ws/node failed"
  fi
  WS_NODE_WS_VERSION="$want"
}

ws_contenders() { # the contenders of this run (squall-bridge only when the bridge is there)
  local c
  for c in "${WS_CONTENDERS[@]}"; do
    [ "${c%%|*}" = squall-bridge ] && [ -n "$WS_SKIP" ] && continue
    echo "$c"
  done
}

ws_setup_ports() {
  WS_PORT=([squall]=$((PORT_BASE + 101)) [vertx]=$((PORT_BASE + 102)) [node]=$((PORT_BASE + 103))
    [tornado]=$((PORT_BASE + 104)) [management]=$((PORT_BASE + 110)))
  # like bench/run http: one-core contenders alone on CPU 0, the JVMs on every CPU; the load client takes wrk's CPU
  WS_CPUS=([squall]=$CPU_ALL [vertx]=$CPU_ALL [node]=$CPU_SINGLE [tornado]=$CPU_SINGLE)
  local p
  for p in "${WS_PORT[@]}"; do
    port_free "$p" || die "port $p is in use; set BENCH_PORT_BASE to a free range (ws uses base+101..base+110)"
  done
}

wait_listening() { # NAME PID PORT TIMEOUT_S
  local name="$1" pid="$2" port="$3" deadline=$((SECONDS + $4))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$(bench_tmp)/$name.log" >&2; die "$name exited during start-up"; }
    port_free "$port" || return 0
    sleep 0.2
  done
  tail -20 "$(bench_tmp)/$name.log" >&2
  die "$name did not listen on $port within $4 s"
}

start_ws_server() { # SERVER : starts it and waits until it serves
  local s="$1"
  case "$s" in
    squall)
      # shellcheck disable=SC2086
      start_server squall-bridge "${WS_CPUS[squall]}" env -u SQUALL_BRIDGE_PORT java $WS_JAVA_OPTS -jar "$LAUNCHER_JAR" \
        run "$WS_DIR/squall-app.yaml" --bridge-port "${WS_PORT[squall]}" --management-port "${WS_PORT[management]}" \
        --shutdown-timeout 2
      WS_PID[squall]=$SERVER_PID
      wait_http squall-bridge "$SERVER_PID" "http://127.0.0.1:${WS_PORT[management]}/health/ready" 60 ;;
    vertx)
      # shellcheck disable=SC2086
      start_server vertx-raw "${WS_CPUS[vertx]}" java $WS_JAVA_OPTS -cp "$LAUNCHER_JAR:$BENCH_JAR" \
        io.squall.bench.WsFanoutServer "${WS_PORT[vertx]}" 2 127.0.0.1
      WS_PID[vertx]=$SERVER_PID
      wait_listening vertx-raw "$SERVER_PID" "${WS_PORT[vertx]}" 60 ;;
    node)
      start_server node-ws "${WS_CPUS[node]}" node "$WS_DIR/node/server.js" "${WS_PORT[node]}" 127.0.0.1
      WS_PID[node]=$SERVER_PID
      wait_listening node-ws "$SERVER_PID" "${WS_PORT[node]}" 30 ;;
    tornado)
      start_server tornado "${WS_CPUS[tornado]}" /usr/bin/python3 "$WS_DIR/tornado_server.py" "${WS_PORT[tornado]}" 127.0.0.1
      WS_PID[tornado]=$SERVER_PID
      wait_listening tornado "$SERVER_PID" "${WS_PORT[tornado]}" 30 ;;
  esac
}

stop_ws_server() { # SERVER
  if [ -n "${WS_PID[$1]:-}" ]; then
    stop_server "${WS_PID[$1]}"
    WS_PID[$1]=""
  fi
  return 0
}

ws_url() { echo "ws://127.0.0.1:${WS_PORT[$1]}$WS_PATH"; }

# --- the load client ---------------------------------------------------------------------------------------------
# ws_client LABEL SERVER SUBSCRIBERS ARGS... : starts the load client (in the background, its own process group,
# pinned to the load CPU) against SERVER with fresh source addresses; sets WS_CLIENT_PID and WS_CLIENT_LOG.
ws_client() {
  local label="$1" server="$2" n="$3"; shift 3
  local first=$WS_SOURCE_NEXT
  # the publisher's address, then N / per-source subscriber addresses (and a few skipped .0/.255 ones)
  WS_SOURCE_NEXT=$((WS_SOURCE_NEXT + 4 + (n + WS_PER_SOURCE - 1) / WS_PER_SOURCE))
  # shellcheck disable=SC2086
  start_server "client-$label" "$CPU_WRK" env BENCH_CLK_TCK="$CLK_TCK" java $WS_CLIENT_JAVA_OPTS \
    -cp "$LAUNCHER_JAR:$BENCH_JAR" io.squall.bench.WsLoadClient --url "$(ws_url "$server")" --subscribers "$n" \
    --per-process "$WS_PER_PROCESS" --per-source "$WS_PER_SOURCE" --first-source "$first" \
    --rate "$WS_RATE" --payload "$WS_PAYLOAD" --server-pid "${WS_PID[$server]}" "$@"
  WS_CLIENT_PID=$SERVER_PID
  WS_CLIENT_LOG="$(bench_tmp)/client-$label.log"
}

forget_pid() { # PID : a finished load client leaves STARTED_PIDS (its number may be reused later)
  local kept=() p
  for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

ws_client_wait() { # TIMEOUT_S : until the load client exits (killed after TIMEOUT_S); its exit status
  local deadline=$((SECONDS + $1)) rc=0
  while kill -0 "$WS_CLIENT_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$WS_CLIENT_PID" 2>/dev/null; then
    log "load client $WS_CLIENT_PID still running after $1 s; stopping it"
    stop_server "$WS_CLIENT_PID"
    rc=124
  else
    wait "$WS_CLIENT_PID" 2>/dev/null || rc=$?
  fi
  forget_pid "$WS_CLIENT_PID"
  WS_CLIENT_PID=""
  return $rc
}

ws_client_line() { # PREFIX : the JSON after PREFIX on the load client's last such line
  grep "^$1 " "$WS_CLIENT_LOG" 2>/dev/null | tail -1 | cut -d' ' -f2-
}

# ws_fanout_once LABEL SERVER SUBSCRIBERS SECONDS OUT_JSON [ARGS...] : one load-client run; fails on a protocol problem
ws_fanout_once() {
  local label="$1" server="$2" n="$3" secs="$4" out="$5"; shift 5
  ws_client "$label" "$server" "$n" --duration "$secs" --drain "$WS_DRAIN" "$@"
  local rc=0
  ws_client_wait $((240 + secs + WS_DRAIN)) || rc=$?
  ws_client_line RESULT >"$out"
  if [ "$rc" != 0 ] || [ ! -s "$out" ]; then
    tail -15 "$WS_CLIENT_LOG" >&2
    die "$label: the load client failed (exit $rc); log above"
  fi
}

# --- ws-fanout ---------------------------------------------------------------------------------------------------
ws_fanout_check() { # TMP : every contender answers the probe with the agreed frame, and loses nothing at 20 subscribers
  local tmp="$1" c name server kind
  while IFS= read -r c; do
    IFS='|' read -r name server kind <<<"$c"
    ws_fanout_once "check-$name" "$server" 20 1 "$tmp/check.$name.json" --warmup 0
    ws_report check "$name" "$tmp/check.$name.json" || die "$name does not speak the frames the others do"
  done < <(ws_contenders)
  log "every contender delivers the same rec frames (register, then the publisher's body)"
}

ws_fanout_warm_up() { # TMP
  local tmp="$1" c name server kind secs n
  n="$(echo "$WS_FANOUT_SIZES" | tr ' ' '\n' | sort -n | head -1)"
  while IFS= read -r c; do
    IFS='|' read -r name server kind <<<"$c"
    if [ "$kind" = jvm ]; then secs=$WARMUP_JVM; else secs=$WARMUP_OTHER; fi
    log "warming up $name: $n subscribers, ${secs} s of broadcasts"
    ws_fanout_once "warmup-$name" "$server" "$n" "$secs" "$tmp/warmup.$name.json"
  done < <(ws_contenders)
}

run_ws_fanout() { # DURATION ROUNDS
  local duration="$1" rounds="$2" start=$SECONDS start_epoch; start_epoch="$(date +%s)"
  local tmp; tmp="$(bench_tmp)/ws-fanout"; mkdir -p "$tmp"
  local max_n; max_n="$(echo "$WS_FANOUT_SIZES" | tr ' ' '\n' | sort -n | tail -1)"
  ws_preflight "$max_n"
  ws_ready_bridge
  build_bench_java
  ws_ready_node
  ws_setup_ports

  local busy_before; busy_before="$(machine_busy_fraction 2)"
  log "machine busy before the run: $busy_before CPUs (anything above ~0.1 is someone else's load)"
  log "pinning: $PINNING (the load client takes wrk's place)"
  local c name server kind specs=() names=()
  while IFS= read -r c; do
    IFS='|' read -r name server kind <<<"$c"
    start_ws_server "$server"
    specs+=("$c")
    names+=("$name")
  done < <(ws_contenders)
  ws_fanout_check "$tmp"
  ws_fanout_warm_up "$tmp"

  local n r i k count=${#specs[@]}
  for n in $WS_FANOUT_SIZES; do
    for ((r = 1; r <= rounds; r++)); do
      for ((i = 0; i < count; i++)); do
        k=$(((i + r - 1) % count))
        IFS='|' read -r name server kind <<<"${specs[$k]}"
        wait_quiet
        log "$n subscribers, round $r/$rounds: $name (${duration} s of ${WS_RATE} broadcasts/s)"
        ws_fanout_once "n$n.r$r.$name" "$server" "$n" "$duration" "$tmp/n$n.r$r.$name.json"
        log "  $(ws_report round "$tmp/n$n.r$r.$name.json")"
      done
    done
  done

  for server in squall vertx node tornado; do stop_ws_server "$server"; done
  local busy_after; busy_after="$(machine_busy_fraction 2)"
  CONNECTIONS=0 bench_meta ws-fanout "$duration" "$rounds" "$busy_before" "$busy_after" "$start_epoch" >"$tmp/meta.json"
  local skip_args=()
  [ -n "$WS_SKIP" ] && skip_args=(--squall-skipped "$WS_SKIP")
  ws_report fanout --dir "$tmp" --rounds "$rounds" --sizes $WS_FANOUT_SIZES --contenders "${names[@]}" \
    --rate "$WS_RATE" --payload "$WS_PAYLOAD" --drain "$WS_DRAIN" --java-opts "$WS_JAVA_OPTS" \
    --client-java-opts "$WS_CLIENT_JAVA_OPTS" --node-ws "$WS_NODE_WS_VERSION" "${skip_args[@]}" \
    --json "$BENCH_DIR/results/ws-fanout.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "ws-fanout done in $((SECONDS - start)) s"
}

# --- ws-idle -----------------------------------------------------------------------------------------------------
# ws_memory SERVER KIND : "RSS_KB HEAP_KB": VmRSS of the server's processes, and for JVMs (else -1) the live heap
# after a full GC (jcmd GC.run, then GC.heap_info's used).
ws_memory() {
  local pid="${WS_PID[$1]}" kind="$2" rss=0 p heap=-1
  if [ "$kind" = jvm ]; then
    jcmd "$pid" GC.run >/dev/null 2>&1 || log "jcmd $pid GC.run failed"
    sleep 1
    heap="$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)"
  fi
  for p in $(pid_tree "$pid"); do
    rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
  done
  echo "$rss ${heap:--1}"
}

# ws_idle_connect LABEL SERVER N : N more idle subscribers (a new load client, kept running); waits until they are
# all registered (a probe reached every one). Appends the client's READY line to WS_IDLE_READY.
ws_idle_connect() {
  local label="$1" server="$2" n="$3" deadline
  ws_client "$label" "$server" "$n" --mode idle --hold 900
  WS_IDLE_CLIENTS+=("$WS_CLIENT_PID")
  deadline=$((SECONDS + 300))
  while [ -z "$(ws_client_line READY)" ]; do
    if ! kill -0 "$WS_CLIENT_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      tail -15 "$WS_CLIENT_LOG" >&2
      die "$label: the idle load client did not get its $n subscribers registered"
    fi
    sleep 0.5
  done
  WS_IDLE_READY="$(ws_client_line READY)"
  WS_CLIENT_PID=""
}

ws_idle_stop_clients() {
  local pid
  for pid in "${WS_IDLE_CLIENTS[@]}"; do stop_server "$pid"; forget_pid "$pid"; done
  WS_IDLE_CLIENTS=()
}

# One contender, one round: fresh server, 50 connections opened and closed (classes loaded, code paths run), the
# baseline, then the sizes in ascending order, each reached by adding connections.
ws_idle_contender() { # TMP ROUND NAME SERVER KIND
  local tmp="$1" r="$2" name="$3" server="$4" kind="$5" n prev=0 mem out="$tmp/r$2.$3.txt"
  start_ws_server "$server"
  sleep "$WS_SETTLE"
  ws_idle_connect "r$r.$name.warm" "$server" 50
  ws_idle_stop_clients
  sleep 2
  mem="$(ws_memory "$server" "$kind")"
  echo "0 $mem {}" >"$out"
  if [ "$kind" = jvm ]; then
    jcmd "${WS_PID[$server]}" GC.class_histogram >"$tmp/$name.hist0.txt" 2>/dev/null || true
  fi
  log "  $name: baseline RSS $(echo "$mem" | awk '{ printf "%.1f MB", $1 / 1024 }')"
  for n in $(echo "$WS_IDLE_SIZES" | tr ' ' '\n' | sort -n); do
    ws_idle_connect "r$r.$name.n$n" "$server" $((n - prev))
    prev=$n
    sleep "$WS_SETTLE"
    mem="$(ws_memory "$server" "$kind")"
    echo "$n $mem $WS_IDLE_READY" >>"$out"
    log "  $(ws_report idle-line "$name" "$out")"
  done
  if [ "$kind" = jvm ]; then # what the connections hold (the last round's is kept)
    jcmd "${WS_PID[$server]}" GC.class_histogram >"$tmp/$name.histN.txt" 2>/dev/null || true
  fi
  ws_idle_stop_clients
  stop_ws_server "$server"
}

run_ws_idle() { # DURATION ROUNDS (duration unused: nothing is timed)
  local duration="$1" rounds="$2" start=$SECONDS start_epoch; start_epoch="$(date +%s)"
  local tmp; tmp="$(bench_tmp)/ws-idle"; mkdir -p "$tmp"
  local max_n; max_n="$(echo "$WS_IDLE_SIZES" | tr ' ' '\n' | sort -n | tail -1)"
  ws_preflight "$max_n"
  ws_ready_bridge
  build_bench_java
  ws_ready_node
  ws_setup_ports
  WS_IDLE_CLIENTS=()

  local busy_before; busy_before="$(machine_busy_fraction 2)"
  log "machine busy before the run: $busy_before CPUs"
  local c name server kind specs=() names=() r i k count
  while IFS= read -r c; do specs+=("$c"); names+=("${c%%|*}"); done < <(ws_contenders)
  count=${#specs[@]}
  for ((r = 1; r <= rounds; r++)); do
    for ((i = 0; i < count; i++)); do
      k=$(((i + r - 1) % count))
      IFS='|' read -r name server kind <<<"${specs[$k]}"
      log "round $r/$rounds: $name, idle connections $WS_IDLE_SIZES"
      ws_idle_contender "$tmp" "$r" "$name" "$server" "$kind"
    done
  done

  local busy_after; busy_after="$(machine_busy_fraction 2)"
  CONNECTIONS=0 bench_meta ws-idle 0 "$rounds" "$busy_before" "$busy_after" "$start_epoch" >"$tmp/meta.json"
  local extra=()
  [ -n "$WS_SKIP" ] && extra+=(--squall-skipped "$WS_SKIP")
  ws_report idle --dir "$tmp" --rounds "$rounds" --sizes $WS_IDLE_SIZES --contenders "${names[@]}" \
    --java-opts "$WS_JAVA_OPTS" --node-ws "$WS_NODE_WS_VERSION" "${extra[@]}" \
    --histogram-out "$BENCH_DIR/results/ws-idle-histogram.txt" \
    --json "$BENCH_DIR/results/ws-idle.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "ws-idle done in $((SECONDS - start)) s"
}
