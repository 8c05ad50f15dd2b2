#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the raw results of bench/run.

    report.py RESULTS_DIR OUTPUT.md

RESULTS_DIR holds one file per cell, named `<scenario>.<tool>`, one line per run:
`wall_s cpu_s peak_rss_kib requests exit_code`; `meta/<key>` files hold free text
(machine, versions, notes, profile excerpts).
"""
import os
import statistics
import sys

TOOLS = [
    ("acme", "acme"),
    ("acme-rootonly", "acme, trust store = Pebble's root only ‡"),
    ("uacme", "uacme"),
    ("certbot", "certbot"),
    ("lego", "lego"),
]
SCENARIOS = [
    ("a", "(a) one-name certificate, account already registered"),
    ("b", "(b) {names}-name certificate"),
    ("c", "(c) renewing {renew} due lineages"),
    ("d", "(d) no-op renew over {noop} lineages that are not due"),
]
# Issue 8's targets, checked against acme's medians.
MIB = 1024.0


def load(res, label):
    path = os.path.join(res, label)
    if not os.path.exists(path):
        return None
    runs = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 5:
                runs.append([float(p[0]), float(p[1]), float(p[2]), int(p[3]), int(p[4])])
    return runs or None


def med(runs, col):
    return statistics.median(r[col] for r in runs)


def meta(res, key, default=""):
    path = os.path.join(res, "meta", key)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return f.read().rstrip("\n")


def fmt_s(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def main():
    res, out = sys.argv[1], sys.argv[2]
    L = []
    w = L.append
    w("# Benchmarks: acme against certbot, lego and uacme on a local CA\n")
    w("Produced by `bench/run` (issue 8). Do not edit by hand: run `bench/run` again.\n")
    w("## Machine and versions\n")
    w(meta(res, "machine"))
    w("")
    w(meta(res, "versions"))
    w("")
    w("## Results (medians)\n")
    w("`wall`/`CPU` (user+sys) and `peak RSS` are from `/usr/bin/time` around the client process"
      " (for loops: the whole loop, RSS is the largest single process); `requests` are the ACME"
      " requests Pebble served during the run; `n` is the number of runs; `× acme` is the peer's"
      " median wall time divided by acme's (above 1: acme is faster).\n")
    acme_wall = {}
    counts = {k: meta(res, k, "?") for k in ("names", "renew", "noop")}
    for key, title in SCENARIOS:
        if not any(load(res, f"{key}.{t}") or meta(res, f"skip.{key}.{t}") for t, _ in TOOLS):
            continue  # scenario not run (BENCH_SCENARIOS)
        w(f"### {title.format(**counts)}\n")
        note = meta(res, f"note.{key}")
        if note:
            w(note + "\n")
        w("| client | wall | CPU | peak RSS | requests | n | × acme (wall) | × acme (CPU) |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        base = None
        for tool, shown in TOOLS:
            runs = load(res, f"{key}.{tool}")
            skip = meta(res, f"skip.{key}.{tool}")
            if runs is None:
                if skip:
                    w(f"| {shown} | {skip} | | | | | | |")
                continue
            ok = [r for r in runs if r[4] == 0]
            failed = len(runs) - len(ok)
            if not ok:
                if all(r[4] == 124 for r in runs):
                    w(f"| {shown} | > {max(r[0] for r in runs):.0f} s (stopped at the time limit) | | | | {len(runs)} | | |")
                else:
                    w(f"| {shown} | all {len(runs)} runs failed | | | | | | |")
                continue
            wall, cpu, rss, req = med(ok, 0), med(ok, 1), med(ok, 2) / MIB, med(ok, 3)
            if tool == "acme":
                base = (wall, cpu)
                acme_wall[key] = (wall, cpu, rss, req)
            ratio_w = f"{wall / base[0]:.1f}×" if base and tool != "acme" and base[0] > 0 else ""
            ratio_c = f"{cpu / base[1]:.1f}×" if base and tool != "acme" and base[1] > 0 else ""
            if tool == "acme-rootonly":
                ratio_w = ratio_c = ""
            n = f"{len(ok)}" + (f" (+{failed} failed)" if failed else "")
            w(f"| {shown} | {fmt_s(wall)} | {fmt_s(cpu)} | {rss:.1f} MiB | {req:g} | {n} | {ratio_w} | {ratio_c} |")
        w("")

    w("### (e) `acme --version` start-up\n")
    e = meta(res, "e")
    w(e if e else "not measured")
    w("")

    # Targets from issue 8.
    w("## Targets from issue 8 (acme's medians on this machine)\n")
    w("| target | measured | verdict |")
    w("|---|---|---|")

    def row(name, value, ok):
        verdict = "n/a" if ok is None else ("pass" if ok else "**fail**")
        w(f"| {name} | {value} | {verdict} |")

    a = acme_wall.get("a")
    if a:
        row("(a) wall ≤ 0.10 s", fmt_s(a[0]), a[0] <= 0.10)
        row("(a) CPU ≤ 0.03 s", fmt_s(a[1]), a[1] <= 0.03)
        row("(a) requests ≤ 9", f"{a[3]:g}", a[3] <= 9)
        row("(a) peak RSS ≤ 15 MiB", f"{a[2]:.1f} MiB", a[2] <= 15)
        u = load(res, "a.uacme")
        u = [r for r in (u or []) if r[4] == 0]
        if u:
            r = med(u, 0) / a[0]
            row("(a) ≥ 2.5× faster than uacme (wall)", f"{r:.1f}×", r >= 2.5)
    else:
        row("(a)", "not measured", None)
    b = acme_wall.get("b")
    if a and b:
        row("(b) wall ≤ 3× (a)", f"{b[0] / a[0]:.1f}× ({fmt_s(b[0])})", b[0] <= 3 * a[0])
    else:
        row("(b) wall ≤ 3× (a)", "not measured", None)
    c = acme_wall.get("c")
    u = [r for r in (load(res, "c.uacme") or []) if r[4] == 0]
    if c and u:
        r = med(u, 0) / c[0]
        row("(c) ≥ 5× faster than uacme one by one", f"{r:.1f}×", r >= 5)
    else:
        row("(c) ≥ 5× faster than uacme one by one", meta(res, "skip.c.acme") or "not measured", None)
    d = acme_wall.get("d")
    if d:
        row("(d) ≤ 0.05 s", fmt_s(d[0]), d[0] <= 0.05)
    else:
        row("(d) ≤ 0.05 s", meta(res, "skip.d.acme") or "not measured", None)
    e_ms = meta(res, "e_ms")
    if e_ms:
        row("(e) ≤ 5 ms", f"{float(e_ms):.1f} ms", float(e_ms) <= 5)
    w("")

    w("## Where acme's time goes (one one-name issuance)\n")
    w(meta(res, "profile", "not profiled"))
    w("")
    w("## How it was measured\n")
    w(meta(res, "method"))
    w("")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            w(f.read().rstrip("\n"))
        w("")
    with open(out, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
