# bench/run templates: one page (layout with extends/block, an include, a loop of 50 escaped rows) rendered by
# Pebble and by tornado.template, one core each; then end to end, through Squall's http verticle and its templates
# verticle, against Tornado serving the same page.
# Sourced by bench/run after lib/common.sh; defines run_templates DURATION ROUNDS.

TPL_DIR="$BENCH_DIR/templates"
TEMPLATES_CLASS="io.squall.templates.TemplatesVerticle"
TEMPLATES_INSTANCES="${BENCH_TEMPLATES_INSTANCES:-2}"
# Part 1 runs each engine alone on this CPU (CPU 0; the other CPUs stay idle), whatever BENCH_PIN says: the figure
# is pages per second per core.
RENDER_CPU="${BENCH_RENDER_CPU:-0}"

# contender | server | path | warm-up kind   (servers: see start_templates_servers)
TPL_CONTENDERS=(
  "squall-page|squall|/page|jvm"
  "squall-json|squall|/json|jvm"
  "tornado-1-page|tornado1|/page|other"
  "tornado-2-page|tornado2|/page|other"
)

declare -A TPL_PORT TPL_PID TPL_CPUS

tpl_report() { python3 "$TPL_DIR/report.py" "$@"; }

pebble_cmd() { # sets PEBBLE_CMD: the render worker, Squall's templates Renderer on the launcher jar's classes
  # shellcheck disable=SC2206
  PEBBLE_CMD=(java $JAVA_OPTS_BENCH -cp "$LAUNCHER_JAR:$BENCH_JAR" io.squall.bench.PebbleBench)
}

pebble_version() { # the Pebble the root pom manages: the one the launcher jar (and so the templates verticle) ships
  sed -n 's:.*<pebble.version>\(.*\)</pebble.version>.*:\1:p' "$ROOT/pom.xml" | head -1
}

# --- part 1: render throughput -------------------------------------------------------------------------------------
check_render_outputs() { # both engines must produce the same page, escaping the same rows, before anything is timed
  local tmp="$1"
  pebble_cmd
  "${PEBBLE_CMD[@]}" "$TPL_DIR/pebble" page.peb --dump "$tmp/pebble.html" || die "Pebble could not render page.peb"
  /usr/bin/python3 "$TPL_DIR/tornado_render.py" "$TPL_DIR/tornado" page.html --dump "$tmp/tornado.html" \
    || die "Tornado could not render page.html"
  tpl_report compare "$tmp/tornado.html" "$tmp/pebble.html" || die "Pebble and Tornado render different pages"
  log "Pebble and Tornado render the same page (normalized whitespace), the same 50 rows escaped the same way"
}

run_render_rounds() { # DIR DURATION ROUNDS
  local tmp="$1" duration="$2" rounds="$3" r engine order
  for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then order="pebble tornado"; else order="tornado pebble"; fi
    for engine in $order; do
      wait_quiet
      log "round $r/$rounds: $engine render (warm-up $( [ $engine = pebble ] && echo "$WARMUP_JVM" || echo "$WARMUP_OTHER") s, ${duration} s measured, CPU $RENDER_CPU)"
      if [ "$engine" = pebble ]; then
        BENCH_CLK_TCK="$CLK_TCK" taskset -c "$RENDER_CPU" "${PEBBLE_CMD[@]}" "$TPL_DIR/pebble" page.peb \
          "$WARMUP_JVM" "$duration" >"$tmp/r$r.pebble.json" 2>"$tmp/r$r.pebble.err" || die "PebbleBench failed: $(tail -5 "$tmp/r$r.pebble.err")"
      else
        BENCH_CLK_TCK="$CLK_TCK" taskset -c "$RENDER_CPU" /usr/bin/python3 "$TPL_DIR/tornado_render.py" \
          "$TPL_DIR/tornado" page.html "$WARMUP_OTHER" "$duration" >"$tmp/r$r.tornado.json" 2>"$tmp/r$r.tornado.err" \
          || die "tornado_render.py failed: $(tail -5 "$tmp/r$r.tornado.err")"
      fi
      log "  $(tpl_report round "$tmp/r$r.$engine.json")"
    done
  done
}

# --- part 2: end to end ----------------------------------------------------------------------------------------------
# Sets E2E_SKIP to why the end-to-end part cannot run, or empty when it can. Builds the launcher (only if stale, as
# bench/run http does) only when the templates verticle's sources are in this checkout.
e2e_ready() {
  E2E_SKIP=""
  local src; src="$(find "$ROOT/verticles" -path '*/target' -prune -o -name TemplatesVerticle.java -print -quit 2>/dev/null)"
  if [ -z "$src" ] && ! { [ -f "$LAUNCHER_JAR" ] && jar_has_class "$LAUNCHER_JAR" "$TEMPLATES_CLASS"; }; then
    E2E_SKIP="$TEMPLATES_CLASS is not in this checkout (the templates verticle has not landed), so the launcher jar cannot serve a template route"
    return
  fi
  build_launcher
  if ! jar_has_class "$LAUNCHER_JAR" "$TEMPLATES_CLASS"; then
    E2E_SKIP="$TEMPLATES_CLASS is not in $LAUNCHER_JAR (is the templates module a dependency of platform/launcher?)"
  fi
}

templates_descriptor() { # the Squall app under test: a template route and the JSON handler route on one node
  cat <<EOF
name: bench
verticles:
  - name: http
    class: io.squall.http.HttpVerticle
    instances: 2
    config:
      port: ${TPL_PORT[squall]}
      host: 127.0.0.1
      accessLog: false
      cookieSecrets: {"1": "bench-only-cookie-secret-0123456789abcdef"}
      routes:
        - {path: /page, kind: template, template: e2e_page.peb}
        - {path: /json, kind: handler, handler: io.squall.bench.JsonHandler}
  - name: templates
    class: $TEMPLATES_CLASS
    instances: $TEMPLATES_INSTANCES
    config:
      dir: "$1"
EOF
}

e2e_pages() { # DIR : the .peb files plus e2e_page.peb, which sets the page's context (a template route only passes
  # request data); bench/run http serves the same page
  mkdir -p "$1"
  cp "$TPL_DIR"/pebble/*.peb "$1/"
  python3 "$TPL_DIR/page_data.py" >"$1/e2e_page.peb"
}

start_templates_servers() { # TMP
  local tmp="$1" p
  TPL_PORT=([squall]=$PORT_BASE [tornado1]=$((PORT_BASE + 2)) [tornado2]=$((PORT_BASE + 3))
    [management]=$((PORT_BASE + 10)))
  TPL_CPUS=([squall]=$CPU_ALL [tornado1]=$CPU_SINGLE [tornado2]=$CPU_ALL)
  for p in "${TPL_PORT[@]}"; do
    port_free "$p" || die "port $p is in use; set BENCH_PORT_BASE to a free range (uses base..base+10)"
  done

  e2e_pages "$tmp/pebble"
  templates_descriptor "$tmp/pebble" >"$tmp/bench.yaml"
  # shellcheck disable=SC2086
  start_server squall "${TPL_CPUS[squall]}" env -u SQUALL_HTTP_PORT java $JAVA_OPTS_BENCH -jar "$LAUNCHER_JAR" run \
    "$tmp/bench.yaml" --classpath "$BENCH_JAR" --management-port "${TPL_PORT[management]}" --shutdown-timeout 2
  TPL_PID[squall]=$SERVER_PID
  wait_http squall "$SERVER_PID" "http://127.0.0.1:${TPL_PORT[management]}/health/ready" 60

  start_server tornado1-page "${TPL_CPUS[tornado1]}" /usr/bin/python3 "$TPL_DIR/tornado_server.py" \
    "${TPL_PORT[tornado1]}" 1 "$TPL_DIR/tornado"
  TPL_PID[tornado1]=$SERVER_PID
  wait_http tornado1-page "$SERVER_PID" "http://127.0.0.1:${TPL_PORT[tornado1]}/page" 30

  start_server tornado2-page "${TPL_CPUS[tornado2]}" /usr/bin/python3 "$TPL_DIR/tornado_server.py" \
    "${TPL_PORT[tornado2]}" 2 "$TPL_DIR/tornado"
  TPL_PID[tornado2]=$SERVER_PID
  wait_http tornado2-page "$SERVER_PID" "http://127.0.0.1:${TPL_PORT[tornado2]}/page" 30
}

tpl_url() { echo "http://127.0.0.1:${TPL_PORT[$1]}$2"; }

check_e2e_bodies() { # TMP REFERENCE_HTML : every page contender serves the reference page as text/html
  local tmp="$1" ref="$2" c name server path warm type
  for c in "${TPL_CONTENDERS[@]}"; do
    IFS='|' read -r name server path warm <<<"$c"
    curl -fsS --max-time 5 -o "$tmp/$name.body" "$(tpl_url "$server" "$path")" || die "$name: GET $path failed"
    type="$(curl -fsS -o /dev/null -w '%{content_type}' --max-time 5 "$(tpl_url "$server" "$path")")"
    if [ "$path" = /json ]; then
      [ "$(cat "$tmp/$name.body")" = '{"message":"Hello, World!"}' ] || die "$name: unexpected body $(head -c 200 "$tmp/$name.body")"
    else
      [[ "$type" == text/html* ]] || die "$name: content type '$type', expected text/html"
      tpl_report compare "$ref" "$tmp/$name.body" || die "$name serves a different page from the render benchmark's"
    fi
  done
  log "every page contender serves the same page as the render benchmark"
}

run_e2e() { # DIR DURATION ROUNDS REFERENCE_HTML
  local tmp="$1" duration="$2" rounds="$3" ref="$4" c name server path warm secs specs=()
  start_templates_servers "$tmp"
  check_e2e_bodies "$tmp" "$ref"
  for c in "${TPL_CONTENDERS[@]}"; do
    IFS='|' read -r name server path warm <<<"$c"
    if [ "$warm" = jvm ]; then secs=$WARMUP_JVM; else secs=$WARMUP_OTHER; fi
    warm_up_url "$name" "$secs" "$(tpl_url "$server" "$path")"
    specs+=("$name|$(tpl_url "$server" "$path")|${TPL_PID[$server]}")
  done
  run_interleaved "$tmp" "$duration" "$rounds" "${specs[@]}"
  local s
  for s in squall tornado1 tornado2; do
    [ -n "${TPL_PID[$s]:-}" ] && stop_server "${TPL_PID[$s]}"
  done
  return 0
}

run_templates() { # DURATION ROUNDS
  local duration="$1" rounds="$2" start=$SECONDS start_epoch; start_epoch="$(date +%s)"
  local tmp; tmp="$(bench_tmp)/templates"; mkdir -p "$tmp/render" "$tmp/e2e"
  /usr/bin/python3 -c 'import tornado' 2>/dev/null || die "Tornado is missing: apt-get install -y python3-tornado"
  command -v taskset >/dev/null || die "taskset is missing (util-linux)"
  [ "$RENDER_CPU" -lt "$NCPU" ] || die "BENCH_RENDER_CPU=$RENDER_CPU but this machine has $NCPU CPU(s)"

  build_bench_java
  local e2e_args=()
  e2e_ready
  if [ -n "$E2E_SKIP" ]; then
    log "end-to-end part SKIPPED: $E2E_SKIP"
    e2e_args=(--e2e-skipped "$E2E_SKIP")
  else
    command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
  fi

  local busy_before; busy_before="$(machine_busy_fraction 2)"
  log "machine busy before the run: $busy_before CPUs (anything above ~0.1 is someone else's load)"

  log "part 1: render throughput, Squall's Renderer (Pebble) vs tornado.template, each alone on CPU $RENDER_CPU"
  build_launcher # PebbleBench runs on the launcher jar's classes (a no-op when e2e_ready just built it)
  check_render_outputs "$tmp/render"
  run_render_rounds "$tmp/render" "$duration" "$rounds"

  if [ -z "$E2E_SKIP" ]; then
    log "part 2: end to end through Squall's http and templates verticles; pinning: $PINNING"
    run_e2e "$tmp/e2e" "$duration" "$rounds" "$tmp/render/tornado.html"
    local names=() c
    for c in "${TPL_CONTENDERS[@]}"; do names+=("${c%%|*}"); done
    e2e_args=(--e2e-contenders "${names[@]}")
  fi

  local busy_after; busy_after="$(machine_busy_fraction 2)"
  bench_meta templates "$duration" "$rounds" "$busy_before" "$busy_after" "$start_epoch" >"$tmp/meta.json"
  tpl_report report --dir "$tmp" --rounds "$rounds" --render-cpu "$RENDER_CPU" \
    --templates-instances "$TEMPLATES_INSTANCES" --pebble "$(pebble_version)" "${e2e_args[@]}" \
    --json "$BENCH_DIR/results/templates.json" --results-md "$BENCH_DIR/RESULTS.md"
  log "templates done in $((SECONDS - start)) s"
}
