#!/usr/bin/python3
"""Runs flowscope-bench and its PyTorch peer side by side on every case, precision and
thread count, measures the machine's matrix-multiply rate in the same run, and prints
the Markdown table of docs/performance.md. Started by bench/run.sh."""
import argparse
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = [sys.executable, os.path.join(HERE, "peer_torch.py")]
# Waiting OpenMP threads sleep instead of spinning (both programs use OpenMP): on a machine
# shared with other work a spinning thread takes the core its partner needs. Set
# OMP_WAIT_POLICY=active before running to measure a dedicated machine.
ENV = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "passive"))

# (case, size label, extra arguments, flops per step or None)
CASES = [
    ("relu-empirical", "m=1024 n=4096 d=64", [], 4 * 4096 * 1024 * 64),
    ("relu-population", "m=2000 d=100 m0=5", [], 4 * 2000 * 2000 * 100 + 4 * 2000 * 5 * 100),
    ("sigmoid-minibatch", "m=4096 batch=256 d=32", [], 4 * 256 * 4096 * 32),
    ("deconvolution", "m=1e5 K=7", ["--particles", "100000"], None),
    ("deconvolution", "m=1e6 K=7", ["--particles", "1000000"], None),
]


def run(command):
    """One key=value line from a benchmark program, as a dict (numbers converted)."""
    out = subprocess.run(command, capture_output=True, text=True, env=ENV)
    if out.returncode != 0:
        return {"error": (out.stderr or out.stdout).strip().splitlines()[-1] if (out.stderr or out.stdout) else "failed"}
    fields = {}
    for token in out.stdout.split():
        key, _, value = token.partition("=")
        try:
            fields[key] = float(value)
        except ValueError:
            fields[key] = value
    return fields


def best(command, repeat):
    """The fastest of `repeat` runs: noise on a shared machine only ever slows a run down."""
    runs = [run(command) for _ in range(repeat)]
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    key = "gflops" if "gflops" in good[0] else "steps_per_s"
    return max(good, key=lambda r: r.get(key, 0.0))


def fmt(x, digits=3):
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


# The relu2d flow in the plane: flowscope's sums by angle at every size; its pairwise sums
# and the peer (pairwise too) only where a step takes seconds, not minutes.
PLANE_SIZES = [10_000, 100_000, 1_000_000]
PAIRWISE_LIMIT = 10_000


def plane_table(a, threads):
    import math
    print("\nThe relu2d flow in the plane (d = 2, m0 = 3, population risk, eta = 0.5), double: steps/s of "
          "flowscope's sums by angle (auto), of its pairwise sums, and of the peer (pairwise).\n")
    print("| m | threads | flowscope steps/s (by angle) | flowscope steps/s (pairwise) | peer steps/s | by angle / pairwise "
          "| by angle / peer | peak MB (by angle) |")
    print("|---|---|---|---|---|---|---|---|")
    for t in threads:
        rates = {}
        for m in PLANE_SIZES:
            common = ["--precision", "double", "--threads", str(t), "--particles", str(m), "--seconds", str(a.seconds)]
            ours = best([a.bench, "relu2d", "--kernel", "auto"] + common, a.repeat)
            pairs = best([a.bench, "relu2d", "--kernel", "pairwise"] + common, a.repeat) if m <= PAIRWISE_LIMIT else {}
            peer = best(PEER + ["relu2d"] + common, a.repeat) if m <= PAIRWISE_LIMIT else {}
            rate = ours.get("steps_per_s")
            rates[m] = rate
            pair_rate, peer_rate = pairs.get("steps_per_s"), peer.get("steps_per_s")
            print(f"| {m:.0e} | {t} | {fmt(rate) if rate else ours.get('error', '')} | {fmt(pair_rate)} | {fmt(peer_rate)} "
                  f"| {fmt(rate / pair_rate) if rate and pair_rate else '-'} "
                  f"| {fmt(rate / peer_rate) if rate and peer_rate else '-'} "
                  f"| {ours['peak_rss_bytes'] / 1e6:.0f} |" if rate else f"| {m:.0e} | {t} | {ours.get('error', '')} | | | | | |")
        lo, hi = PLANE_SIZES[0], PLANE_SIZES[-1]
        if rates.get(lo) and rates.get(hi):
            exponent = math.log(rates[lo] / rates[hi]) / math.log(hi / lo)
            print(f"| time per step ~ m^{exponent:.2f} from {lo:.0e} to {hi:.0e} | {t} | | | | | | |")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench", required=True, help="path to flowscope-bench")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per run")
    p.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest is kept")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--precisions", default="double,float")
    p.add_argument("--cases", default="", help="comma-separated subset of case names")
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    precisions = a.precisions.split(",")
    chosen = [c for c in CASES if not a.cases or c[0] in a.cases.split(",")]
    timing = ["--seconds", str(a.seconds)]

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.platform()}; OMP_WAIT_POLICY={ENV['OMP_WAIT_POLICY']}; "
          f"load before: {os.getloadavg()[0]:.2f}\n")

    if not chosen:  # the plane's table alone (--cases relu2d)
        plane_table(a, threads)
        print(f"\nLoad after: {os.getloadavg()[0]:.2f}")
        return
    gemm = {}
    for prec in precisions:
        for t in threads:
            gemm[prec, t] = best(PEER + ["gemm", "--precision", prec, "--threads", str(t)] + timing, a.repeat)
    print("GEMM rate (square 2048 products through the peer's BLAS):")
    for (prec, t), r in gemm.items():
        print(f"- {prec}, {t} thread(s): {fmt(r.get('gflops'))} GFLOP/s")
    print()

    print("| case | size | precision | threads | flowscope steps/s | peer steps/s | ratio | GFLOP/s | % of GEMM "
          "| particle-updates/s per core | peak MB (flowscope / peer) | bytes per particle (flowscope / peer) "
          "| allocations per step |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, size, extra, flops in chosen:
        for prec in precisions:
            for t in threads:
                common = ["--precision", prec, "--threads", str(t)] + extra + timing
                ours = best([a.bench, name] + common, a.repeat)
                peer = best(PEER + [name] + common, a.repeat)
                if "error" in ours or "error" in peer:
                    print(f"| {name} | {size} | {prec} | {t} | {ours.get('error', '')} | {peer.get('error', '')} "
                          "| | | | | | | |")
                    continue
                rate, peer_rate = ours["steps_per_s"], peer["steps_per_s"]
                gflops = flops * rate / 1e9 if flops else None
                share = f"{100 * gflops / gemm[prec, t]['gflops']:.0f}%" if flops and "gflops" in gemm[prec, t] else "-"
                updates = f"{ours['particles'] * rate / t / 1e6:.1f} M" if not flops else "-"
                print(f"| {name} | {size} | {prec} | {t} "
                      f"| {fmt(rate)} | {fmt(peer_rate)} | {rate / peer_rate:.2f} | {fmt(gflops)} | {share} | {updates} "
                      f"| {ours['peak_rss_bytes'] / 1e6:.0f} / {peer['peak_rss_bytes'] / 1e6:.0f} "
                      f"| {fmt(ours['bytes_per_particle'])} / {fmt(peer['bytes_per_particle'])} "
                      f"| {fmt(ours['allocations_per_step'])} |")
    if not a.cases or "preset" in a.cases:
        print("\nA whole sweep cell: the relu2d preset run to its 12000 steps (wall time per run, seconds).\n")
        print("| preset | threads | flowscope s | peer s | ratio | peak MB (flowscope / peer) |")
        print("|---|---|---|---|---|---|")
        for t in threads:
            ours = best([a.bench, "preset:relu2d", "--threads", str(t)], a.repeat)
            peer = best(PEER + ["preset:relu2d", "--threads", str(t)], a.repeat)
            if "error" in ours or "error" in peer:
                print(f"| relu2d | {t} | {ours.get('error', '')} | {peer.get('error', '')} | | |")
                continue
            print(f"| relu2d (m=100, d=2, 12000 steps) | {t} | {ours['seconds']:.3g} | {peer['seconds']:.3g} "
                  f"| {peer['seconds'] / ours['seconds']:.2f} | {ours['peak_rss_bytes'] / 1e6:.0f} / "
                  f"{peer['peak_rss_bytes'] / 1e6:.0f} |")
    if not a.cases or "relu2d" in a.cases.split(","):
        plane_table(a, threads)
    print(f"\nLoad after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
