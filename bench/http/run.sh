# bench/run http: HTTP hello-world JSON (and a small static file and a template page) on Squall and its peers.
# Sourced by bench/run after lib/common.sh; defines run_http DURATION ROUNDS.

# The template page is the templates scenario's (its e2e_page.peb, the same page from Tornado): its helpers.
# shellcheck source=../templates/run.sh
. "$BENCH_DIR/templates/run.sh"

HTTP_DIR="$BENCH_DIR/http"
STATIC_DIR="$HTTP_DIR/static"
JSON_BODY='{"message":"Hello, World!"}'
STATIC_BODY="$(cat "$STATIC_DIR/hello.txt")"

# contender | server | path | warm-up kind | body   (servers: see start_http_servers)
HTTP_CONTENDERS=(
  "squall-json|squall|/json|jvm|json"
  "squall-bus|squall|/bus|jvm|json"
  "vertx-raw|vertx|/json|jvm|json"
  "vertx-web|vertxweb|/json|jvm|json"
  "tornado-1|tornado1|/json|other|json"
  "tornado-2|tornado2|/json|other|json"
  "node-1|node|/json|other|json"
  "squall-static|squall|/static/hello.txt|jvm|static"
  "tornado-2-static|tornado2|/static/hello.txt|other|static"
)

# Added when the launcher has the templates verticle (e2e_ready): a `template` route and Tornado's render of the page.
HTTP_PAGE_CONTENDERS=(
  "squall-page|squall|/page|jvm|page"
  "tornado-2-page|tornado2page|/page|other|page"
)

declare -A HTTP_PORT HTTP_PID HTTP_CPUS
HTTP_PAGES="" # the folder of Squall's page templates when the page contenders run

http_descriptor() { # the Squall app under test, as DESIGN.md's bench descriptor
  cat <<EOF
name: bench
verticles:
  - name: http
    class: io.squall.http.HttpVerticle
    instances: 2
    config:
      port: ${HTTP_PORT[squall]}
      host: 127.0.0.1
      accessLog: false
      cookieSecrets: {"1": "bench-only-cookie-secret-0123456789abcdef"}
      routes:
        - {path: /json, kind: handler, handler: io.squall.bench.JsonHandler}
        - {path: /bus, kind: bus, methods: [GET], address: bench.hello}
        - {path: "/static/*", kind: static, dir: "$STATIC_DIR"}
EOF
  [ -n "$HTTP_PAGES" ] && echo "        - {path: /page, kind: template, template: e2e_page.peb}"
  cat <<EOF
  - name: hello
    class: io.squall.bench.HelloConsumer
EOF
  [ -n "$HTTP_PAGES" ] && cat <<EOF
  - name: templates
    class: $TEMPLATES_CLASS
    instances: $TEMPLATES_INSTANCES
    config:
      dir: "$HTTP_PAGES"
EOF
  return 0
}

start_http_servers() {
  local tmp; tmp="$(bench_tmp)"
  HTTP_PORT=([squall]=$PORT_BASE [vertx]=$((PORT_BASE + 1)) [tornado1]=$((PORT_BASE + 2))
    [tornado2]=$((PORT_BASE + 3)) [node]=$((PORT_BASE + 4)) [vertxweb]=$((PORT_BASE + 5))
    [tornado2page]=$((PORT_BASE + 6)) [management]=$((PORT_BASE + 10)))
  HTTP_CPUS=([squall]=$CPU_ALL [vertx]=$CPU_ALL [vertxweb]=$CPU_ALL [tornado1]=$CPU_SINGLE [tornado2]=$CPU_ALL
    [node]=$CPU_SINGLE [tornado2page]=$CPU_ALL)
  local p
  for p in "${HTTP_PORT[@]}"; do
    port_free "$p" || die "port $p is in use; set BENCH_PORT_BASE to a free range (uses base..base+10)"
  done

  http_descriptor >"$tmp/bench.yaml"
  # shellcheck disable=SC2086
  start_server squall "${HTTP_CPUS[squall]}" env -u SQUALL_HTTP_PORT java $JAVA_OPTS_BENCH -jar "$LAUNCHER_JAR" run \
    "$tmp/bench.yaml" --classpath "$BENCH_JAR" --management-port "${HTTP_PORT[management]}" --shutdown-timeout 2
  HTTP_PID[squall]=$SERVER_PID
  wait_http squall "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[management]}/health/ready" 60

  # shellcheck disable=SC2086
  start_server vertx "${HTTP_CPUS[vertx]}" java $JAVA_OPTS_BENCH -cp "$LAUNCHER_JAR:$BENCH_JAR" \
    io.squall.bench.RawVertxServer "${HTTP_PORT[vertx]}" 2 127.0.0.1
  HTTP_PID[vertx]=$SERVER_PID
  wait_http vertx "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[vertx]}/json" 60

  # shellcheck disable=SC2086
  start_server vertxweb "${HTTP_CPUS[vertxweb]}" java $JAVA_OPTS_BENCH -cp "$LAUNCHER_JAR:$BENCH_JAR" \
    io.squall.bench.RawVertxServer "${HTTP_PORT[vertxweb]}" 2 127.0.0.1 router
  HTTP_PID[vertxweb]=$SERVER_PID
  wait_http vertxweb "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[vertxweb]}/json" 60

  start_server tornado1 "${HTTP_CPUS[tornado1]}" /usr/bin/python3 "$HTTP_DIR/tornado_server.py" \
    "${HTTP_PORT[tornado1]}" 1 "$STATIC_DIR"
  HTTP_PID[tornado1]=$SERVER_PID
  wait_http tornado1 "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[tornado1]}/json" 30

  start_server tornado2 "${HTTP_CPUS[tornado2]}" /usr/bin/python3 "$HTTP_DIR/tornado_server.py" \
    "${HTTP_PORT[tornado2]}" 2 "$STATIC_DIR"
  HTTP_PID[tornado2]=$SERVER_PID
  wait_http tornado2 "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[tornado2]}/json" 30

  start_server node "${HTTP_CPUS[node]}" node "$HTTP_DIR/node_server.js" "${HTTP_PORT[node]}"
  HTTP_PID[node]=$SERVER_PID
  wait_http node "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[node]}/json" 30

  if [ -n "$HTTP_PAGES" ]; then
    start_server tornado2page "${HTTP_CPUS[tornado2page]}" /usr/bin/python3 "$TPL_DIR/tornado_server.py" \
      "${HTTP_PORT[tornado2page]}" 2 "$TPL_DIR/tornado"
    HTTP_PID[tornado2page]=$SERVER_PID
    wait_http tornado2page "$SERVER_PID" "http://127.0.0.1:${HTTP_PORT[tornado2page]}/page" 30
  fi
}

prepare_http_pages() { # TMP : the page contenders join when the launcher can serve a template route
  e2e_ready
  if [ -n "$E2E_SKIP" ]; then
    log "template page contenders SKIPPED: $E2E_SKIP"
    return 0
  fi
  HTTP_PAGES="$1/pebble"
  e2e_pages "$HTTP_PAGES"
  /usr/bin/python3 "$TPL_DIR/tornado_render.py" "$TPL_DIR/tornado" page.html --dump "$1/page.html" \
    || die "Tornado could not render page.html"
  HTTP_CONTENDERS+=("${HTTP_PAGE_CONTENDERS[@]}")
}

http_url() { # server path
  echo "http://127.0.0.1:${HTTP_PORT[$1]}$2"
}

# The headers a Squall response carries by default; every contender sends them too (same bytes for wrk to parse).
HTTP_SECURITY_HEADERS=(
  "content-security-policy: default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
  "x-content-type-options: nosniff"
  "referrer-policy: strict-origin-when-cross-origin"
  "x-frame-options: DENY"
)

check_http_bodies() { # TMP : every contender must serve the same response before anything is measured
  local tmp="$1" c name server path warm body want got type head h
  for c in "${HTTP_CONTENDERS[@]}"; do
    IFS='|' read -r name server path warm body <<<"$c"
    head="$(curl -fsS -o /dev/null -D - --max-time 5 "$(http_url "$server" "$path")" | tr -d '\r')"
    for h in "${HTTP_SECURITY_HEADERS[@]}"; do
      grep -qixF "$h" <<<"$head" || die "$name: GET $path lacks the header '$h'; got:"$'\n'"$head"
    done
    if [ "$body" = page ]; then # the page Tornado renders for the render benchmark, whitespace normalized
      curl -fsS --max-time 5 -o "$tmp/$name.html" "$(http_url "$server" "$path")" || die "$name: GET $path failed"
      tpl_report compare "$tmp/page.html" "$tmp/$name.html" || die "$name serves a different page from Tornado's"
      continue
    fi
    if [ "$body" = json ]; then want="$JSON_BODY"; else want="$STATIC_BODY"; fi
    got="$(curl -fsS --max-time 5 "$(http_url "$server" "$path")")" || die "$name: GET $path failed"
    [ "$got" = "$want" ] || die "$name: GET $path answered '$got', expected '$want'"
    type="$(grep -i '^content-type:' <<<"$head" | cut -d' ' -f2-)"
    if [ "$body" = json ] && [[ "$type" != application/json* ]]; then
      die "$name: content type '$type', expected application/json"
    fi
  done
  log "all contenders serve identical bodies and the same security headers (the pages: the same page)"
}

warm_up_http() {
  local c name server path warm body secs
  for c in "${HTTP_CONTENDERS[@]}"; do
    IFS='|' read -r name server path warm body <<<"$c"
    if [ "$warm" = jvm ]; then secs=$WARMUP_JVM; else secs=$WARMUP_OTHER; fi
    warm_up_url "$name" "$secs" "$(http_url "$server" "$path")"
  done
}

run_http() { # DURATION ROUNDS
  local duration="$1" rounds="$2" start=$SECONDS start_epoch; start_epoch="$(date +%s)"
  local tmp; tmp="$(bench_tmp)/http"; mkdir -p "$tmp"
  command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
  /usr/bin/python3 -c 'import tornado' 2>/dev/null || die "Tornado is missing: apt-get install -y python3-tornado"
  command -v node >/dev/null || die "node is missing"

  build_launcher
  build_bench_java

  local busy_before; busy_before="$(machine_busy_fraction 2)"
  log "machine busy before the run: $busy_before CPUs (anything above ~0.1 is someone else's load)"
  log "pinning: $PINNING"
  prepare_http_pages "$tmp"
  start_http_servers
  check_http_bodies "$tmp"
  warm_up_http

  local c name server path warm body specs=()
  for c in "${HTTP_CONTENDERS[@]}"; do
    IFS='|' read -r name server path warm body <<<"$c"
    specs+=("$name|$(http_url "$server" "$path")|${HTTP_PID[$server]}")
  done
  run_interleaved "$tmp" "$duration" "$rounds" "${specs[@]}"

  bench_cleanup_servers_http
  local busy_after; busy_after="$(machine_busy_fraction 2)"
  bench_meta http "$duration" "$rounds" "$busy_before" "$busy_after" "$start_epoch" >"$tmp/meta.json"
  local names=()
  for c in "${HTTP_CONTENDERS[@]}"; do names+=("${c%%|*}"); done
  python3 "$HTTP_DIR/report.py" --dir "$tmp" --rounds "$rounds" --contenders "${names[@]}" \
    --json "$BENCH_DIR/results/http.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "http done in $((SECONDS - start)) s"
}

bench_cleanup_servers_http() {
  local s
  for s in squall vertx vertxweb tornado1 tornado2 node tornado2page; do
    [ -n "${HTTP_PID[$s]:-}" ] && stop_server "${HTTP_PID[$s]}"
  done
  return 0
}
