#!/usr/bin/env python3
"""yitu against the tools a newsroom would pick instead, on the same content, in one run.

    bench/compare/install.sh          # once: Typst and vl-convert from PyPI, yitu's release build
    bench/compare/.venv/bin/python bench/compare/compare.py [--runs 10]

Cases (files beside this script, the same texts, sizes and fonts — Noto Sans SC regular and bold):
- poster: a 1080-px-wide poster of about 3 300 px (poster.toml, poster.typ)
- chart:  a 1080 × 1080 bar chart of eight categories (chart.toml, chart.typ, chart.vl.json)

Each measurement is a whole process, as a user runs it: start, read, lay out, draw, encode the PNG,
write it. Runs are interleaved (every tool once, then again) so that a busy moment of the machine falls
on all of them alike; the medians are reported, with the peak memory (maxrss of that process). The
Python tools are timed with their interpreter's start, so an empty `python -c "import typst"` is
reported too, to subtract if one wishes. Prints a Markdown table for docs/performance.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
YITU = os.path.join(ROOT, "target", "release", "yitu")
PY = sys.executable


def run(argv):
    """Wall seconds and peak resident memory (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if status != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def commands(out, fonts):
    typst = ("import typst; typst.compile({src!r}, output={out!r}, format='png', ppi=72, "
             "font_paths=[{fonts!r}])")
    vl = ("import json, vl_convert as v; v.register_font_directory({fonts!r}); "
          "open({out!r}, 'wb').write(v.vegalite_to_png(json.load(open({src!r})), scale=1))")
    f = lambda name: os.path.join(HERE, name)
    o = lambda name: os.path.join(out, name)
    return {
        "poster": {
            "yitu": [YITU, "render", f("poster.toml"), "-o", o("poster.png"), "-q"],
            "Typst (Python)": [PY, "-c", typst.format(src=f("poster.typ"), out=o("poster-typst.png"), fonts=fonts)],
        },
        "chart": {
            "yitu": [YITU, "render", f("chart.toml"), "-o", o("chart.png"), "-q"],
            "Typst (Python)": [PY, "-c", typst.format(src=f("chart.typ"), out=o("chart-typst.png"), fonts=fonts)],
            "vl-convert (Vega-Lite)": [PY, "-c", vl.format(src=f("chart.vl.json"), out=o("chart-vl.png"), fonts=fonts)],
        },
        "baseline": {
            "python -c 'import typst'": [PY, "-c", "import typst"],
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(YITU):
        sys.exit(f"no {YITU}: run bench/compare/install.sh (or cargo build --release)")
    out = tempfile.mkdtemp(prefix="yitu-compare-")
    fonts = os.path.join(out, "fonts")
    os.makedirs(fonts)
    for weight in ("regular", "bold"):
        crate = os.path.join(ROOT, "crates", f"yitu-font-noto-sans-sc-{weight}")
        for name in os.listdir(crate):
            if name.endswith(".ttf"):
                shutil.copy(os.path.join(crate, name), fonts)
    cases = commands(out, fonts)
    results = {(c, t): [] for c, tools in cases.items() for t in tools}
    for _ in range(args.runs):
        for case, tools in cases.items():
            for tool, argv in tools.items():
                results[(case, tool)].append(run(argv))
    print(f"{args.runs} runs each, interleaved; medians. {os.cpu_count()} cores.\n")
    print("| case | tool | time | peak memory | time ÷ yitu's |")
    print("| --- | --- | --- | --- | --- |")
    for case, tools in cases.items():
        base = statistics.median(w for w, _ in results[(case, "yitu")]) if "yitu" in tools else None
        for tool in tools:
            walls = [w for w, _ in results[(case, tool)]]
            rss = statistics.median(m for _, m in results[(case, tool)])
            wall = statistics.median(walls)
            ratio = f"{wall / base:.1f}×" if base else "—"
            print(f"| {case} | {tool} | {wall * 1000:.0f} ms | {rss:.0f} MiB | {ratio} |")
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
