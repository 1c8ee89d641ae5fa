"""bench/run templates, part 1: renders one page with tornado.template in a loop, template cached, and prints one
JSON line with the pages rendered in the measured window (the same fields as PebbleBench).

    /usr/bin/python3 tornado_render.py DIR TEMPLATE WARMUP_S SECONDS      (measure)
    /usr/bin/python3 tornado_render.py DIR TEMPLATE --dump FILE           (render once)

tornado.template.Loader with its defaults (autoescape xhtml_escape, whitespace "single" for .html); every render
asks the loader for the template (a cache hit, as RequestHandler.render does) and generates the page bytes.
"""
import json
import os
import sys
import time

import tornado.template

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page_data  # noqa: E402


def machine_busy_seconds(clk_tck):
    with open("/proc/stat") as f:
        v = f.readline().split()
    return sum(int(v[i]) for i in (1, 2, 3, 6, 7, 8)) / clk_tck


def main():
    directory, name = sys.argv[1], sys.argv[2]
    loader = tornado.template.Loader(directory)
    ctx = page_data.context()
    if sys.argv[3] == "--dump":
        with open(sys.argv[4], "wb") as f:
            f.write(loader.load(name).generate(**ctx))
        return
    warmup, seconds = float(sys.argv[3]), float(sys.argv[4])
    clk_tck = float(os.environ.get("BENCH_CLK_TCK", "100"))

    checksum = 0
    end = time.monotonic() + warmup
    while time.monotonic() < end:
        checksum += len(loader.load(name).generate(**ctx))

    pages = nbytes = 0
    cpu0, busy0 = time.process_time(), machine_busy_seconds(clk_tck)
    t0 = time.monotonic()
    end = t0 + seconds
    while True:
        for _ in range(16):
            nbytes += len(loader.load(name).generate(**ctx))
        pages += 16
        now = time.monotonic()
        if now >= end:
            break
    wall = now - t0
    cpu, busy = time.process_time() - cpu0, machine_busy_seconds(clk_tck) - busy0
    print(json.dumps({"engine": "tornado", "pages": pages, "wall_s": round(wall, 4), "cpu_s": round(cpu, 4),
                      "machine_busy_s": round(busy, 4), "page_bytes": nbytes // pages,
                      "checksum": checksum + nbytes}))


if __name__ == "__main__":
    main()
