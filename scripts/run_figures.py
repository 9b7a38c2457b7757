"""The figure set of one run folder, in the window's colours, for a teacher's notes.

    figures.py run RUN_FOLDER --out DIR [--light]

RUN_FOLDER is what `flowscope-cli run ... --out RUN_FOLDER` writes (scenario.json,
particles.csv, truth.csv, history.csv, and trajectories.csv with --trajectory-every K).
DIR receives trajectories.png/.svg (the particles' paths over the truth, placed as the
window's particle view places them) and loss.png/.svg (the loss curves against flow
time), each captioned with the scenario's name, description and the step reached.
--light draws on white for print; the default is the window's dark background.
"""
import argparse
import json
import math
import os
import sys
import textwrap

import numpy as np

import figures
import matplotlib.pyplot as plt

# The window's colours (app/gui/rendering/palette.hpp): warm vermillion for w > 0, sky blue
# for w < 0 (distinct under the common colour-vision deficiencies), and the loss series.
WINDOW = {
    "positive": "#f56b33", "negative": "#459efa", "background": "#121317", "text": "#e6e8ee",
    "dim": "#a0a5b2", "truth": "#ebebeb", "grid": "#ffffff", "grid_alpha": 0.12,
    "objective": "#ffd65a", "loss": "#5ad2e6", "excess": "#78dc8c", "grad_norm": "#c896ff",
}
# On paper the light series would vanish: the same hues, darkened, on white.
PRINT = dict(WINDOW, background="#ffffff", text="#111111", dim="#555555", truth="#111111",
             grid="#000000", grid_alpha=0.15, objective="#b8860b", loss="#0e8fa3", excess="#2e8b3e",
             grad_norm="#7b4fc9", positive="#d55e00", negative="#0072b2")


class RunFolderError(Exception):
    pass


def read_rows(folder, name, required=True):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        if required:
            raise RunFolderError(f"{path}: missing (is {folder} a folder written by flowscope-cli run?)")
        return None
    rows = figures.read_csv(path)
    if required and not rows:
        raise RunFolderError(f"{path}: no rows")
    return rows


def as_matrix(rows):
    """(w, theta) of particle or truth rows: w as a vector, theta as a matrix of columns."""
    thetas = sorted((k for k in rows[0] if k.startswith("theta")), key=lambda k: int(k[5:]))
    w = np.array([float(r["w"]) for r in rows])
    theta = np.array([[float(r[k]) for k in thetas] for r in rows])
    return w, theta


class Placement:
    """Where the particle view puts a particle (mirrors app/gui/views/embedding.cpp)."""

    def __init__(self, scenario, truth_theta, count):
        problem = scenario["problem"]["kind"]
        self.count = count
        if problem == "deconvolution":
            self.kind = "spikes1d" if scenario["deconvolution"]["dimension"] == 1 else "torus2d"
            self.homogeneous = False
        else:
            self.homogeneous = scenario["network"]["activation"] == "relu"
            self.kind = "plane"
        lifted = "|w| " if self.homogeneous else ""
        dim = truth_theta.shape[1]
        if self.kind == "plane" and dim > 2 and self.homogeneous:
            # More than two coordinates: the plane of the first two teacher directions.
            q, _ = np.linalg.qr(truth_theta[:2].T)
            self.basis = q.T
            self.labels = (lifted + "θ·e₁", lifted + "θ·e₂")
            self.note = "projected on the plane of the first two teacher directions"
        elif self.kind == "plane":
            self.basis = np.eye(dim)[:2]
            self.labels = (lifted + "θ₁", lifted + "θ₂")
            self.note = "the first two of θ's coordinates (the bias not shown)" if dim > 2 else ""
        elif self.kind == "torus2d":
            self.labels, self.note = ("θ₁", "θ₂"), "positions on the torus [0,1)², disc area ∝ |w|"
        else:
            self.labels, self.note = ("position θ on the circle", "mass w/m"), "height: particle mass w/m"

    def place(self, w, theta):
        """View coordinates (n x 2) of particles with weights w and parameters theta."""
        if self.kind == "spikes1d":
            return np.column_stack([theta[:, 0], w / self.count])
        if self.kind == "torus2d":
            return theta[:, :2].copy()
        xy = theta @ self.basis.T
        return np.abs(w)[:, None] * xy if self.homogeneous else xy


def paths_of(folder):
    """particle -> (w, theta) over time from trajectories.csv, or None without it."""
    rows = read_rows(folder, "trajectories.csv", required=False)
    if not rows:
        return None
    by_particle = {}
    for r in rows:
        by_particle.setdefault(int(r["particle"]), []).append(r)
    return {p: as_matrix(rs) for p, rs in by_particle.items()}


def wrapped_segments(xy, periodic):
    """Pieces of a path that do not jump across the seam of a periodic view."""
    if not periodic or len(xy) < 2:
        return [xy]
    jumps = np.where(np.any(np.abs(np.diff(xy, axis=0)) > 0.5, axis=1))[0]
    return np.split(xy, jumps + 1)


def style(ax, fig, colours):
    fig.patch.set_facecolor(colours["background"])
    ax.set_facecolor(colours["background"])
    for spine in ax.spines.values():
        spine.set_color(colours["dim"])
    ax.tick_params(colors=colours["dim"])
    ax.xaxis.label.set_color(colours["text"])
    ax.yaxis.label.set_color(colours["text"])
    ax.title.set_color(colours["text"])
    ax.grid(True, color=colours["grid"], alpha=colours["grid_alpha"], lw=0.6)


def caption(fig, scenario, history, colours, extra=""):
    last = history[-1]
    title = f"{scenario.get('name') or 'run'} — step {last['step']}, t = {float(last['time']):.4g}"
    fig.suptitle(title, color=colours["text"], fontsize=13)
    text = scenario.get("description", "")
    if extra:
        text = (text + "  " if text else "") + extra
    if text:
        fig.text(0.5, -0.02, "\n".join(textwrap.wrap(text, 95)), ha="center", va="top",
                 color=colours["dim"], fontsize=9)


def save_both(fig, out, name, colours):
    for ext in ("png", "svg"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, facecolor=colours["background"], bbox_inches="tight")
        print("wrote", path)
    plt.close(fig)


def draw_trajectories(folder, out, scenario, history, colours):
    w, theta = as_matrix(read_rows(folder, "particles.csv"))
    truth_w, truth_theta = as_matrix(read_rows(folder, "truth.csv"))
    place = Placement(scenario, truth_theta, len(w))
    periodic = place.kind in ("spikes1d", "torus2d")
    sign = lambda v: colours["positive"] if v >= 0 else colours["negative"]
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    style(ax, fig, colours)
    paths = paths_of(folder)
    shown = 0
    if paths:
        alpha = max(0.15, min(0.7, 30.0 / math.sqrt(len(paths))))
        for pw, ptheta in paths.values():
            xy = place.place(pw, ptheta)
            for piece in wrapped_segments(xy, periodic):
                ax.plot(piece[:, 0], piece[:, 1], color=sign(pw[-1]), lw=0.7, alpha=alpha)
            ax.plot(xy[0, 0], xy[0, 1], ".", color=colours["dim"], ms=2)
            shown += 1
    final = place.place(w, theta)
    area = 6 + 120 * np.abs(w) / max(np.abs(w).max(), 1e-300) if place.kind != "plane" else 8
    ax.scatter(final[:, 0], final[:, 1], s=area, c=[sign(v) for v in w], edgecolors="none", zorder=3)
    draw_truth(ax, place, truth_w, truth_theta, final, colours)
    ax.set_xlabel(place.labels[0])
    ax.set_ylabel(place.labels[1])
    if place.kind == "spikes1d":
        ax.set_xlim(0, 1)
        ax.axhline(0, color=colours["dim"], lw=0.6)
    elif place.kind == "torus2d":
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
    else:
        ax.set_aspect("equal")
    extra = place.note + ("." if place.note else "")
    extra += (f" Paths of {shown} particles." if shown else
              " (No trajectories.csv: run with --trajectory-every K to draw the paths.)")
    extra += " Truth in " + ("black." if colours is PRINT else "white.")
    caption(fig, scenario, history, colours, extra.strip())
    save_both(fig, out, "trajectories", colours)


def draw_truth(ax, place, truth_w, truth_theta, final, colours):
    c = colours["truth"]
    if place.kind == "spikes1d":
        for a, x in zip(truth_w, truth_theta[:, 0]):
            ax.plot([x, x], [0, a], color=c, lw=1.6, zorder=4)
            ax.plot(x, a, "^" if a > 0 else "v", color=c, ms=8, mfc="none", zorder=4)
    elif place.kind == "torus2d":
        ax.scatter(truth_theta[:, 0], truth_theta[:, 1], s=160, marker="o", facecolors="none",
                   edgecolors=c, linewidths=1.6, zorder=4)
    else:
        at = place.place(truth_w, truth_theta)
        # A few far particles would shrink the rest to a dot: frame 98% of them and the truth.
        norms = np.hypot(final[:, 0], final[:, 1])
        reach = 1.25 * max(np.percentile(norms, 98), np.abs(at).max(), 1e-9)
        for (x, y) in at:
            norm = math.hypot(x, y)
            if norm > 0:  # the teacher's direction as a ray, its unit as a ring
                ax.plot([0, reach * x / norm], [0, reach * y / norm], color=c, lw=1.0, ls="--", zorder=2)
        ax.scatter(at[:, 0], at[:, 1], s=140, facecolors="none", edgecolors=c, linewidths=1.6, zorder=4)
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)


def draw_loss(out, scenario, history, colours):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    style(ax, fig, colours)
    later = [r for r in history if float(r["time"]) > 0]  # a log time axis starts after t = 0
    t = np.array([float(r["time"]) for r in later])
    drawn = []
    value = lambda column: np.array([float(r[column]) for r in later])
    objective_label = "objective F"
    if "excess" in history[0] and np.allclose(value("excess"), value("objective"), rtol=1e-12, atol=0):
        objective_label = "objective F = excess (F* = 0)"  # one curve, not two on top of each other
    for column, label in (("objective", objective_label), ("excess", "excess F − F*"),
                          ("loss", "loss R"), ("grad_norm", "gradient norm")):
        if column not in history[0]:
            continue
        if column == "loss" and all(float(r.get("regularizer", 0) or 0) == 0 for r in history):
            continue  # without a regularizer the loss is the objective
        if column == "excess" and objective_label != "objective F":
            continue
        y = value(column)
        keep = np.isfinite(y) & (y > 0)
        if not keep.any():
            continue  # e.g. no excess where the minimum is unknown
        ax.plot(t[keep], y[keep], color=colours[column], lw=1.8,
                ls="--" if column == "grad_norm" else "-", label=label)
        drawn.append(column)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("flow time t = steps × η")
    ax.set_ylabel("value")
    legend = ax.legend(facecolor=colours["background"], edgecolor=colours["dim"])
    for text in legend.get_texts():
        text.set_color(colours["text"])
    caption(fig, scenario, history, colours, "Log-log axes; the gradient norm is dashed.")
    save_both(fig, out, "loss", colours)
    return drawn


def main(argv):
    parser = argparse.ArgumentParser(prog="figures.py run", description=__doc__.split("\n\n")[0])
    parser.add_argument("run_folder")
    parser.add_argument("--out", required=True)
    parser.add_argument("--light", action="store_true", help="white background, for print")
    args = parser.parse_args(argv)
    colours = PRINT if args.light else WINDOW
    try:
        path = os.path.join(args.run_folder, "scenario.json")
        if not os.path.exists(path):
            raise RunFolderError(f"{path}: missing (is {args.run_folder} a folder written by flowscope-cli run?)")
        with open(path) as f:
            scenario = json.load(f)
        history = read_rows(args.run_folder, "history.csv")
        os.makedirs(args.out, exist_ok=True)
        draw_trajectories(args.run_folder, args.out, scenario, history, colours)
        draw_loss(args.out, scenario, history, colours)
    except (RunFolderError, KeyError, ValueError, json.JSONDecodeError) as e:
        print(f"figures.py run: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"figures.py run: {e}", file=sys.stderr)
        return 4
    return 0
