"""Turns one `bench/run http` run directory into the Markdown table, bench/results/http.json and bench/RESULTS.md.

Input, per round r and contender c: r<r>.<c>.wrk (wrk --latency output), r<r>.<c>.times (bash `times` after wrk:
its second line is wrk's user and system CPU), r<r>.<c>.cpu (server ticks, machine ticks, wall seconds), and
meta.json. Each number reported is the median over the contender's undisturbed rounds: rounds during which
something outside the benchmark used more than OTHER_LOAD_LIMIT CPU are left out when at least one round was not
disturbed (the table says how many were used); when every round was disturbed, all are used and the row says so.

    report.py --dir RUN_DIR --rounds N --contenders NAME... --json OUT.json --results-md RESULTS.md
    report.py --from-json results/http.json --json OUT.json --results-md RESULTS.md   (re-render kept rounds)
"""
import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/lib
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from report_common import (OTHER_LOAD_LIMIT, fmt, machine_line, paired_ratio, parse_run,  # noqa: E402
                           summarize, update_results_md)

BASELINE = "vertx-raw"
STATIC = ("squall-static", "tornado-2-static")
PAGE = ("squall-page", "tornado-2-page")  # the templates scenario's page; present when the launcher has templates


def paired(c, base):
    """req/s, p99 and CPU per request of c over base, each the median of the same-round ratios."""
    return {key: paired_ratio(c, base, key) for key in ("rps", "p99_ms", "cpu_s_per_million")}


def ratios(by_name):
    base = by_name.get(BASELINE)
    out = {"vs_vertx_raw": {}, "squall_json_vs": {}, "squall_static_vs_tornado_static": {},
           "squall_page_vs_tornado_page": {}}
    if base:
        for name, c in by_name.items():
            if name not in STATIC + PAGE:
                out["vs_vertx_raw"][name] = paired(c, base)
    sq = by_name.get("squall-json")
    if sq:
        for peer in ("node-1", "tornado-1", "tornado-2", "vertx-web"):
            if peer in by_name:
                out["squall_json_vs"][peer] = paired(sq, by_name[peer])
    for pair, key in ((STATIC, "squall_static_vs_tornado_static"), (PAGE, "squall_page_vs_tornado_page")):
        a, b = (by_name.get(n) for n in pair)
        if a and b:
            out[key] = paired(a, b)
    return out


def markdown(meta, contenders, rat):
    vs = rat["vs_vertx_raw"]
    by_name = {c["name"]: c for c in contenders}
    lines = [
        f"## http — {meta['date']}",
        "",
        f"Machine: {meta['machine']}. Load: {meta['load']}; {meta['rounds']} interleaved rounds, median of the "
        f"rounds no outside load disturbed (> {OTHER_LOAD_LIMIT} CPU) shown; "
        f"warm-up {meta['warmup_s']['jvm']} s per JVM route, {meta['warmup_s']['other']} s otherwise.",
        f"Pinning: {meta['pinning']}. **Server and wrk share the machine's CPUs**, so req/s is a per-box figure "
        "bounded by the shared cores; server CPU-s per 1M requests is the per-request cost and holds even when req/s "
        "does not. Every contender sends the same response (body, content type and Squall's four default security "
        "headers), so wrk does the same work for each. The × columns are medians of same-round ratios: the "
        "machine's speed drifts between rounds.",
        f"Versions: {meta['versions']['java']}; Node {meta['versions']['node']}; {meta['versions']['python']}, "
        f"Tornado {meta['versions']['tornado']}; {meta['versions']['wrk']}; Squall {meta['versions']['squall']}; "
        f"JVM options `{meta['java_opts']}`.",
        "",
        "| contender | req/s | p99 ms | server CPU-s / 1M req | server CPUs busy | wrk CPU busy "
        "| req/s × raw Vert.x | CPU/1M × raw Vert.x | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in contenders:
        r = vs.get(c["name"], {})
        lines.append(
            f"| {c['name']} | {c['rps']:,} | {fmt(c['p99_ms'], '.2f')} | {fmt(c['cpu_s_per_million'], '.1f')} "
            f"| {c['server_cores']:.2f} | {c['wrk_core']:.2f} | {fmt(r.get('rps'), '.2f')} "
            f"| {fmt(r.get('cpu_s_per_million'), '.2f')} | {', '.join(c['notes'])} |")
    lines.append("")
    st = rat["squall_static_vs_tornado_static"]
    if st:
        lines.append(f"Static file (hello.txt, 14 B): Squall vs Tornado ×2: {fmt(st['rps'], '.2f')}× the req/s at "
                     f"{fmt(st['cpu_s_per_million'], '.2f')}× the CPU per request.")
    pg = rat["squall_page_vs_tornado_page"]
    if pg:
        lines.append(f"Template page (the templates scenario's page: a layout, an include, 50 escaped rows; Squall "
                     f"renders it in its templates verticle): Squall vs Tornado ×2: {fmt(pg['rps'], '.2f')}× the "
                     f"req/s at {fmt(pg['cpu_s_per_million'], '.2f')}× the CPU per request.")
    sw = rat["squall_json_vs"].get("vertx-web")
    if vs.get("vertx-web") and sw:
        lines.append(f"Routing alone: a Vert.x Web Router with the one route (vertx-web) serves "
                     f"{fmt(vs['vertx-web']['rps'], '.2f')}× raw Vert.x's req/s at "
                     f"{fmt(vs['vertx-web']['cpu_s_per_million'], '.2f')}× its CPU per request; Squall's /json, which "
                     f"routes through Vert.x Web too, is {fmt(sw['rps'], '.2f')}× vertx-web's req/s "
                     f"at {fmt(sw['cpu_s_per_million'], '.2f')}× its CPU per request.")
    sq = rat["squall_json_vs"]
    if sq:
        parts = [f"{p}: {fmt(v['rps'], '.2f')}× the req/s at {fmt(v['cpu_s_per_million'], '.2f')}× the CPU per request"
                 for p, v in sq.items() if p != "vertx-web"]
        lines.append("Squall /json vs " + "; ".join(parts) + ".")
    lines.append(machine_line(meta))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--contenders", nargs="+")
    ap.add_argument("--from-json", help="re-render from the rounds kept in an earlier results JSON")
    ap.add_argument("--json", required=True)
    ap.add_argument("--results-md", required=True)
    args = ap.parse_args()
    if args.from_json:
        old = json.loads(Path(args.from_json).read_text())
        meta = dict(old["config"], date=old["date"], machine=old["machine"])
        runs_by_name = {c["name"]: c["rounds"] for c in old["contenders"]}
    else:
        if not (args.dir and args.rounds and args.contenders):
            ap.error("--dir, --rounds and --contenders are required without --from-json")
        d = Path(args.dir)
        meta = json.loads((d / "meta.json").read_text())
        runs_by_name = {name: [parse_run(d / f"r{r}.{name}") for r in range(1, args.rounds + 1)]
                        for name in args.contenders}
    contenders = [summarize(name, runs) for name, runs in runs_by_name.items()]
    by_name = {c["name"]: c for c in contenders}
    rat = ratios(by_name)
    result = {"scenario": "http", "date": meta["date"], "machine": meta["machine"],
              "contenders": contenders, "ratios": rat,
              "config": {k: meta[k] for k in ("duration_s", "rounds", "connections", "warmup_s", "load", "pinning",
                                               "java_opts", "versions", "machine_busy_cpus_before",
                                               "machine_busy_cpus_after", "waited_for_quiet_s", "elapsed_s")}}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    section = markdown(meta, contenders, rat)
    update_results_md(Path(args.results_md), "http", section)
    sys.stdout.write(section)


if __name__ == "__main__":
    main()
