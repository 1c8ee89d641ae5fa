#!/usr/bin/env python3
"""Summarizes PIT's mutations.xml files: a Markdown table of the score per class, then every surviving mutant."""
import collections
import sys
import xml.etree.ElementTree as ET

KILLED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def main(paths):
    by_class = collections.OrderedDict()
    survivors = []
    for path in paths:
        for m in ET.parse(path).getroot():
            cls = m.findtext("mutatedClass").split("$")[0]
            status = m.get("status")
            counts = by_class.setdefault(cls, collections.Counter())
            counts["mutants"] += 1
            counts["killed" if status in KILLED else status.lower()] += 1
            if status not in KILLED:
                survivors.append((cls, m.findtext("mutatedMethod"), int(m.findtext("lineNumber")), status,
                                  m.findtext("description")))
    total = collections.Counter()
    print("| class | mutants | killed | survived | no coverage | score |")
    print("|---|---:|---:|---:|---:|---:|")
    for cls, c in by_class.items():
        total.update(c)
        print(f"| {cls} | {c['mutants']} | {c['killed']} | {c['survived']} | {c['no_coverage']} | "
              f"{100 * c['killed'] // c['mutants']}% |")
    print(f"| **all** | {total['mutants']} | {total['killed']} | {total['survived']} | {total['no_coverage']} | "
          f"**{100 * total['killed'] // max(1, total['mutants'])}%** |")
    print()
    print("| survivor | line | status | mutation |")
    print("|---|---:|---|---|")
    for cls, method, line, status, description in sorted(survivors):
        print(f"| {cls.rsplit('.', 1)[1]}.{method} | {line} | {status} | {description} |")


if __name__ == "__main__":
    main(sys.argv[1:])
