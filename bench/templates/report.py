"""bench/run templates: page comparison, per-round lines, and the report (table, results/templates.json, RESULTS.md).

    report.py compare REFERENCE.html OTHER.html     exit 1 unless both are the same page (whitespace normalized)
                                                    with the same 50 rows escaped the same way
    report.py round r1.pebble.json                  one log line: pages/s, own CPU, other load
    report.py report --dir RUN_DIR --rounds N [--e2e-contenders NAME... | --e2e-skipped REASON]
                     --json OUT.json --results-md RESULTS.md

Part 1 (RUN_DIR/render/r<r>.<engine>.json, one JSON line from PebbleBench / tornado_render.py per round): pages/s
over the measured window, pages per CPU-second of the process, and the load the rest of the machine put on it
(machine busy time minus the worker's own CPU). Part 2 (RUN_DIR/e2e/r<r>.<contender>.{wrk,times,cpu}) is read
like bench/run http's rounds. Every figure is the median over undisturbed rounds (see bench/lib/report_common.py).
"""
import argparse
import json
import re
import statistics
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/lib
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from report_common import (OTHER_LOAD_LIMIT, disturbance_notes, fmt, machine_line, parse_run, ratio,  # noqa: E402
                           summarize, update_results_md)

ENGINES = ("pebble", "tornado")
ROWS = 50
ESCAPED_ROW_NAME = "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;double&quot; &#39;single&#39;"
TARGET_RENDER_RATIO = 20.0      # Pebble pages/s >= 20x Tornado's, per core
TARGET_PAGE_VS_JSON = 0.5       # Squall page req/s >= 0.5x Squall's JSON route
TARGET_PAGE_VS_TORNADO_2 = 1.0  # Squall page req/s ahead of Tornado with 2 processes


# --- compare -----------------------------------------------------------------------------------------------------
def normalize(html):
    """Whitespace is the one thing the engines are allowed to differ in (Tornado collapses it in .html templates,
    Pebble keeps it): runs of whitespace become one space, and whitespace between tags goes."""
    text = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", text).strip()


def page_problems(page):
    problems = []
    rows = re.findall(r'<tr class="(?:odd|even)"><td>(\d+)</td><td>(.*?)</td>', page)
    if [int(r[0]) for r in rows] != list(range(1, ROWS + 1)):
        problems.append(f"expected rows 1..{ROWS}, found {len(rows)}")
    unescaped = [n for n, name in rows if ESCAPED_ROW_NAME not in name]
    if unescaped:
        problems.append(f"rows {', '.join(unescaped[:5])} are not escaped as {ESCAPED_ROW_NAME!r}")
    if "<b>" in page or "&&" in page:
        problems.append("raw <b> or && in the page: something was not escaped")
    return problems


def compare(ref_path, other_path):
    ref = normalize(Path(ref_path).read_text(encoding="utf-8"))
    other = normalize(Path(other_path).read_text(encoding="utf-8"))
    ok = True
    for path, page in ((ref_path, ref), (other_path, other)):
        for p in page_problems(page):
            print(f"{path}: {p}", file=sys.stderr)
            ok = False
    if ref != other:
        i = next((i for i, (a, b) in enumerate(zip(ref, other)) if a != b), min(len(ref), len(other)))
        print(f"pages differ at character {i} of the normalized text:\n  {ref_path}: ...{ref[max(0, i - 80):i + 80]}"
              f"\n  {other_path}: ...{other[max(0, i - 80):i + 80]}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


# --- part 1 ------------------------------------------------------------------------------------------------------
def render_round(path):
    raw = json.loads(Path(path).read_text().strip().splitlines()[-1])
    wall, cpu = raw["wall_s"], raw["cpu_s"]
    return {
        "pages": raw["pages"],
        "wall_s": wall,
        "pages_per_s": raw["pages"] / wall,
        "pages_per_cpu_s": raw["pages"] / cpu if cpu > 0 else None,
        "own_cores": cpu / wall,
        # whatever else kept the machine busy meanwhile (machine busy time minus the worker's own CPU)
        "other_cores": max(0.0, raw["machine_busy_s"] / wall - cpu / wall),
        "page_bytes": raw["page_bytes"],
    }


def round_line(path):
    r = render_round(path)
    flag = " DISTURBED" if r["other_cores"] > OTHER_LOAD_LIMIT else ""
    return (f"{r['pages_per_s']:,.0f} pages/s ({r['pages']:,} pages in {r['wall_s']:.1f} s), own CPU "
            f"{r['own_cores']:.2f}, other load {r['other_cores']:.2f} CPU{flag}")


def summarize_render(name, runs):
    clean = [i for i, r in enumerate(runs) if r["other_cores"] <= OTHER_LOAD_LIMIT]
    used_idx = clean if clean else list(range(len(runs)))
    used = [runs[i] for i in used_idx]
    pps = [r["pages_per_s"] for r in used]
    med = statistics.median(pps)
    per_cpu = [r["pages_per_cpu_s"] for r in used if r["pages_per_cpu_s"]]
    s = {
        "name": f"{name}-render",
        "engine": name,
        "pages_per_s": round(med),
        "pages_per_cpu_s": round(statistics.median(per_cpu)) if per_cpu else None,
        "own_cores": round(statistics.median([r["own_cores"] for r in used]), 2),
        "other_cores_max": round(max(r["other_cores"] for r in used), 2),
        "page_bytes": used[0]["page_bytes"],
        "pages_per_s_spread_pct": round(100 * (max(pps) - min(pps)) / med, 1) if med else None,
        "rounds_used": [i + 1 for i in used_idx],
        "rounds": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()} for r in runs],
    }
    notes = disturbance_notes(clean, runs, s["other_cores_max"])
    if s["own_cores"] < 0.9:
        notes.append(f"got only {s['own_cores']:.2f} of its CPU")
    if len(used) > 1 and s["pages_per_s_spread_pct"] > 15:
        notes.append(f"spread {s['pages_per_s_spread_pct']:.0f}%")
    s["notes"] = notes
    return s


# --- report ------------------------------------------------------------------------------------------------------
def verdict(value, target, higher_is_better=True):
    if value is None:
        return "no figure"
    met = value >= target if higher_is_better else value <= target
    return "target met" if met else "**target missed**"


def markdown(meta, render, e2e, e2e_skipped, rat):
    v = meta["versions"]
    pebble, tornado = render["pebble"], render["tornado"]
    rr = rat["render_pebble_vs_tornado"]
    lines = [
        f"## templates — {meta['date']}",
        "",
        f"Machine: {meta['machine']}. Versions: Pebble {meta['pebble']}; {v['java']}; {v['python']}, "
        f"Tornado {v['tornado']}; {v['wrk']}; Squall {v['squall']}; JVM options `{meta['java_opts']}`.",
        "",
        "### Render throughput, one core each",
        "",
        f"The same page — a layout (extends/block), an include, a loop of {ROWS} rows whose text needs escaping — "
        "rendered in a loop by one thread (Pebble through the templates verticle's Renderer, as its workers render: "
        "Squall's engine settings and escaper, the context converted from JSON), template cached, each engine alone "
        f"on CPU {meta['render_cpu']} "
        f"(taskset; the JVM's JIT and GC threads share that core). Warm-up {meta['warmup_s']['jvm']} s (Pebble) / "
        f"{meta['warmup_s']['other']} s (Tornado) per round, then {meta['duration_s']} s measured; "
        f"{meta['rounds']} alternating rounds, median of the undisturbed ones (> {OTHER_LOAD_LIMIT} CPU of other "
        "load) shown. Both pages were checked equal (whitespace normalized) before measuring.",
        "",
        "| engine | pages/s | pages per CPU-s | own CPU | page bytes | notes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in (pebble, tornado):
        lines.append(f"| {c['name']} | {c['pages_per_s']:,} | {fmt(c['pages_per_cpu_s'], ',')} | "
                     f"{c['own_cores']:.2f} | {c['page_bytes']:,} | {', '.join(c['notes'])} |")
    lines += [
        "",
        f"Pebble renders **{fmt(rr['pages_per_s'], '.1f')}×** Tornado's pages per second on one core "
        f"({fmt(rr['pages_per_cpu_s'], '.1f')}× per CPU-second); target ≥ {TARGET_RENDER_RATIO:.0f}×: "
        f"{verdict(rr['pages_per_s'], TARGET_RENDER_RATIO)}.",
        "",
        "### End to end: the page through Squall's http and templates verticles",
        "",
    ]
    if e2e_skipped:
        lines.append(f"Skipped: {e2e_skipped}.")
    else:
        lines += [
            f"Load: {meta['load']}; warm-up {meta['warmup_s']['jvm']} s per JVM route, {meta['warmup_s']['other']} s "
            f"otherwise; {meta['rounds']} interleaved rounds, medians of the undisturbed ones. Pinning: "
            f"{meta['pinning']}. Squall: one node, `http` ×2, `templates` ×{meta['templates_instances']}; "
            "`/page` is a `template` route (event bus to the templates verticle, `{html}` back), `/json` the "
            "JsonHandler route of `bench/run http`. Tornado: `RequestHandler.render` of the same page.",
            "",
            "| contender | req/s | p99 ms | server CPU-s / 1M req | server CPUs busy | wrk CPU busy | notes |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for c in e2e:
            lines.append(f"| {c['name']} | {c['rps']:,} | {fmt(c['p99_ms'], '.2f')} | "
                         f"{fmt(c['cpu_s_per_million'], '.1f')} | {c['server_cores']:.2f} | {c['wrk_core']:.2f} | "
                         f"{', '.join(c['notes'])} |")
        pj = rat.get("squall_page_vs_squall_json", {})
        p1 = rat.get("squall_page_vs_tornado_1_page", {})
        p2 = rat.get("squall_page_vs_tornado_2_page", {})
        lines += [
            "",
            f"Squall page vs Squall /json: {fmt(pj.get('rps'), '.2f')}× the req/s (target ≥ {TARGET_PAGE_VS_JSON}×: "
            f"{verdict(pj.get('rps'), TARGET_PAGE_VS_JSON)}). "
            f"Squall page vs Tornado ×2: {fmt(p2.get('rps'), '.2f')}× the req/s at "
            f"{fmt(p2.get('cpu_s_per_million'), '.2f')}× the CPU per request (target > 1×: "
            f"{verdict(p2.get('rps'), TARGET_PAGE_VS_TORNADO_2)}); vs Tornado ×1: {fmt(p1.get('rps'), '.2f')}× the "
            f"req/s at {fmt(p1.get('cpu_s_per_million'), '.2f')}× the CPU per request.",
        ]
    lines.append(machine_line(meta))
    return "\n".join(lines) + "\n"


def report(args):
    d = Path(args.dir)
    meta = json.loads((d / "meta.json").read_text())
    meta.update(render_cpu=args.render_cpu, templates_instances=args.templates_instances, pebble=args.pebble)
    render = {e: summarize_render(e, [render_round(d / "render" / f"r{r}.{e}.json")
                                      for r in range(1, args.rounds + 1)]) for e in ENGINES}
    rat = {"render_pebble_vs_tornado": {
        "pages_per_s": ratio(render["pebble"]["pages_per_s"], render["tornado"]["pages_per_s"], 1),
        "pages_per_cpu_s": ratio(render["pebble"]["pages_per_cpu_s"], render["tornado"]["pages_per_cpu_s"], 1)}}
    e2e = []
    if args.e2e_contenders:
        e2e = [summarize(n, [parse_run(d / "e2e" / f"r{r}.{n}") for r in range(1, args.rounds + 1)])
               for n in args.e2e_contenders]
        by = {c["name"]: c for c in e2e}
        page = by.get("squall-page")
        for key, peer in (("squall_page_vs_squall_json", "squall-json"),
                          ("squall_page_vs_tornado_1_page", "tornado-1-page"),
                          ("squall_page_vs_tornado_2_page", "tornado-2-page")):
            if page and peer in by:
                rat[key] = {"rps": ratio(page["rps"], by[peer]["rps"]),
                            "p99_ms": ratio(page["p99_ms"], by[peer]["p99_ms"]),
                            "cpu_s_per_million": ratio(page["cpu_s_per_million"], by[peer]["cpu_s_per_million"])}
    targets = {
        "render_pebble_vs_tornado_pages_per_s": {"target": TARGET_RENDER_RATIO,
                                                 "met": (rat["render_pebble_vs_tornado"]["pages_per_s"] or 0)
                                                 >= TARGET_RENDER_RATIO},
    }
    if e2e:
        for key, target in (("squall_page_vs_squall_json", TARGET_PAGE_VS_JSON),
                            ("squall_page_vs_tornado_2_page", TARGET_PAGE_VS_TORNADO_2)):
            value = rat.get(key, {}).get("rps")
            targets[f"{key}_rps"] = {"target": target, "met": value is not None and value >= target}
    result = {"scenario": "templates", "date": meta["date"], "machine": meta["machine"],
              "contenders": [render["pebble"], render["tornado"]] + e2e,
              "ratios": rat, "targets": targets,
              "end_to_end": {"skipped": args.e2e_skipped} if args.e2e_skipped else {"ran": True},
              "config": {k: meta[k] for k in ("duration_s", "rounds", "connections", "warmup_s", "load", "pinning",
                                               "java_opts", "versions", "machine_busy_cpus_before",
                                               "machine_busy_cpus_after", "waited_for_quiet_s", "elapsed_s",
                                               "render_cpu", "templates_instances", "pebble")}}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    section = markdown(meta, render, e2e, args.e2e_skipped, rat)
    update_results_md(Path(args.results_md), "templates", section)
    sys.stdout.write(section)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("reference")
    c.add_argument("other")
    r = sub.add_parser("round")
    r.add_argument("file")
    p = sub.add_parser("report")
    p.add_argument("--dir", required=True)
    p.add_argument("--rounds", type=int, required=True)
    p.add_argument("--render-cpu", default="0")
    p.add_argument("--templates-instances", type=int, default=2)
    p.add_argument("--pebble", default="unknown", help="the Pebble version PebbleBench ran on")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--e2e-contenders", nargs="+")
    g.add_argument("--e2e-skipped")
    p.add_argument("--json", required=True)
    p.add_argument("--results-md", required=True)
    args = ap.parse_args()
    if args.cmd == "compare":
        sys.exit(compare(args.reference, args.other))
    if args.cmd == "round":
        print(round_line(args.file))
        return
    report(args)


if __name__ == "__main__":
    main()
