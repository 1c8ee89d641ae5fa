# bench/run cluster: Squall scaled out over 1, 2 and 3 clustered nodes (Hazelcast on loopback) on this machine.
# Fan-out: WebSocket subscribers spread evenly over the nodes' bridges, one publisher on node 1, 10 broadcasts/s;
# delivered msgs/s, loss, latency and connections held per cluster size. Then request/reply latency across the
# event bus (requester on node 1, consumer on node 2, and on the same node) next to a raw TCP ping-pong.
# Sourced by bench/run after lib/common.sh; defines run_cluster (DURATION ROUNDS).

CLUSTER_DIR="$BENCH_DIR/cluster"
# the load client and its helpers (ws_client_wait, ws_client_line, ws_report, ...) are bench/ws's; sourced only once
# per bench/run, so that a ws-fanout earlier in the same run keeps its place in the source addresses
if ! declare -F ws_client >/dev/null; then
  # shellcheck source=../ws/run.sh
  . "$BENCH_DIR/ws/run.sh"
fi

CLUSTER_SIZES="${BENCH_CLUSTER_SUBSCRIBERS:-3000 12000}"  # subscribers in total, spread over the nodes
CLUSTER_NODES="${BENCH_CLUSTER_NODES:-1 2 3}"             # cluster sizes, in this order (nodes are added, not restarted)
CLUSTER_JAVA_OPTS="${BENCH_CLUSTER_JAVA_OPTS:--Xms1g -Xmx1g}"
CLUSTER_RR_SECONDS="${BENCH_CLUSTER_RR_SECONDS:-5}"        # measured seconds per request/reply run
CLUSTER_RR_WARMUP="${BENCH_CLUSTER_RR_WARMUP:-3}"          # unmeasured seconds before each
CLUSTER_RR_PAYLOAD="${BENCH_CLUSTER_RR_PAYLOAD:-64}"       # request and reply bytes
CLUSTER_MAX_NODES=3

declare -A CL_PID CL_BRIDGE CL_MGMT
CL_NAME=""

cluster_preflight() { # MAX_SUBSCRIBERS
  command -v curl >/dev/null || die "curl is missing"
  local limit need; limit="$(ulimit -n)"
  need=$(($1 + 200))  # node 1 alone holds them all in the 1-node phase; a load-client process never more
  if [ "$limit" != unlimited ] && [ "$limit" -lt "$need" ]; then
    die "ulimit -n is $limit; this run needs $need open files per process (node 1 alone holds up to $1 sockets): lower BENCH_CLUSTER_SUBSCRIBERS"
  fi
}

cluster_setup_ports() {
  local i p
  for i in 1 2 3; do
    CL_BRIDGE[$i]=$((PORT_BASE + 120 + i))   # 18201..18203
    CL_MGMT[$i]=$((PORT_BASE + 123 + i))     # 18204..18206
  done
  CL_HZ_PORT=$((PORT_BASE + 127))            # 18207..18209 (Hazelcast members)
  CL_RR_PORT=$((PORT_BASE + 130))            # 18210 (BusRequester's control route, node 1)
  CL_TCP_PORT=$((PORT_BASE + 131))           # 18211 (TcpPingPong's server)
  for p in "${CL_BRIDGE[@]}" "${CL_MGMT[@]}" "$CL_HZ_PORT" $((CL_HZ_PORT + 1)) $((CL_HZ_PORT + 2)) "$CL_RR_PORT" \
      "$CL_TCP_PORT"; do
    port_free "$p" || die "port $p is in use; set BENCH_PORT_BASE to a free range (cluster uses base+121..base+131)"
  done
  CL_NAME="squall-bench-$$-$(date +%s)"  # a new cluster every run: never merges with anything else on 127.0.0.1
}

cluster_roles() { # NODE : what node i deploys
  case "$1" in
    1) echo bridge,requester,echo-local ;;
    2) echo bridge,echo-remote ;;
    *) echo bridge ;;
  esac
}

# Node i joins the cluster (the others keep running); returns once it is ready and every node counts i members.
cluster_add_node() { # I
  local i="$1" j deadline
  local extra=()
  [ "$i" = 1 ] && extra=(--set "requester.port=$CL_RR_PORT")
  # shellcheck disable=SC2086
  start_server "node$i" "$CPU_ALL" env -u SQUALL_BRIDGE_PORT BENCH_HZ_PORT_1="$CL_HZ_PORT" \
    BENCH_HZ_PORT_2=$((CL_HZ_PORT + 1)) BENCH_HZ_PORT_3=$((CL_HZ_PORT + 2)) \
    java $CLUSTER_JAVA_OPTS -jar "$LAUNCHER_JAR" run "$CLUSTER_DIR/squall-cluster.yaml" --classpath "$BENCH_JAR" \
    --roles "$(cluster_roles "$i")" --cluster --cluster-config "$CLUSTER_DIR/hazelcast.xml" \
    --cluster-name "$CL_NAME" --cluster-host 127.0.0.1 --bridge-port "${CL_BRIDGE[$i]}" \
    --management-port "${CL_MGMT[$i]}" --shutdown-timeout 2 "${extra[@]}"
  CL_PID[$i]=$SERVER_PID
  wait_http "node$i" "$SERVER_PID" "http://127.0.0.1:${CL_MGMT[$i]}/health/ready" 120
  deadline=$((SECONDS + 60))
  for ((j = 1; j <= i; j++)); do
    until [ "$(cluster_members "$j")" = "$i" ]; do
      [ "$SECONDS" -lt "$deadline" ] || die "node $j does not see $i members within 60 s"
      sleep 0.5
    done
  done
  log "cluster of $i: node $i ready (pid ${CL_PID[$i]}), every node counts $i members"
}

cluster_members() { # I : the member count node i reports in /info
  curl -fsS --max-time 2 "http://127.0.0.1:${CL_MGMT[$1]}/info" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["members"])' 2>/dev/null || echo "?"
}

cluster_stop_nodes() {
  local i
  for ((i = CLUSTER_MAX_NODES; i >= 1; i--)); do
    if [ -n "${CL_PID[$i]:-}" ]; then stop_server "${CL_PID[$i]}"; forget_pid "${CL_PID[$i]}"; CL_PID[$i]=""; fi
  done
}

# cluster_client LABEL K SUBSCRIBERS ARGS... : the ws load client against nodes 1..K (subscriber i to node i % K,
# the publisher to node 1), the nodes' CPU counted as the server's; sets WS_CLIENT_PID and WS_CLIENT_LOG.
cluster_client() {
  local label="$1" k="$2" n="$3"; shift 3
  local first=$WS_SOURCE_NEXT i urls="" pids="" held=""
  WS_SOURCE_NEXT=$((WS_SOURCE_NEXT + 4 + (n + WS_PER_SOURCE - 1) / WS_PER_SOURCE))
  for ((i = 1; i <= k; i++)); do
    urls+="${urls:+,}ws://127.0.0.1:${CL_BRIDGE[$i]}$WS_PATH"
    pids+="${pids:+,}${CL_PID[$i]}"
    held+="${held:+,}http://127.0.0.1:${CL_MGMT[$i]}/metrics"
  done
  # shellcheck disable=SC2086
  start_server "client-$label" "$CPU_WRK" env BENCH_CLK_TCK="$CLK_TCK" java $WS_CLIENT_JAVA_OPTS \
    -cp "$LAUNCHER_JAR:$BENCH_JAR" io.squall.bench.WsLoadClient --url "$urls" --subscribers "$n" \
    --per-process "$WS_PER_PROCESS" --per-source "$WS_PER_SOURCE" --first-source "$first" \
    --rate "$WS_RATE" --payload "$WS_PAYLOAD" --server-pid "$pids" --held-urls "$held" "$@"
  WS_CLIENT_PID=$SERVER_PID
  WS_CLIENT_LOG="$(bench_tmp)/client-$label.log"
}

cluster_fanout_once() { # LABEL K SUBSCRIBERS SECONDS OUT_JSON [ARGS...]
  local label="$1" k="$2" n="$3" secs="$4" out="$5"; shift 5
  cluster_client "$label" "$k" "$n" --duration "$secs" --drain "$WS_DRAIN" "$@"
  local rc=0
  ws_client_wait $((240 + secs + WS_DRAIN)) || rc=$?
  ws_client_line RESULT >"$out"
  if [ "$rc" != 0 ] || [ ! -s "$out" ]; then
    tail -15 "$WS_CLIENT_LOG" >&2
    die "$label: the load client failed (exit $rc); log above"
  fi
}

# --- request/reply ------------------------------------------------------------------------------------------------
# cluster_rr PATH OUT_JSON : one sequential request/reply run: bus-remote / bus-local through BusRequester on node 1,
# tcp-raw with a TcpPingPong client JVM against the TcpPingPong server.
cluster_rr() {
  local path="$1" out="$2" url timeout=$((CLUSTER_RR_WARMUP + CLUSTER_RR_SECONDS + 60))
  case "$path" in
    bus-remote|bus-local)
      url="http://127.0.0.1:$CL_RR_PORT/run?address=bench.echo.${path#bus-}&seconds=$CLUSTER_RR_SECONDS"
      url+="&warmup=$CLUSTER_RR_WARMUP&payload=$CLUSTER_RR_PAYLOAD"
      curl -fsS --max-time "$timeout" "$url" >"$out" || die "request/reply $path: $url failed" ;;
    tcp-raw)
      # `times` in the subshell: the client JVM's user and system seconds (it is gone before anyone could read /proc)
      # shellcheck disable=SC2086
      ( pinned "$CPU_ALL" timeout "$timeout" java $CLUSTER_JAVA_OPTS -cp "$LAUNCHER_JAR:$BENCH_JAR" \
          io.squall.bench.TcpPingPong client "$CL_TCP_PORT" 127.0.0.1 "$CLUSTER_RR_SECONDS" "$CLUSTER_RR_WARMUP" \
          "$CLUSTER_RR_PAYLOAD" >"$out.raw" 2>>"$(bench_tmp)/tcp-client.log"
        times >"$out.times" )
      sed -n 's/^RESULT //p' "$out.raw" >"$out"
      [ -s "$out" ] || die "request/reply tcp-raw: no result (see $(bench_tmp)/tcp-client.log)" ;;
  esac
}

cluster_rr_rounds() { # TMP ROUNDS : the three paths, interleaved (each round starts one further along)
  local tmp="$1" rounds="$2" paths=(tcp-raw bus-remote bus-local) r i k busy
  # shellcheck disable=SC2086
  start_server tcp-server "$CPU_ALL" java $CLUSTER_JAVA_OPTS -cp "$LAUNCHER_JAR:$BENCH_JAR" \
    io.squall.bench.TcpPingPong server "$CL_TCP_PORT" 127.0.0.1
  local tcp_pid=$SERVER_PID
  wait_listening tcp-server "$tcp_pid" "$CL_TCP_PORT" 30
  for ((r = 1; r <= rounds; r++)); do
    for ((i = 0; i < 3; i++)); do
      k=$(((i + r - 1) % 3))
      wait_quiet
      # the machine's busy time and our own processes' (every node, the ping-pong server, the ping-pong client
      # through `times`) around the run: what is left is other people's load
      local out="$tmp/rr.r$r.${paths[$k]}.json" own=() a b oa ob t0 t1 p
      for p in "${CL_PID[@]}" "$tcp_pid"; do [ -n "$p" ] && own+=($(pid_tree "$p")); done
      a="$(machine_busy_ticks)"; oa="$(cpu_ticks "${own[@]}")"; t0="$(date +%s.%N)"
      cluster_rr "${paths[$k]}" "$out"
      b="$(machine_busy_ticks)"; ob="$(cpu_ticks "${own[@]}")"; t1="$(date +%s.%N)"
      python3 - "$out" "$((b - a))" "$((ob - oa))" "$CLK_TCK" "$t0" "$t1" <<'PY'
import json, re, sys
from pathlib import Path
p, machine, own, hz, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
wall = t1 - t0
own_s = own / hz
times = Path(p + ".times")
if times.exists():  # the tcp client's user and system seconds, bash `times` (second line: children)
    lines = times.read_text().splitlines()
    own_s += sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", lines[1] if len(lines) > 1 else ""))
d = json.loads(Path(p).read_text())
d["wall_s"] = round(wall, 2)
d["machine_busy_cpus"] = round(machine / hz / wall, 2)
d["own_cpus"] = round(own_s / wall, 2)
d["other_cores"] = round(max(0.0, machine / hz / wall - own_s / wall), 2)
Path(p).write_text(json.dumps(d))
PY
      log "  request/reply round $r/$rounds: $(python3 "$CLUSTER_DIR/report.py" rr-line "${paths[$k]}" \
        "$tmp/rr.r$r.${paths[$k]}.json")"
    done
  done
  stop_server "$tcp_pid"
  forget_pid "$tcp_pid"
}

# --- the scenario ----------------------------------------------------------------------------------------------------
run_cluster() { # DURATION ROUNDS
  local duration="$1" rounds="$2" start=$SECONDS start_epoch; start_epoch="$(date +%s)"
  local tmp; tmp="$(bench_tmp)/cluster"; mkdir -p "$tmp"
  local max_n; max_n="$(echo "$CLUSTER_SIZES" | tr ' ' '\n' | sort -n | tail -1)"
  local min_n; min_n="$(echo "$CLUSTER_SIZES" | tr ' ' '\n' | sort -n | head -1)"
  cluster_preflight "$max_n"
  ws_ready_bridge
  [ -z "$WS_SKIP" ] || die "bench/run cluster needs the bridge: $WS_SKIP"
  build_bench_java
  cluster_setup_ports

  local busy_before; busy_before="$(machine_busy_fraction 2)"
  log "machine busy before the run: $busy_before CPUs (anything above ~0.1 is someone else's load)"
  log "pinning: nodes on CPUs ${CPU_ALL:-any}, the load client on CPU ${CPU_WRK:-any}; cluster $CL_NAME"
  local k n r added=0 phase_start
  for k in $CLUSTER_NODES; do
    [ "$k" -ge 1 ] && [ "$k" -le "$CLUSTER_MAX_NODES" ] || die "BENCH_CLUSTER_NODES: 1..$CLUSTER_MAX_NODES, got $k"
    phase_start=$SECONDS
    while [ "$added" -lt "$k" ]; do
      added=$((added + 1))
      cluster_add_node "$added"
    done
    # every node delivers the agreed frames (20 subscribers over all nodes, so the cross-node path is checked too)
    cluster_fanout_once "check-k$k" "$k" 20 1 "$tmp/check.k$k.json" --warmup 0
    ws_report check "squall-${k}n" "$tmp/check.k$k.json" || die "the $k-node cluster does not deliver every frame"
    log "$k node(s): warming up, $min_n subscribers, ${WARMUP_JVM} s of broadcasts"
    cluster_fanout_once "warmup-k$k" "$k" "$min_n" "$WARMUP_JVM" "$tmp/warmup.k$k.json"
    for n in $CLUSTER_SIZES; do
      for ((r = 1; r <= rounds; r++)); do
        wait_quiet
        log "$k node(s), $n subscribers, round $r/$rounds (${duration} s of ${WS_RATE} broadcasts/s)"
        cluster_fanout_once "k$k.n$n.r$r" "$k" "$n" "$duration" "$tmp/k$k.n$n.r$r.json"
        log "  $(ws_report round "$tmp/k$k.n$n.r$r.json")"
      done
    done
    log "$k node(s) done in $((SECONDS - phase_start)) s"
  done
  if [ "$added" -ge 2 ]; then
    log "request/reply: node 1 -> node 2 over the clustered event bus, node 1 -> node 1, raw TCP (${CLUSTER_RR_SECONDS} s each)"
    cluster_rr_rounds "$tmp" "$rounds"
  else
    log "request/reply SKIPPED: it needs a second node (BENCH_CLUSTER_NODES=$CLUSTER_NODES)"
  fi
  grep -hiE 'WARN|ERROR' "$(bench_tmp)"/node*.log 2>/dev/null | sed -E 's/^[0-9:. -]+//' | sort | uniq -c \
    | sort -rn | head -20 >"$tmp/node-warnings.txt" || true
  cluster_stop_nodes

  local busy_after; busy_after="$(machine_busy_fraction 2)"
  CONNECTIONS=0 JAVA_OPTS_BENCH="$CLUSTER_JAVA_OPTS" bench_meta cluster "$duration" "$rounds" "$busy_before" \
    "$busy_after" "$start_epoch" >"$tmp/meta.json"
  # shellcheck disable=SC2086
  python3 "$CLUSTER_DIR/report.py" --dir "$tmp" --rounds "$rounds" --sizes $CLUSTER_SIZES --nodes $CLUSTER_NODES \
    --rate "$WS_RATE" --payload "$WS_PAYLOAD" --drain "$WS_DRAIN" --java-opts "$CLUSTER_JAVA_OPTS" \
    --client-java-opts "$WS_CLIENT_JAVA_OPTS" --rr-seconds "$CLUSTER_RR_SECONDS" --rr-warmup "$CLUSTER_RR_WARMUP" \
    --rr-payload "$CLUSTER_RR_PAYLOAD" --json "$BENCH_DIR/results/cluster.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "cluster done in $((SECONDS - start)) s"
}
