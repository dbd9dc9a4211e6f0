#!/usr/bin/env python3
"""Load test of `yitu serve`, bounded and on loopback only.

Starts `yitu serve config --port 0` (the binary given, a release build for numbers worth quoting), then N
concurrent clients, each on a keep-alive connection of its own, post a spec (config/stat-card.toml by
default) to /render?format=png until the requests asked for are done. Each request's spec differs (its
first `value = …` set to a figure of its own, as personalised cards would), so nothing could be served
from a cache. Reports throughput, latency
percentiles, failures, and the server's resident memory (VmRSS) sampled as it goes, so that a leak shows
as growth over the run.

    scripts/load.py --yitu target/release/yitu --clients 16 --requests 10000
"""

import argparse
import http.client
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--yitu", default="target/release/yitu", help="the yitu binary")
    ap.add_argument("--dir", default="config", help="the folder to serve")
    ap.add_argument("--spec", default="config/stat-card.toml", help="the spec to post")
    ap.add_argument("--format", default="png")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=2000, help="in all, at most 100000")
    ap.add_argument("--warmup", type=int, default=50, help="requests before measuring")
    args = ap.parse_args()
    if not 1 <= args.clients <= 256 or not 1 <= args.requests <= 100_000:
        sys.exit("--clients 1..256 and --requests 1..100000")
    template = open(args.spec, encoding="utf-8").read()
    if not re.search(r"(?m)^value = [0-9.]+$", template):
        sys.exit(f"{args.spec} has no `value = NUMBER` line to vary")
    counter = [0]
    lock = threading.Lock()

    def body():
        with lock:
            counter[0] += 1
            n = counter[0]
        figure = f"{n % 997 / 10:.1f}"
        return re.sub(r"(?m)^value = [0-9.]+$", f"value = {figure}", template, count=1).encode()

    server = subprocess.Popen([args.yitu, "serve", args.dir, "--port", "0"], stdout=subprocess.PIPE)
    try:
        line = server.stdout.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            sys.exit(f"no loopback address in {line!r}")
        port = int(match.group(1))
        target = f"/render?format={args.format}"

        def post(conn):
            conn.request("POST", target, body(), {"Content-Type": "application/toml"})
            r = conn.getresponse()
            data = r.read()
            return r.status, len(data)

        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sizes = set()
        for _ in range(args.warmup):
            status, size = post(warm)
            sizes.add(size)
            if status != 200:
                sys.exit(f"warm-up request failed: {status}")
        warm.close()

        remaining = [args.requests]
        latencies = []
        failures = []
        rss = [(0, rss_kib(server.pid))]

        def client():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    if remaining[0] == 0:
                        break
                    remaining[0] -= 1
                t = time.perf_counter()
                try:
                    status, size = post(conn)
                except Exception as e:  # a dropped connection counts as a failure
                    status, size = str(e), 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                took = time.perf_counter() - t
                with lock:
                    latencies.append(took)
                    if status != 200:
                        failures.append(status)
                    done = len(latencies)
                    if done % 1000 == 0:
                        rss.append((done, rss_kib(server.pid)))
            conn.close()

        load = os.getloadavg()
        server_cpu = cpu_seconds(server.pid)
        own = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        server_cpu = cpu_seconds(server.pid) - server_cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
        rss.append((len(latencies), rss_kib(server.pid)))

        latencies.sort()
        q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
        print(f"{args.requests} requests of {args.spec} as {args.format}, {args.clients} clients, "
              f"{os.cpu_count()} cores")
        print(f"throughput {len(latencies) / wall:.1f} renders/s over {wall:.1f} s")
        print(f"latency ms: p50 {q(0.50):.1f}  p95 {q(0.95):.1f}  p99 {q(0.99):.1f}  "
              f"max {latencies[-1] * 1000:.1f}  mean {statistics.mean(latencies) * 1000:.1f}")
        print(f"CPU: server {server_cpu:.1f} s ({server_cpu / wall * 100:.0f} % of one core), "
              f"this client {client_cpu:.1f} s ({client_cpu / wall * 100:.0f} %); "
              f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}")
        print(f"failures {len(failures)}" + (f": {sorted(set(map(str, failures)))}" if failures else ""))
        print("server RSS MiB after N requests: " + ", ".join(f"{n}: {k / 1024:.1f}" for n, k in rss))
        return 1 if failures else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
