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
# The peer set up as a performance-minded PyTorch user would, in its own processes only
# (flowscope runs in ENV, unchanged):
# - glibc malloc keeps freed memory instead of returning each large tensor to the system
#   (PyTorch's CPU tuning guide suggests the same thresholds, or another allocator): without
#   it every fresh 32 MB tensor is paid again in page faults on every step;
# - OpenBLAS picks its own kernel for the processor: a pinned OPENBLAS_CORETYPE or
#   OPENBLAS_L2_SIZE in the environment (Haswell and 512 on some machines) is removed.
TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "4294967296", "MALLOC_TRIM_THRESHOLD_": "4294967296",
                "MALLOC_TOP_PAD_": "1073741824"}
BLAS_PINS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
TUNED = {k: v for k, v in dict(ENV, **TUNED_MALLOC).items() if k not in BLAS_PINS}
PEERS = (("as installed", ENV), ("tuned", TUNED))


# (case, size label, extra arguments, flops per step or None)
CASES = [
    ("relu-empirical", "m=1024 n=4096 d=64", [], 4 * 4096 * 1024 * 64),
    ("relu-population", "m=2000 d=100 m0=5", [], 4 * 2000 * 2000 * 100 + 4 * 2000 * 5 * 100),
    ("sigmoid-minibatch", "m=4096 batch=256 d=32", [], 4 * 256 * 4096 * 32),
    ("deconvolution", "m=1e5 K=7", ["--particles", "100000"], None),
    ("deconvolution", "m=1e6 K=7", ["--particles", "1000000"], None),
]


def run(command, env=None):
    """One key=value line from a benchmark program, as a dict (numbers converted)."""
    out = subprocess.run(command, capture_output=True, text=True, env=env or ENV)
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


def median_runs(runs):
    """The run of median rate among `runs` (the lower middle one of an even count)."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    key = "gflops" if "gflops" in good[0] else "steps_per_s"
    return sorted(good, key=lambda r: r.get(key, 0.0))[(len(good) - 1) // 2]


def paired(commands, repeat):
    """Each of `commands` ((argv, env) pairs) run `repeat` times in alternation (A B C A B C
    ...), so that a change of the machine's load reaches all of them alike; the median run
    of each. On a machine shared with other work this is fairer than one run each."""
    runs = [[] for _ in commands]
    for _ in range(repeat):
        for k, (command, env) in enumerate(commands):
            runs[k].append(run(command, env))
    return [median_runs(r) for r in runs]


def best(command, repeat):
    """The median of `repeat` runs of one command."""
    return paired([(command, ENV)], repeat)[0]


def blas_of(env):
    """What the peer's products run on in `env`: a dict with blas, blas_kernel, blas_config."""
    return run(PEER + ["blas"], env)


def refuse_reference_blas():
    """Names the BLAS of both peers; exits (4, the environment) when either runs on the
    reference BLAS, whose products are ten times slower than an optimized one: ratios
    against it measure the missing library, not the programs."""
    for label, env in PEERS:
        b = blas_of(env)
        pins = " ".join(f"{k}={env[k]}" for k in BLAS_PINS if k in env) or "no OpenBLAS pins"
        print(f"Peer {label}: BLAS {b.get('blas', b.get('error'))}, kernel {b.get('blas_kernel', '-')} "
              f"({b.get('blas_library', '-')}; {str(b.get('blas_config', '-')).replace(',', ' ')}; {pins})",
              flush=True)
        if b.get("blas") != "OpenBLAS":
            sys.stderr.write(f"report.py: the peer ({label}) runs on {b.get('blas_library', b.get('error', '?'))}, "
                             f"not an optimized BLAS: no ratios are reported. Install libopenblas0-pthread "
                             f"(bench/run.sh does) and make it the libblas.so.3 alternative.\n")
            sys.exit(4)
    print()


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
            peer = paired([(PEER + ["relu2d"] + common, TUNED)], a.repeat)[0] if m <= PAIRWISE_LIMIT else {}
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
    p.add_argument("--bench", help="path to flowscope-bench (not needed with --blas-only)")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per run")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per measurement, alternating between the programs of a row; the median is kept")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--precisions", default="double,float")
    p.add_argument("--cases", default="", help="comma-separated subset of case names")
    p.add_argument("--blas-only", action="store_true",
                   help="only name the peers' BLAS (and refuse the reference BLAS), in a few seconds")
    a = p.parse_args()
    if not a.bench and not a.blas_only:
        p.error("--bench is required")
    threads = [int(t) for t in a.threads.split(",")]
    precisions = a.precisions.split(",")
    chosen = [c for c in CASES if not a.cases or c[0] in a.cases.split(",")]
    timing = ["--seconds", str(a.seconds)]

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.platform()}; OMP_WAIT_POLICY={ENV['OMP_WAIT_POLICY']}; "
          f"load before: {os.getloadavg()[0]:.2f}\n")
    refuse_reference_blas()
    if a.blas_only:
        return

    if not chosen:  # the plane's table alone (--cases relu2d)
        plane_table(a, threads)
        print(f"\nLoad after: {os.getloadavg()[0]:.2f}")
        return
    gemm = {}
    for prec in precisions:
        for t in threads:
            command = PEER + ["gemm", "--precision", prec, "--threads", str(t)] + timing
            gemm[prec, t] = dict(zip(("as installed", "true"), paired([(command, ENV), (command, TUNED)], a.repeat)))
    print("GEMM rate (square 2048 products through the peer's BLAS; \"true\": OpenBLAS's own kernel choice, "
          "the rate the % columns use):")
    for (prec, t), r in gemm.items():
        print(f"- {prec}, {t} thread(s): {fmt(r['true'].get('gflops'))} GFLOP/s true "
              f"(kernel {r['true'].get('blas_kernel', '-')}); {fmt(r['as installed'].get('gflops'))} as installed "
              f"(kernel {r['as installed'].get('blas_kernel', '-')})")
    print()

    print("| case | size | precision | threads | flowscope steps/s | peer steps/s as installed | peer steps/s tuned "
          "| ratio vs installed | ratio vs tuned | GFLOP/s | % of true GEMM | bound steps/s (counted flops at GEMM rate) "
          "| particle-updates/s per core | peak MB (flowscope / tuned peer) | allocations per step "
          "| steps per CPU-second (flowscope / tuned peer) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    kernel_sets = set()
    for name, size, extra, flops in chosen:
        for prec in precisions:
            for t in threads:
                common = ["--precision", prec, "--threads", str(t)] + extra + timing
                ours, installed, tuned = paired([([a.bench, name] + common, ENV), (PEER + [name] + common, ENV),
                                                 (PEER + [name] + common, TUNED)], a.repeat)
                failed = [x.get("error") for x in (ours, installed, tuned) if "error" in x]
                if failed:
                    print(f"| {name} | {size} | {prec} | {t} | {'; '.join(failed)} | | | | | | | | | | | |")
                    continue
                rate = ours["steps_per_s"]
                kernel_sets.add(str(ours.get("kernels", "?")))
                true_gemm = gemm[prec, t]["true"].get("gflops")
                gflops = flops * rate / 1e9 if flops else None
                share = f"{100 * gflops / true_gemm:.0f}%" if flops and true_gemm else "-"
                bound = fmt(true_gemm * 1e9 / flops) if flops and true_gemm else "-"
                updates = f"{ours['particles'] * rate / t / 1e6:.1f} M" if not flops else "-"
                print(f"| {name} | {size} | {prec} | {t} | {fmt(rate)} | {fmt(installed['steps_per_s'])} "
                      f"| {fmt(tuned['steps_per_s'])} | {rate / installed['steps_per_s']:.2f} "
                      f"| {rate / tuned['steps_per_s']:.2f} | {fmt(gflops)} | {share} | {bound} | {updates} "
                      f"| {ours['peak_rss_bytes'] / 1e6:.0f} / {tuned['peak_rss_bytes'] / 1e6:.0f} "
                      f"| {fmt(ours['allocations_per_step'])} "
                      f"| {fmt(ours.get('steps_per_cpu_s'))} / {fmt(tuned.get('steps_per_cpu_s'))} |")
    print(f"\nflowscope's kernel set (cpu_kernels.hpp): {', '.join(sorted(kernel_sets))}; "
          f"FLOWSCOPE_KERNELS={os.environ.get('FLOWSCOPE_KERNELS', 'unset (auto)')}")
    if not a.cases or "preset" in a.cases:
        print("\nA whole sweep cell: the relu2d preset run to its 12000 steps (wall time per run, seconds).\n")
        print("| preset | threads | flowscope s | peer s | ratio | peak MB (flowscope / peer) |")
        print("|---|---|---|---|---|---|")
        for t in threads:
            ours, peer = paired([([a.bench, "preset:relu2d", "--threads", str(t)], ENV),
                                 (PEER + ["preset:relu2d", "--threads", str(t)], TUNED)], a.repeat)
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
