#!/usr/bin/python3
"""Figures of flowscope's experiments, drawn from the CSV files the command-line tool writes.

Each figure is written as NAME.png beside NAME.csv (the data plotted, to replot) and
NAME.txt (the commands that made the data). Usage: figures.py FIGURE [args]; see main().

    figures.py run RUN_FOLDER --out DIR [--light]

draws one run folder of `flowscope-cli run` (any problem) as the window shows it: the
particles' trajectories over the truth and the loss curves, PNG and SVG (run_figures.py).
"""
import csv
import math
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

POSITIVE, NEGATIVE = "#d55e00", "#0072b2"  # colour-blind-safe vermillion and blue
plt.rcParams.update({"font.size": 11, "axes.spines.top": False, "axes.spines.right": False,
                     "figure.dpi": 110, "savefig.bbox": "tight"})


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def save(fig, name, commands):
    fig.savefig(name + ".png")
    plt.close(fig)
    with open(name + ".txt", "w") as f:
        f.write("\n".join(commands) + "\n")
    print("wrote", name + ".png")


def trajectories_of(run):
    """particle -> (steps, w, theta columns) from a run's trajectories.csv."""
    rows = read_csv(run + "/trajectories.csv")
    thetas = sorted(k for k in rows[0] if k.startswith("theta"))
    paths = defaultdict(list)
    for r in rows:
        paths[int(r["particle"])].append([float(r["w"])] + [float(r[t]) for t in thetas])
    return {p: np.array(v) for p, v in paths.items()}, len(thetas)


def unwrap(x):
    """A path on the circle [0,1) drawn without jumps across the seam."""
    return np.concatenate([[x[0]], x[0] + np.cumsum((np.diff(x) + 0.5) % 1.0 - 0.5)])


def draw_deconvolution(ax, run, title):
    paths, _ = trajectories_of(run)
    m = len(paths)
    for path in paths.values():
        w, theta = path[:, 0] / m, unwrap(path[:, 1])
        colour = POSITIVE if w[-1] > 0 else NEGATIVE
        for shift in (-1, 0, 1):  # copies keep wrapped paths visible inside [0,1)
            ax.plot(theta + shift, w, color=colour, lw=0.8, alpha=0.5)
            ax.plot(theta[-1] + shift, w[-1], "o", color=colour, ms=3 + 30 * abs(w[-1]))
    for t in read_csv(run + "/truth.csv"):
        a, x = float(t["w"]), float(t["theta0"])
        ax.plot([x, x], [0, a], color="black", lw=1.5)
        ax.plot(x, a, "k^" if a > 0 else "kv", ms=8, mfc="none")
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position θ on the circle")
    ax.set_title(title)


def draw_network(ax, run, title, homogeneous=True):
    paths, dim = trajectories_of(run)
    for path in paths.values():
        w, theta = path[:, 0], path[:, 1:3]
        xy = np.abs(w)[:, None] * theta if homogeneous else theta
        colour = POSITIVE if w[-1] > 0 else NEGATIVE
        ax.plot(xy[:, 0], xy[:, 1], color=colour, lw=0.7, alpha=0.6)
        ax.plot(xy[-1, 0], xy[-1, 1], "o", color=colour, ms=3)
        ax.plot(xy[0, 0], xy[0, 1], ".", color="grey", ms=2)
    lim = max(1.2, np.percentile(np.abs(np.concatenate([np.abs(p[-1:, 0:1]) * p[-1:, 1:3] for p in paths.values()])), 98) * 1.2)
    for t in read_csv(run + "/truth.csv"):
        a = float(t["w"])
        d = np.array([float(t["theta0"]), float(t["theta1"])])
        d = d / np.linalg.norm(d)
        ax.plot([0, 3 * lim * d[0]], [0, 3 * lim * d[1]], color=POSITIVE if a > 0 else NEGATIVE, lw=1.5, ls="--")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("|w| θ₁" if homogeneous else "θ₁")
    ax.set_ylabel("|w| θ₂" if homogeneous else "θ₂")
    ax.set_title(title)


def figure_trajectories(name, kind, runs_and_titles, commands):
    """Trajectory panels in the paper's style, one per run."""
    n = len(runs_and_titles)
    fig, axes = plt.subplots(1, n, figsize=(4.6 * n, 4.2), squeeze=False)
    rows = []
    for ax, (run, title) in zip(axes[0], runs_and_titles):
        if kind == "deconvolution":
            draw_deconvolution(ax, run, title)
            ax.set_ylabel("weight w/m")
        else:
            draw_network(ax, run, title, homogeneous=(kind == "relu"))
        for p in read_csv(run + "/particles.csv"):
            rows.append([title] + list(p.values()))
    header = ["panel"] + list(read_csv(runs_and_titles[0][0] + "/particles.csv")[0].keys())
    write_csv(name + ".csv", header, rows)
    save(fig, name, commands)


def quartiles(values):
    v = np.sort(np.asarray(values, dtype=float))
    return np.percentile(v, 25), np.median(v), np.percentile(v, 75)


def figure_excess_vs_m(name, results, curve_key, label, commands, value="excess", relative=True):
    """Median and interquartile band of the final (relative) excess objective against m."""
    rows = read_csv(results)
    groups = defaultdict(list)
    for r in rows:
        excess = float(r[value]) / (float(r["initial_objective"]) if relative else 1.0)
        groups[(r.get(curve_key, ""), int(r["particles.count"]))].append(max(excess, 1e-16))
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    out = []
    for curve in sorted({k[0] for k in groups}, key=lambda c: float(c) if c else 0):
        ms = sorted(m for (c, m) in groups if c == curve)
        stats = [quartiles(groups[(curve, m)]) for m in ms]
        q1, med, q3 = (np.array(s) for s in zip(*stats))
        tag = f"{label} = {curve}" if curve else label
        ax.plot(ms, med, "o-", label=tag)
        ax.fill_between(ms, q1, q3, alpha=0.2)
        out += [[curve, m, a, b, c, len(groups[(curve, m)])] for m, a, b, c in zip(ms, q1, med, q3)]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("particles m")
    ax.set_ylabel("final excess objective / initial objective" if relative else value)
    ax.legend()
    ax.grid(True, which="major", alpha=0.3)
    write_csv(name + ".csv", [curve_key or "curve", "m", "q1", "median", "q3", "runs"], out)
    save(fig, name, commands)


def figure_loss_vs_time(name, runs_and_labels, commands, column="objective", title=""):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    out = []
    for run, label in runs_and_labels:
        h = read_csv(run + "/history.csv")
        h = [r for r in h if float(r["time"]) > 0]  # a log time axis starts after t = 0
        t = np.array([float(r["time"]) for r in h])
        y = np.array([float(r[column]) for r in h])
        ax.plot(t, y, label=label)
        out += [[label, a, b] for a, b in zip(t, y)]
    ax.set_yscale("log")
    ax.set_xscale("log")
    ax.set_xlabel("flow time t = steps × η")
    ax.set_ylabel(column)
    if title:
        ax.set_title(title)
    ax.legend()
    ax.grid(True, alpha=0.3)
    write_csv(name + ".csv", ["run", "time", column], out)
    save(fig, name, commands)


def figure_success(name, results, key, success, commands, title=""):
    """Fraction of seeds that succeed for each value of a key (e.g. the initialization)."""
    groups = defaultdict(list)
    for r in read_csv(results):
        groups[r[key]].append(success(r))
    labels = list(groups)
    fractions = [np.mean(groups[k]) for k in labels]
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    ax.bar(labels, fractions, color=["#009e73" if f > 0.5 else "#cc79a7" for f in fractions])
    ax.set_ylim(0, 1)
    ax.set_ylabel("fraction of seeds reaching the global minimum")
    if title:
        ax.set_title(title)
    for i, f in enumerate(fractions):
        ax.text(i, f + 0.02, f"{f:.0%}", ha="center")
    write_csv(name + ".csv", [key, "success_fraction", "runs"], [[k, f, len(groups[k])] for k, f in zip(labels, fractions)])
    save(fig, name, commands)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        import run_figures  # the figure set of one run folder, drawn in the window's colours
        sys.exit(run_figures.main(sys.argv[2:]))
    print(__doc__)


if __name__ == "__main__":
    main()
