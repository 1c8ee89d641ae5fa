#!/bin/sh
# Squall's container entrypoint: turns the container's environment into `squall run` flags, prints the command it
# runs (secret-looking values masked) and replaces itself with java (exec), so that the SIGTERM Docker or Kubernetes
# sends reaches the JVM, which drains and exits 0.
#
#   SQUALL_JAR                   the launcher jar (default /opt/squall/squall.jar)
#   SQUALL_DESCRIPTOR            descriptor file (default: the chat app packaged in the jar)
#   SQUALL_ROLES                 --roles, e.g. edge or backend (default: every role)
#   SQUALL_CLUSTER               true | false: --cluster
#   SQUALL_CLUSTER_CONFIG        --cluster-config: local | tcp | kubernetes | a file
#   SQUALL_CLUSTER_NAME          --cluster-name
#   SQUALL_CLUSTER_HOST          --cluster-host, the one address the event bus and, with the tcp and kubernetes
#                                configs, Hazelcast listen on (default: $POD_IP when set; never 0.0.0.0)
#   SQUALL_CLUSTER_PUBLIC_HOST   --cluster-public-host, the address other nodes dial (default: $POD_IP when set)
#   SQUALL_CLUSTER_PORT          --cluster-port, the event bus port (the image sets 15701)
#   SQUALL_CLUSTER_TLS_CERT, SQUALL_CLUSTER_TLS_KEY, SQUALL_CLUSTER_TLS_TRUST   --cluster-tls-cert, -key, -trust: PEM
#                                files that make the event bus between nodes mutual TLS (all three or none)
#   SQUALL_HTTP_PORT, SQUALL_BRIDGE_PORT, SQUALL_MANAGEMENT_PORT   --http-port, --bridge-port, --management-port
#   SQUALL_SHUTDOWN_TIMEOUT      --shutdown-timeout, the longest drain in seconds (default: the descriptor's, 20)
#   SQUALL_DRAIN_DELAY           --drain-delay: seconds of serving on, not ready, after SIGTERM (behind haproxy)
#   SQUALL_EVENT_LOOPS           --event-loops
#   SQUALL_LOG_FORMAT            --log-format: text | json
#   SQUALL_JVM_FLAGS             container JVM flags (default -XX:MaxRAMPercentage=75)
#   JAVA_OPTS                    more JVM options, after SQUALL_JVM_FLAGS (so -Xmx here wins)
# java always gets -XX:+ExitOnOutOfMemoryError first, whatever these say: a node out of heap is broken for good
# (Hazelcast stops its member) and must exit, so that Docker or Kubernetes starts it again.
# Other SQUALL_<VERTICLE>_<KEY> variables (SQUALL_HTTP_COOKIE_SECRET_FILE, SQUALL_AUTH_KEYS) reach the JVM as they
# are. Arguments are passed on after the flags (`docker run squall --set chat.rooms=[a,b]`); a first argument naming
# another command (check, version, hash-password) runs that command instead of `run`.
set -eu

jar="${SQUALL_JAR:-/opt/squall/squall.jar}"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jvm_flags="-XX:+ExitOnOutOfMemoryError ${SQUALL_JVM_FLAGS--XX:MaxRAMPercentage=75}"

if [ ! -f "$jar" ]; then
  echo "squall-entrypoint: no launcher jar at $jar (set SQUALL_JAR)" >&2
  exit 1
fi

# Prints the command, one space between words, with the value of any NAME=VALUE word whose name looks like a
# secret masked (JAVA_OPTS -D...password=..., --set http.cookieSecrets=...).
print_command() {
  line="squall-entrypoint: exec"
  for word in "$@"; do
    case "$word" in
      *[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]*=* | *[Ss][Ee][Cc][Rr][Ee][Tt]*=* | *[Tt][Oo][Kk][Ee][Nn]*=* | \
      *[Cc][Rr][Ee][Dd][Ee][Nn][Tt][Ii][Aa][Ll]*=* | *[Pp][Rr][Ii][Vv][Aa][Tt][Ee]*=* | *[Kk][Ee][Yy][Ss]=* | \
      *[Kk][Ee][Yy]=*)
        word="${word%%=*}=***" ;;
    esac
    case "$word" in
      *' '*) word="'$word'" ;;
    esac
    line="$line $word"
  done
  echo "$line" >&2
}

case "${1:-}" in
  check | version | hash-password | help | --help | -h | --version | -V)
    # shellcheck disable=SC2086 # the JVM flags are words on purpose
    set -- "$java_cmd" $jvm_flags ${JAVA_OPTS:-} -jar "$jar" "$@"
    print_command "$@"
    exec "$@"
    ;;
  run)
    shift
    ;;
esac

# The caller's arguments stay first while the command is built after them; they are rotated to the end below.
user_args=$#
# shellcheck disable=SC2086
set -- "$@" "$java_cmd" $jvm_flags ${JAVA_OPTS:-} -jar "$jar" run
[ -n "${SQUALL_DESCRIPTOR:-}" ] && set -- "$@" "$SQUALL_DESCRIPTOR"
[ -n "${SQUALL_ROLES:-}" ] && set -- "$@" --roles "$SQUALL_ROLES"

case "${SQUALL_CLUSTER:-false}" in
  true | TRUE | True | 1 | yes) set -- "$@" --cluster ;;
  false | FALSE | False | 0 | no | '') ;;
  *) echo "squall-entrypoint: SQUALL_CLUSTER must be true or false, not '$SQUALL_CLUSTER'" >&2; exit 2 ;;
esac
[ -n "${SQUALL_CLUSTER_CONFIG:-}" ] && set -- "$@" --cluster-config "$SQUALL_CLUSTER_CONFIG"
[ -n "${SQUALL_CLUSTER_NAME:-}" ] && set -- "$@" --cluster-name "$SQUALL_CLUSTER_NAME"

# In Kubernetes the pod IP (downward API: POD_IP) is both where Hazelcast and the event bus listen and what other
# pods dial.
cluster_host="${SQUALL_CLUSTER_HOST:-${POD_IP:-}}"
cluster_public_host="${SQUALL_CLUSTER_PUBLIC_HOST:-${POD_IP:-}}"
[ -n "$cluster_host" ] && set -- "$@" --cluster-host "$cluster_host"
[ -n "$cluster_public_host" ] && set -- "$@" --cluster-public-host "$cluster_public_host"
[ -n "${SQUALL_CLUSTER_PORT:-}" ] && set -- "$@" --cluster-port "$SQUALL_CLUSTER_PORT"
[ -n "${SQUALL_CLUSTER_TLS_CERT:-}" ] && set -- "$@" --cluster-tls-cert "$SQUALL_CLUSTER_TLS_CERT"
[ -n "${SQUALL_CLUSTER_TLS_KEY:-}" ] && set -- "$@" --cluster-tls-key "$SQUALL_CLUSTER_TLS_KEY"
[ -n "${SQUALL_CLUSTER_TLS_TRUST:-}" ] && set -- "$@" --cluster-tls-trust "$SQUALL_CLUSTER_TLS_TRUST"

[ -n "${SQUALL_HTTP_PORT:-}" ] && set -- "$@" --http-port "$SQUALL_HTTP_PORT"
[ -n "${SQUALL_BRIDGE_PORT:-}" ] && set -- "$@" --bridge-port "$SQUALL_BRIDGE_PORT"
[ -n "${SQUALL_MANAGEMENT_PORT:-}" ] && set -- "$@" --management-port "$SQUALL_MANAGEMENT_PORT"
[ -n "${SQUALL_SHUTDOWN_TIMEOUT:-}" ] && set -- "$@" --shutdown-timeout "$SQUALL_SHUTDOWN_TIMEOUT"
[ -n "${SQUALL_DRAIN_DELAY:-}" ] && set -- "$@" --drain-delay "$SQUALL_DRAIN_DELAY"
[ -n "${SQUALL_EVENT_LOOPS:-}" ] && set -- "$@" --event-loops "$SQUALL_EVENT_LOOPS"
[ -n "${SQUALL_LOG_FORMAT:-}" ] && set -- "$@" --log-format "$SQUALL_LOG_FORMAT"

i=0
while [ "$i" -lt "$user_args" ]; do
  set -- "$@" "$1"
  shift
  i=$((i + 1))
done

print_command "$@"
exec "$@"
