"""Shared by the bench scenarios' report scripts: wrk output and CPU accounting per round (the files bench/lib/common.sh's
run_wrk writes), medians over undisturbed rounds, and the RESULTS.md section replacement."""
import re
import statistics
from pathlib import Path

OTHER_LOAD_LIMIT = 0.25  # CPUs used by others during a round before the round counts as disturbed
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    out = {"requests": 0, "rps": 0.0, "p99_ms": None, "errors": 0, "non_2xx": 0}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+),", text)
    if m:
        out["requests"] = int(m.group(1))
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps"] = float(m.group(1))
    m = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    if m:
        out["p99_ms"] = float(m.group(1)) * UNITS_MS[m.group(2)]
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] = sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["non_2xx"] = int(m.group(1))
    return out


def seconds(bash_time):  # "1m2.345s" -> 62.345
    m = re.fullmatch(r"(\d+)m([\d.]+)s", bash_time)
    return int(m.group(1)) * 60 + float(m.group(2)) if m else 0.0


def parse_run(prefix):
    run = parse_wrk(Path(f"{prefix}.wrk").read_text())
    cpu = dict(line.split("=", 1) for line in Path(f"{prefix}.cpu").read_text().split())
    hz, wall = float(cpu["clk_tck"]), float(cpu["wall_s"])
    server_s = int(cpu["server_ticks"]) / hz
    machine_s = int(cpu["machine_ticks"]) / hz
    times = Path(f"{prefix}.times").read_text().split("\n")
    wrk_s = sum(seconds(t) for t in times[1].split()) if len(times) > 1 else 0.0
    run["server_cpu_s"] = server_s
    run["cpu_s_per_million"] = server_s / run["requests"] * 1e6 if run["requests"] else None
    run["server_cores"] = server_s / wall
    run["wrk_core"] = wrk_s / wall
    # whatever else kept the machine busy meanwhile (other jobs; also kernel softirq time not charged to either)
    run["other_cores"] = max(0.0, machine_s / wall - run["server_cores"] - run["wrk_core"])
    return run


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(name, runs):
    clean = [i for i, r in enumerate(runs) if r["other_cores"] <= OTHER_LOAD_LIMIT]
    used_idx = clean if clean else list(range(len(runs)))
    used = [runs[i] for i in used_idx]
    rps = [r["rps"] for r in used]
    p99 = median([r["p99_ms"] for r in used])
    cpu = median([r["cpu_s_per_million"] for r in used])
    s = {
        "name": name,
        "rps": round(median(rps)),
        "p99_ms": round(p99, 2) if p99 is not None else None,
        "cpu_s_per_million": round(cpu, 2) if cpu is not None else None,
        "server_cores": round(median([r["server_cores"] for r in used]), 2),
        "wrk_core": round(median([r["wrk_core"] for r in used]), 2),
        "other_cores_max": round(max(r["other_cores"] for r in used), 2),
        "rps_spread_pct": round(100 * (max(rps) - min(rps)) / median(rps), 1) if median(rps) else None,
        "errors": sum(r["errors"] + r["non_2xx"] for r in runs),
        "rounds_used": [i + 1 for i in used_idx],
        "rounds": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()} for r in runs],
    }
    notes = disturbance_notes(clean, runs, s["other_cores_max"])
    if s["wrk_core"] >= 0.9:
        notes.append("wrk-bound")
    if s["errors"]:
        notes.append(f"{s['errors']} errors")
    if len(used) > 1 and s["rps_spread_pct"] is not None and s["rps_spread_pct"] > 15:
        notes.append(f"spread {s['rps_spread_pct']:.0f}%")
    s["notes"] = notes
    return s


def disturbance_notes(clean, runs, other_cores_max):
    """The first notes of a contender's row: how many of its rounds other load disturbed."""
    if not clean:
        return [f"all rounds disturbed (other load up to {other_cores_max:.2f} CPU)"]
    if len(clean) < len(runs):
        return [f"{len(clean)} of {len(runs)} rounds undisturbed"]
    return []


def machine_line(meta):
    """The last line of every section: how busy the machine was around the run, and how long the run took."""
    return (f"Machine busy (all CPUs) just before / after: {meta['machine_busy_cpus_before']:.2f} / "
            f"{meta['machine_busy_cpus_after']:.2f} CPUs; waited {meta['waited_for_quiet_s']} s for other load "
            f"to pass. Run took {meta['elapsed_s']} s.")


def paired_ratio(c, base, key, digits=2):
    """The median, over rounds both contenders ran undisturbed, of c's figure over base's in the same round.

    Rounds are minutes apart and this machine's speed drifts between them (other guests on its host: no steal time
    shows), so a ratio of two medians can pair a fast round of one with a slow round of the other. Falls back to the
    ratio of the medians when no round is shared."""
    both = sorted(set(c["rounds_used"]) & set(base["rounds_used"]))
    values = [c["rounds"][r - 1][key] / base["rounds"][r - 1][key] for r in both
              if c["rounds"][r - 1].get(key) and base["rounds"][r - 1].get(key)]
    if not values:
        return ratio(c.get(key), base.get(key), digits)
    return round(statistics.median(values), digits)


def ratio(a, b, digits=2):
    return round(a / b, digits) if a is not None and b else None


def fmt(v, spec):
    return "–" if v is None else format(v, spec)


def update_results_md(path, scenario, section):
    """Replaces the scenario's section of RESULTS.md (between its begin/end markers), or appends it."""
    begin, end = f"<!-- bench:{scenario}:begin -->", f"<!-- bench:{scenario}:end -->"
    block = f"{begin}\n{section}{end}\n"
    text = path.read_text() if path.exists() else (
        "# Benchmark results\n\nLatest table per scenario, written by `bench/run` (see bench/README.md for how to "
        "read them). Each section is replaced by the next run of its scenario.\n\n")
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)
