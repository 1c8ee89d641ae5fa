"""bench/run cluster: per-run lines during the run, then the report (tables, results/cluster.json, the cluster section
of RESULTS.md).

    report.py rr-line PATH RESULT.json      one log line for a request/reply path's total
    report.py rr-slice RUN_DIR S CLK_TCK    one log line for the request/reply slices so far
    report.py --dir RUN_DIR --rounds N --sizes N... --nodes K... ...
    report.py --from-json results/cluster.json --json ... --results-md ...   the report again from a results file

Input in RUN_DIR: k<K>.n<N>.r<r>.json, the ws load client's RESULT for K nodes and N subscribers (see WsLoadClient);
rr.<path>.json, a request/reply path's total over all its one-second slices (BusRequester's /total fields);
rr.s<s>.<path>.json, slice s of a path (/run's fields); rr.cpu, a line per slice "PATH MACHINE_TICKS OWN_TICKS T0 T1"
(own: every node and the ping-pong JVMs);
node-warnings.txt (the nodes' WARN/ERROR lines, counted); meta.json (bench_meta). Fan-out figures are ws-fanout's:
medians over the rounds no outside load disturbed, lost is the worst round.
"""
import argparse
import importlib.util
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/lib or bench/ws
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from report_common import OTHER_LOAD_LIMIT, disturbance_notes, fmt, machine_line, median, ratio, update_results_md  # noqa: E402

_spec = importlib.util.spec_from_file_location("ws_report", HERE.parent / "ws" / "report.py")
ws = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ws)

RR_PATHS = {
    "tcp-raw": "raw TCP ping-pong (two JVMs, blocking sockets, loopback)",
    "bus-remote": "event bus, node 1 → node 2 (clustered: TCP between the nodes)",
    "bus-local": "event bus, node 1 → node 1 (same node)",
}
BASELINE = "tcp-raw"


def node_name(k):
    return f"squall-{k}-node" + ("s" if k > 1 else "")


# --- fan-out -------------------------------------------------------------------------------------------------------
def summarize(k, runs):
    s = ws.summarize_fanout(node_name(k), runs)
    s["nodes"] = k
    used = [runs[i - 1] for i in s["rounds_used"]]
    s["other_cores_median"] = round(median([r.get("other_cores", 0) for r in used]), 2)
    s["connected"] = min(r["connected"] for r in runs)
    s["held"] = min(r.get("held", r["connected"] - r["closed"]) for r in runs)
    s["held_by_node"] = [min(col) for col in zip(*[r["connected_by_server"] for r in runs])] \
        if all(r.get("connected_by_server") for r in runs) else None
    # the nodes' own count (squall_bridge_sockets), read after the drain of each round: the worst round per node
    per_round = [r.get("held_by_server_metrics") for r in runs]
    if all(p and None not in p for p in per_round):
        s["held_by_node_metrics"] = [min(col) for col in zip(*per_round)]
    else:
        s["held_by_node_metrics"] = None
    if s["held"] < s["subscribers"] and "connections" not in " ".join(s["notes"]):
        s["notes"].append(f"{s['subscribers'] - s['held']:,} subscribers not held")
    return s


def fanout_ratios(rows):
    """Per size: each cluster size against 1 node (msgs/s, p99, CPU per message)."""
    out = {}
    by = {}
    for r in rows:
        by.setdefault(r["subscribers"], {})[r["nodes"]] = r
    for n, ks in by.items():
        one = ks.get(1)
        out[str(n)] = {node_name(k): {
            "delivered_per_s": ratio(r["delivered_per_s"], one["delivered_per_s"]) if one else None,
            "p99_ms": ratio(r["p99_ms"], one["p99_ms"]) if one else None,
            "cpu_s_per_million": ratio(r["cpu_s_per_million"], one["cpu_s_per_million"]) if one else None,
        } for k, r in sorted(ks.items())}
    return out


# --- request/reply -------------------------------------------------------------------------------------------------
def rr_line(path, file):
    d = json.loads(Path(file).read_text())
    if d.get("error"):
        return f"{path}: error {d['error']}"
    return (f"{path}: {d['count']:,} round trips ({d['per_s']:,}/s), p50 {d['p50_us']:.1f} µs, p99 {d['p99_us']:.1f} µs, "
            f"max {d['max_us']:.0f} µs, failures {d['failures']}")


def rr_cpu(d, hz):
    """{path: [(own_cpus, other_cpus), ...]} per slice, from rr.cpu."""
    out = {}
    f = Path(d) / "rr.cpu"
    for line in f.read_text().splitlines() if f.exists() else []:
        path, machine, own, t0, t1 = line.split()
        wall = float(t1) - float(t0)
        own_c = int(own) / hz / wall
        out.setdefault(path, []).append((own_c, max(0.0, int(machine) / hz / wall - own_c)))
    return out


def rr_slice(d, s, hz):
    cpu = rr_cpu(d, hz)
    parts = []
    for path in RR_PATHS:
        f = Path(d) / f"rr.s{s}.{path}.json"
        if f.exists():
            r = json.loads(f.read_text())
            parts.append(f"{path} p50 {r['p50_us']:.0f} µs p99 {r['p99_us']:.0f} µs")
    others = [o for slices in cpu.values() for _, o in slices[-1:]]
    return "; ".join(parts) + (f"; other load {max(others):.2f} CPU" if others else "")


def summarize_rr(d, path, hz):
    """The path's total over its slices, the spread of the slices' p50 and p99, and the CPU around them."""
    total = json.loads((d / f"rr.{path}.json").read_text())
    slices = sorted((json.loads(f.read_text()) for f in d.glob(f"rr.s*.{path}.json") if f.stat().st_size),
                    key=lambda r: r["p50_us"])
    cpu = rr_cpu(d, hz).get(path, [])
    s = {"name": path, "what": RR_PATHS[path]}
    s.update({k: total[k] for k in ("count", "per_s", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us",
                                    "failures")})
    s["slices"] = len(slices)
    s["slice_p50_us"] = {"min": slices[0]["p50_us"], "median": median([r["p50_us"] for r in slices]),
                         "max": slices[-1]["p50_us"]} if slices else None
    s["slice_p99_us"] = {"min": min(r["p99_us"] for r in slices), "median": median([r["p99_us"] for r in slices]),
                         "max": max(r["p99_us"] for r in slices)} if slices else None
    s["own_cpus"] = round(median([c[0] for c in cpu]), 2) if cpu else None
    s["other_cores_mean"] = round(sum(c[1] for c in cpu) / len(cpu), 2) if cpu else None
    s["other_cores_max"] = round(max(c[1] for c in cpu), 2) if cpu else None
    notes = []
    if s["failures"]:
        notes.append(f"{s['failures']} failed requests")
    if s["other_cores_mean"] is not None and s["other_cores_mean"] > OTHER_LOAD_LIMIT:
        notes.append(f"other load {s['other_cores_mean']:.2f} CPU on average (up to {s['other_cores_max']:.2f})")
    s["notes"] = notes
    return s


def rr_ratios(rows):
    by = {r["name"]: r for r in rows}
    base = by.get(BASELINE)
    if not base:
        return {}
    return {r["name"]: {"p50_us": ratio(r["p50_us"], base["p50_us"]), "p99_us": ratio(r["p99_us"], base["p99_us"]),
                        "per_s": ratio(r["per_s"], base["per_s"])} for r in rows}


# --- the report ----------------------------------------------------------------------------------------------------
def warnings_text(d):
    f = d / "node-warnings.txt"
    lines = [line.strip() for line in f.read_text().splitlines() if line.strip()] if f.exists() else []
    return lines


def markdown(meta, args, fan_rows, fan_rats, rr_rows, rr_rats, warnings):
    v = meta["versions"]
    lines = [
        f"## cluster — {meta['date']}",
        "",
        f"Machine: {meta['machine']}. Squall nodes are separate JVMs (`{args.java_opts}`) clustered over Hazelcast "
        "on loopback (bench/cluster/hazelcast.xml: cluster-config/local.xml on the bench's ports), each running the "
        "bridge verticle ×2 (bench/cluster/squall-cluster.yaml); the cluster grows from 1 to 2 to 3 nodes (a node "
        "is added, the others keep running), each size checked (20 subscribers over all nodes get every frame) and "
        f"warmed up ({meta['warmup_s']['jvm']} s of broadcasts) before it is measured.",
        f"Fan-out: WsLoadClient (client JVM `{args.client_java_opts}`) spreads the subscribers evenly over the nodes' "
        f"bridges (subscriber i to node i mod K), the publisher on node 1 sends {args.rate} broadcasts/s of a "
        f"{args.payload}-byte body for {meta['duration_s']} s to `bench.fanout`: node 1's bridge publishes it on the "
        "event bus, which hands it to its own sockets and sends it once to each other node. "
        f"{meta['rounds']} rounds per size, median of the rounds no outside load disturbed (> {OTHER_LOAD_LIMIT} "
        f"CPU); **lost** = not received within {args.drain} s after the last broadcast (worst round); **held** = "
        "subscribers connected, registered and still open after the drain (worst round), and per node as the nodes "
        "count them (`squall_bridge_sockets` from each node's /metrics, read before the client disconnects; node 1's "
        "count includes the publisher).",
        f"Pinning: nodes on all CPUs, the load client on the last CPU. **Every node and the load client share the "
        "machine's 2 CPUs**: adding a node adds no CPU, so delivered msgs/s cannot grow with nodes here; the columns "
        "show what a node costs instead (server CPU is all nodes together).",
        f"Versions: {v['java']}; Squall {v['squall']}.",
        "",
        "### Fan-out over 1, 2 and 3 nodes",
        "",
        "| nodes | subscribers | offered msgs/s | delivered msgs/s | × 1 node | p50 ms | p99 ms | lost | held | held per "
        "node (nodes' count) | server CPU-s / 1M msgs | server CPUs busy | client CPU busy | other load CPUs | notes |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for r in fan_rows:
        x = fan_rats[str(r["subscribers"])][r["name"]]
        per_node = " / ".join(f"{h:,}" for h in r["held_by_node_metrics"]) if r["held_by_node_metrics"] else "–"
        lines.append(
            f"| {r['nodes']} | {r['subscribers']:,} | {r['offered_per_s']:,} | {r['delivered_per_s']:,} "
            f"| {fmt(x['delivered_per_s'], '.2f')} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['lost']:,} "
            f"| {r['held']:,} | {per_node} | {fmt(r['cpu_s_per_million'], '.1f')} | {r['server_cores']:.2f} "
            f"| {r['client_cores']:.2f} | {r['other_cores_median']:.2f} | {', '.join(r['notes'])} |")
    lines += ["", "**other load CPUs**: what the rest of the machine used meanwhile (its busy time minus the nodes' and "
              "the load client's CPU), median over the rounds used.", ""]
    lines += scaling_lines(fan_rows)
    if rr_rows:
        lines += [
            "",
            "### Request/reply latency across nodes",
            "",
            f"One request in flight at a time, a {args.rr_payload}-byte body each way; latency = System.nanoTime "
            "around each round trip, HdrHistogram. Event bus: `BusRequester` on node 1 (`eventBus().request` from "
            "its event loop, the next request from the reply's handler) to an `EchoConsumer` on node 2 or on node 1, "
            "with all 3 nodes up. Raw TCP: `TcpPingPong`, two more JVMs, one blocking socket (TCP_NODELAY) kept "
            f"open, no framing, no codec: the floor. After {args.rr_warmup} s of unmeasured round trips per path, "
            f"the paths take turns in one-second slices, {meta['rounds'] * args.rr_seconds} per path, and each row "
            "is the sum of its slices, so every path meets the same mix of outside load (on this 2-vCPU VM a round "
            "trip is *slower* when the machine is otherwise idle, the vCPUs being asleep, and slower again when "
            "other jobs hold them). **slice p50**: the range of the slices' medians; **our CPUs busy**: the nodes "
            "and the ping-pong JVMs together, median over the slices.",
            "",
            "| path | round trips/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | p50 × raw TCP | p99 × raw TCP "
            "| slice p50 µs (min–max) | our CPUs busy | notes |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in rr_rows:
            x = rr_rats.get(r["name"], {})
            lines.append(
                f"| {r['name']}: {r['what']} | {r['per_s']:,} | {r['p50_us']:.1f} | {r['p90_us']:.1f} "
                f"| {r['p99_us']:.1f} | {r['p999_us']:.1f} | {r['max_us']:,.0f} | {fmt(x.get('p50_us'), '.2f')} "
                f"| {fmt(x.get('p99_us'), '.2f')} | {slice_range(r)} | {fmt(r['own_cpus'], '.2f')} "
                f"| {', '.join(r['notes'])} |")
        by = {r["name"]: r for r in rr_rows}
        if {"bus-remote", "bus-local", "tcp-raw"} <= by.keys():
            rem, loc, tcp = by["bus-remote"], by["bus-local"], by["tcp-raw"]
            lines += ["", f"At the median a cross-node request takes {more_or_less(rem['p50_us'] - tcp['p50_us'])} than "
                          f"a raw TCP round trip ({rr_rats['bus-remote']['p50_us']:.1f}×) and "
                          f"{more_or_less(rem['p50_us'] - loc['p50_us'])} than the same request to a consumer on the "
                          f"same node; at p99, {more_or_less(rem['p99_us'] - tcp['p99_us'])} than raw TCP."]
    else:
        lines += ["", "Request/reply: not measured (it needs a second node: BENCH_CLUSTER_NODES)."]
    lines.append("")
    if warnings:
        lines.append("Nodes' WARN/ERROR log lines (count, message): " + "; ".join(
            f"`{w[:160]}`" for w in warnings[:6]) + ("; …" if len(warnings) > 6 else "") + ".")
    else:
        lines.append("The nodes logged no WARN or ERROR line.")
    lines.append(machine_line(meta))
    return "\n".join(lines) + "\n"


def slice_range(r):
    sp = r.get("slice_p50_us")
    return f"{sp['min']:.0f}–{sp['max']:.0f}" if sp else "–"


def more_or_less(us):
    return f"{abs(us):.0f} µs {'more' if us >= 0 else 'less'}"


def scaling_lines(rows):
    """Plain words on what adding nodes did, per size (per-message CPU and latency against 1 node)."""
    out = []
    by = {}
    for r in rows:
        by.setdefault(r["subscribers"], {})[r["nodes"]] = r
    for n, ks in by.items():
        if 1 not in ks or len(ks) < 2:
            continue
        one = ks[1]
        parts = []
        for k, r in sorted(ks.items()):
            if k == 1:
                continue
            parts.append(f"{k} nodes deliver {ratio(r['delivered_per_s'], one['delivered_per_s']):.2f}× "
                         f"at {fmt(ratio(r['cpu_s_per_million'], one['cpu_s_per_million']), '.2f')}× the server CPU "
                         f"per message and {fmt(ratio(r['p99_ms'], one['p99_ms']), '.2f')}× the p99")
        # nothing lost and no "behind the offered rate" note: the last messages' latency, not a backlog, is all
        # that keeps delivered msgs/s (received / (last receive - first send)) under the offered rate
        keeps = all(r["lost"] == 0 and r["delivered_per_s"] >= 0.95 * r["offered_per_s"] for r in ks.values())
        other = {k: r["other_cores_median"] for k, r in sorted(ks.items())}
        uneven = max(other.values()) - min(other.values()) > OTHER_LOAD_LIMIT
        out.append(f"{n:,} subscribers: against 1 node, " + "; ".join(parts) + "."
                   + (" Every cluster size keeps up with the offered rate, so msgs/s cannot grow: compare CPU and "
                      "latency." if keeps else "")
                   + (" **The outside load differed between these rows** ("
                      + ", ".join(f"{k} node{'s' if k > 1 else ''}: {o:.2f} CPU" for k, o in other.items())
                      + "): on this machine that moves msgs/s and latency more than the node count does, so read "
                      "the ratios with it." if uneven else ""))
    return out


def report(args):
    d = Path(args.dir)
    meta = json.loads((d / "meta.json").read_text())
    fan_rows = []
    for k in args.nodes:
        for n in args.sizes:
            runs = [ws.round_figures(ws.load_result(d / f"k{k}.n{n}.r{r}.json")) for r in range(1, args.rounds + 1)]
            fan_rows.append(summarize(k, runs))
    fan_rows.sort(key=lambda r: (r["subscribers"], r["nodes"]))
    fan_rats = fanout_ratios(fan_rows)
    rr_rows = [summarize_rr(d, path, args.clk_tck) for path in RR_PATHS
               if (d / f"rr.{path}.json").exists() and (d / f"rr.{path}.json").stat().st_size]
    rr_rats = rr_ratios(rr_rows)
    warnings = warnings_text(d)
    result = {
        "scenario": "cluster", "date": meta["date"], "machine": meta["machine"],
        "contenders": fan_rows + rr_rows,
        "ratios": {"fanout_vs_1_node": fan_rats, "request_reply_vs_tcp_raw": rr_rats},
        "node_warnings": warnings,
        "config": {"sizes": args.sizes, "nodes": args.nodes, "rate_per_s": args.rate, "payload_bytes": args.payload,
                   "duration_s": meta["duration_s"], "rounds": meta["rounds"], "drain_s": args.drain,
                   "warmup_s": meta["warmup_s"], "java_opts": args.java_opts,
                   "client_java_opts": args.client_java_opts,
                   "request_reply": {"slices_per_path": meta["rounds"] * args.rr_seconds, "slice_s": 1,
                                     "warmup_s": args.rr_warmup, "payload_bytes": args.rr_payload},
                   "versions": meta["versions"],
                   "machine_busy_cpus_before": meta["machine_busy_cpus_before"],
                   "machine_busy_cpus_after": meta["machine_busy_cpus_after"],
                   "waited_for_quiet_s": meta["waited_for_quiet_s"], "elapsed_s": meta["elapsed_s"]},
    }
    write(args, result, markdown(meta, args, fan_rows, fan_rats, rr_rows, rr_rats, warnings))


def from_json(args):
    """Renders the report again from a results file: its fan-out rounds are summarized anew, its request/reply rows
    (sums over slices) are taken as they are."""
    old = json.loads(Path(args.from_json).read_text())
    c = old["config"]
    meta = {"date": old["date"], "machine": old["machine"], "duration_s": c["duration_s"], "rounds": c["rounds"],
            "warmup_s": c["warmup_s"], "versions": c["versions"], "elapsed_s": c["elapsed_s"],
            "machine_busy_cpus_before": c["machine_busy_cpus_before"],
            "machine_busy_cpus_after": c["machine_busy_cpus_after"], "waited_for_quiet_s": c["waited_for_quiet_s"]}
    rr = c["request_reply"]
    ns = argparse.Namespace(rate=c["rate_per_s"], payload=c["payload_bytes"], drain=c["drain_s"],
                            java_opts=c["java_opts"], client_java_opts=c["client_java_opts"],
                            rr_seconds=rr["slices_per_path"] // c["rounds"], rr_warmup=rr["warmup_s"],
                            rr_payload=rr["payload_bytes"])
    fan_rows = [summarize(r["nodes"], r["rounds"]) for r in old["contenders"] if "nodes" in r]
    fan_rows.sort(key=lambda r: (r["subscribers"], r["nodes"]))
    rr_rows = [r for r in old["contenders"] if r["name"] in RR_PATHS]
    fan_rats, rr_rats = fanout_ratios(fan_rows), rr_ratios(rr_rows)
    result = dict(old, contenders=fan_rows + rr_rows,
                  ratios={"fanout_vs_1_node": fan_rats, "request_reply_vs_tcp_raw": rr_rats})
    section = markdown(meta, ns, fan_rows, fan_rats, rr_rows, rr_rats, old.get("node_warnings", []))
    write(args, result, section)


def write(args, result, section):
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    update_results_md(Path(args.results_md), "cluster", section)
    sys.stdout.write(section)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "rr-line":
        print(rr_line(sys.argv[2], sys.argv[3]))
        return
    if len(sys.argv) >= 2 and sys.argv[1] == "rr-slice":
        print(rr_slice(Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--from-json")
    ap.add_argument("--dir")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--sizes", type=int, nargs="+")
    ap.add_argument("--nodes", type=int, nargs="+")
    ap.add_argument("--rate", type=int)
    ap.add_argument("--payload", type=int)
    ap.add_argument("--drain", type=int)
    ap.add_argument("--java-opts")
    ap.add_argument("--client-java-opts")
    ap.add_argument("--rr-seconds", type=int)
    ap.add_argument("--rr-warmup", type=int)
    ap.add_argument("--rr-payload", type=int)
    ap.add_argument("--clk-tck", type=float, default=100.0)
    ap.add_argument("--json", required=True)
    ap.add_argument("--results-md", required=True)
    args = ap.parse_args()
    if args.from_json:
        from_json(args)
        return
    missing = [k for k in ("dir", "rounds", "sizes", "nodes", "rate", "payload", "drain", "java_opts",
                           "client_java_opts", "rr_seconds", "rr_warmup", "rr_payload") if getattr(args, k) is None]
    if missing:
        ap.error("without --from-json these are required: " + ", ".join("--" + m.replace("_", "-") for m in missing))
    report(args)


if __name__ == "__main__":
    main()
