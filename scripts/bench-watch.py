#!/usr/bin/env python3
"""Times `yitu watch` with the release binary: from a card's save to its PNG in place.

N social cards (default 200, made from config/social-card.toml as scripts/bench-batch.sh makes them,
each showing one figure of a shared figures file) are watched in a temporary folder. After a first save
(which loads what a render needs once per process), one card after another is saved with a new figure,
RUNS times (default 20), and the time from the end of the save to the card's new PNG in the output
folder is measured (the PNG's inode and time polled every 0.2 ms). Two kinds of save are timed: the way
most editors save (a hidden temporary file renamed over the card) and a write in place (open, truncate,
write, close). Prints each kind's median, minimum and maximum. Needs only Python 3.

    scripts/bench-watch.py [cards] [runs]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("YITU_BIN", os.path.join(ROOT, "target", "release", "yitu"))


def card_text(template: str, i: int, own: int) -> str:
    """Card i as scripts/bench-batch.sh writes it, with `own` as its second figure."""
    lines = [l for l in template.splitlines(keepends=True) if not l.startswith("variants = ")]
    text = "".join(lines)
    text = text.replace("value = 29.5", f"value = 1{i % 10}.{i % 7}", 1)
    text = text.replace("value = 8,", f"value = {own},", 1)
    text = text.replace("value = 500", f'value = {{ data = "电商-{i:03d}" }}', 1)
    return 'data = "data/figures.toml"\n' + text


def stamp(path: str):
    try:
        st = os.stat(path)
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return None


def save_by_rename(path: str, text: str):
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".saving")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(tmp, path)


def save_in_place(path: str, text: str):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    cards = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    if "YITU_BIN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "yitu"], cwd=ROOT, check=True)
    with open(os.path.join(ROOT, "config", "social-card.toml"), encoding="utf-8") as f:
        template = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "cards", "data"))
        with open(os.path.join(tmp, "cards", "data", "figures.toml"), "w", encoding="utf-8") as f:
            for i in range(cards):
                f.write(f'"电商-{i:03d}" = {100 + i}\n')
        for i in range(cards):
            with open(os.path.join(tmp, "cards", f"card-{i:03d}.toml"), "w", encoding="utf-8") as f:
                f.write(card_text(template, i, i))
        # Rendered once before watching: the watch starts with nothing to do, as after a day's work.
        subprocess.run([BIN, "render", "cards", "--out", "out", "-q"], cwd=tmp, check=True)
        time.sleep(0.2)
        watch = subprocess.Popen(
            [BIN, "watch", "cards", "--out", "out", "-q"],
            cwd=tmp,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        ready = threading.Event()

        def read_stderr():
            for line in watch.stderr:
                if "watching for changes" in line:
                    ready.set()

        threading.Thread(target=read_stderr, daemon=True).start()
        try:
            if not ready.wait(30):
                sys.exit("yitu watch did not start")
            print(f"{cards} social cards watched (1080 × 1080, PNG + SVG), {os.cpu_count()} cores")
            value = 1000

            def one(i: int, save) -> float:
                nonlocal value
                value += 1
                spec = os.path.join(tmp, "cards", f"card-{i:03d}.toml")
                png = os.path.join(tmp, "out", f"card-{i:03d}.png")
                before = stamp(png)
                text = card_text(template, i, value)
                save(spec, text)
                saved = time.perf_counter()
                while stamp(png) == before:
                    if time.perf_counter() - saved > 10:
                        sys.exit(f"no new PNG for {spec}")
                    time.sleep(0.0002)
                took = (time.perf_counter() - saved) * 1000
                time.sleep(0.15)  # the batch's summary and the SVG written, before the next save
                return took

            one(cards // 2, save_by_rename)  # the first render of the process: not timed
            for name, save in [("saved by rename", save_by_rename), ("written in place", save_in_place)]:
                times = [one((7 * r + 3) % cards, save) for r in range(runs)]
                print(
                    f"save → PNG, {name}: median {statistics.median(times):.1f} ms"
                    f" (min {min(times):.1f}, max {max(times):.1f}, {runs} saves)"
                )
        finally:
            watch.terminate()
            watch.wait()


if __name__ == "__main__":
    main()
