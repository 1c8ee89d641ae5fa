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
CLUSTER_RR_SECONDS="${BENCH_CLUSTER_RR_SECONDS:-5}"        # measured seconds per path per round (1-second slices)
CLUSTER_RR_WARMUP="${BENCH_CLUSTER_RR_WARMUP:-3}"          # unmeasured seconds per path first
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
  CL_TCP_HTTP_PORT=$((PORT_BASE + 132))      # 18212 (TcpPingPong's client, its control route)
  for p in "${CL_BRIDGE[@]}" "${CL_MGMT[@]}" "$CL_HZ_PORT" $((CL_HZ_PORT + 1)) $((CL_HZ_PORT + 2)) "$CL_RR_PORT" \
      "$CL_TCP_PORT" "$CL_TCP_HTTP_PORT"; do
    port_free "$p" || die "port $p is in use; set BENCH_PORT_BASE to a free range (cluster uses base+121..base+132)"
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
# Three paths, each behind the same HTTP routes (BusRequester's: /run, /total, /reset): bus-remote and bus-local
# through BusRequester in node 1, tcp-raw through a TcpPingPong client-http JVM against a TcpPingPong server. On a
# shared 2-CPU VM a round trip's latency swings with whatever else runs (an idle vCPU is slow to wake; a busy one
# may not be free), so the paths take turns in one-second slices, many times over, and each path's figure is the
# sum of its slices: every path sees the same mix of conditions.
cluster_rr_url() { # PATH ROUTE [QUERY]
  local path="$1" route="$2" query="${3:-}"
  case "$path" in
    tcp-raw) echo "http://127.0.0.1:$CL_TCP_HTTP_PORT/$route?payload=$CLUSTER_RR_PAYLOAD$query" ;;
    bus-*) echo "http://127.0.0.1:$CL_RR_PORT/$route?address=bench.echo.${path#bus-}&payload=$CLUSTER_RR_PAYLOAD$query" ;;
  esac
}

cluster_rr_rounds() { # TMP ROUNDS : ROUNDS x BENCH_CLUSTER_RR_SECONDS one-second slices per path, interleaved
  local tmp="$1" rounds="$2" paths=(tcp-raw bus-remote bus-local) slices s i path out p
  # shellcheck disable=SC2086
  start_server tcp-server "$CPU_ALL" java $CLUSTER_JAVA_OPTS -cp "$LAUNCHER_JAR:$BENCH_JAR" \
    io.squall.bench.TcpPingPong server "$CL_TCP_PORT" 127.0.0.1
  local tcp_server=$SERVER_PID
  wait_listening tcp-server "$tcp_server" "$CL_TCP_PORT" 30
  # shellcheck disable=SC2086
  start_server tcp-client "$CPU_ALL" java $CLUSTER_JAVA_OPTS -cp "$LAUNCHER_JAR:$BENCH_JAR" \
    io.squall.bench.TcpPingPong client-http "$CL_TCP_HTTP_PORT" "$CL_TCP_PORT" 127.0.0.1
  local tcp_client=$SERVER_PID
  wait_listening tcp-client "$tcp_client" "$CL_TCP_HTTP_PORT" 30
  for path in "${paths[@]}"; do
    log "request/reply: warming up $path (${CLUSTER_RR_WARMUP} s)"
    curl -fsS --max-time $((CLUSTER_RR_WARMUP + 60)) "$(cluster_rr_url "$path" run "&seconds=0&warmup=$CLUSTER_RR_WARMUP")" \
      >/dev/null || die "request/reply $path: warm-up failed"
    curl -fsS --max-time 10 "$(cluster_rr_url "$path" reset)" >/dev/null || die "request/reply $path: reset failed"
  done
  # our own processes: every node, the ping-pong server and client; the rest of the machine's busy time is outside load
  local own=()
  for p in "${CL_PID[@]}" "$tcp_server" "$tcp_client"; do [ -n "$p" ] && own+=($(pid_tree "$p")); done
  slices=$((rounds * CLUSTER_RR_SECONDS))
  wait_quiet
  log "request/reply: $slices one-second slices per path, the paths taking turns"
  local a b oa ob t0 t1
  for ((s = 1; s <= slices; s++)); do
    for ((i = 0; i < 3; i++)); do
      path="${paths[$(((i + s - 1) % 3))]}"
      out="$tmp/rr.s$s.$path.json"
      a="$(machine_busy_ticks)"; oa="$(cpu_ticks "${own[@]}")"; t0="$(date +%s.%N)"
      curl -fsS --max-time 60 "$(cluster_rr_url "$path" run "&seconds=1&warmup=0")" >"$out" \
        || die "request/reply $path: slice $s failed"
      b="$(machine_busy_ticks)"; ob="$(cpu_ticks "${own[@]}")"; t1="$(date +%s.%N)"
      echo "$path $((b - a)) $((ob - oa)) $t0 $t1" >>"$tmp/rr.cpu"
    done
    if [ $((s % CLUSTER_RR_SECONDS)) = 0 ]; then
      log "  request/reply: $s of $slices slices; $(python3 "$CLUSTER_DIR/report.py" rr-slice "$tmp" "$s" "$CLK_TCK")"
    fi
  done
  for path in "${paths[@]}"; do
    curl -fsS --max-time 10 "$(cluster_rr_url "$path" total)" >"$tmp/rr.$path.json" || die "request/reply $path: no total"
    log "  $(python3 "$CLUSTER_DIR/report.py" rr-line "$path" "$tmp/rr.$path.json")"
  done
  stop_server "$tcp_client"; forget_pid "$tcp_client"
  stop_server "$tcp_server"; forget_pid "$tcp_server"
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
    log "request/reply: node 1 -> node 2 over the clustered event bus, node 1 -> node 1, raw TCP"
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
    --rr-payload "$CLUSTER_RR_PAYLOAD" --clk-tck "$CLK_TCK" --json "$BENCH_DIR/results/cluster.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "cluster done in $((SECONDS - start)) s"
}
