#!/usr/bin/python3
"""The PyTorch peer of flowscope-bench: the same step, written the way one writes it in
PyTorch (whole-tensor operations, BLAS matrix products, the gradients by their closed
forms), so the two programs do the same arithmetic.

    peer_torch.py CASE [--precision double|float] [--threads N] [--seconds S] [--particles M]
    CASE: relu-empirical | relu-population | sigmoid-minibatch | deconvolution | relu2d | preset:relu2d | gemm | blas

relu2d is the relu2d preset's flow (d = 2, m0 = 3, population risk, eta = 0.5) with
--particles M units; its pairwise sums go in blocks of rows, so the p x q matrices stay
within 2^22 numbers (32 MB in double) at any M.

A step is what Simulation::advance does: the forward Euler (or conic) update from the
current velocity, a fresh mini-batch where the risk needs one, the evaluation of loss,
field and field gradient, the velocity, and the metrics (objective, velocity norm,
finiteness). Prints one line of key=value pairs, like flowscope-bench. `gemm` measures
the machine's matrix-multiply rate through the same BLAS; `blas` names the BLAS library
torch's products run on and, for OpenBLAS, its configuration and the kernel it chose.
"""
import argparse
import ctypes
import math
import os
import resource
import sys
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--precision", default="double", choices=["double", "float"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--particles", type=int, default=100000)
    return p.parse_args()


args = parse()
# Before torch loads: OpenBLAS (torch's BLAS on Debian) reads its thread count at start.
for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[name] = str(args.threads)
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_grad_enabled(False)
dtype = torch.float64 if args.precision == "double" else torch.float32
gen = torch.Generator().manual_seed(1)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def randn(*shape):
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype)


def unit_columns(d, count):
    t = randn(d, count)
    return t / t.norm(dim=0, keepdim=True)


def sphere(d, m, radius=1.0):
    """u = (w, theta) uniform on the sphere of radius r0 in R^(1+d), as init.kind = sphere."""
    u = randn(d + 1, m)
    u = radius * u / u.norm(dim=0, keepdim=True)
    return u[0].clone(), u[1:].clone()


class SampleRisk:
    """Empirical (fixed samples) or mini-batch (fresh samples) risk of a two-layer network,
    f(x) = (scale/m) sum_i w_i sigma(theta_i . x), R = 1/2 mean (f - y)^2."""

    def __init__(self, activation, d, n, fresh, teacher_count=5):
        self.relu = activation == "relu"
        self.d, self.n, self.fresh = d, n, fresh
        self.teacher = unit_columns(d, teacher_count)
        self.amplitudes = torch.where(torch.rand(teacher_count, generator=gen) < 0.5, -1.0, 1.0).to(dtype)
        self.draw()

    def sigma(self, z):
        return torch.relu(z) if self.relu else torch.sigmoid(z)

    def draw(self):
        self.x = randn(self.n, self.d)  # n x d
        self.y = self.sigma(self.x @ self.teacher) @ self.amplitudes

    def begin_step(self):
        if self.fresh:
            self.draw()

    def evaluate(self, w, theta, scale=1.0):
        m = w.shape[0]
        z = self.x @ theta  # n x m
        a = self.sigma(z)
        r = (scale / m) * (a @ w) - self.y
        loss = 0.5 * torch.dot(r, r) / self.n
        field = (scale / self.n) * (a.t() @ r)
        slope = (z > 0).to(dtype) if self.relu else a * (1.0 - a)
        field_grad = (scale / self.n) * (self.x.t() @ (slope * r[:, None]))  # d x m
        return loss, field, field_grad


def relu_kernel_sums(a, b, c):
    """value_i = sum_l c_l k(a_i, b_l), grad_i = sum_l c_l grad_a k(a_i, b_l) for the ReLU
    kernel under Gaussian inputs, k = |a||b| (sin phi + (pi - phi) cos phi) / 2 pi."""
    na, nb = a.norm(dim=0), b.norm(dim=0)
    inva = torch.where(na > 0, 1.0 / na, torch.zeros_like(na))
    invb = torch.where(nb > 0, 1.0 / nb, torch.zeros_like(nb))
    cos = ((a.t() @ b) * inva[:, None] * invb[None, :]).clamp(-1.0, 1.0)  # p x q
    gap = math.pi - torch.acos(cos)
    sin = torch.sqrt(torch.clamp(1.0 - cos * cos, min=0.0))
    cb = c * nb
    value = na * ((sin + gap * cos) @ cb) / (2 * math.pi)
    grad = (b @ (gap * c[None, :]).t() + a * (inva * (sin @ cb))[None, :]) / (2 * math.pi)
    return value, grad


BLOCK_NUMBERS = 1 << 22


def relu_kernel_sums_blocked(a, b, c):
    """relu_kernel_sums over blocks of the columns of a, each block against all of b."""
    rows = max(1, BLOCK_NUMBERS // max(1, b.shape[1]))
    if a.shape[1] <= rows:
        return relu_kernel_sums(a, b, c)
    parts = [relu_kernel_sums(a[:, k:k + rows], b, c) for k in range(0, a.shape[1], rows)]
    return torch.cat([v for v, _ in parts]), torch.cat([g for _, g in parts], dim=1)


class PopulationRisk:
    """Exact population risk of a ReLU network under x ~ N(0, I_d)."""

    def __init__(self, d, teacher_count):
        self.teacher = unit_columns(d, teacher_count)
        self.amplitudes = torch.where(torch.rand(teacher_count, generator=gen) < 0.5, -1.0, 1.0).to(dtype)
        v, _ = relu_kernel_sums(self.teacher, self.teacher, self.amplitudes)
        self.energy = torch.dot(self.amplitudes, v)

    def begin_step(self):
        pass

    def evaluate(self, w, theta, scale=1.0):
        m = w.shape[0]
        u, ug = relu_kernel_sums_blocked(theta, theta, w)
        v, vg = relu_kernel_sums_blocked(theta, self.teacher, self.amplitudes)
        c = scale / m
        loss = 0.5 * (c * c * torch.dot(w, u) - 2 * c * torch.dot(w, v) + self.energy)
        return loss, scale * (c * u - v), scale * (c * ug - vg)


class EulerFlow:
    """u <- u + eta v with v = (-field, -fieldGrad w): no penalty, output scale 1."""

    def __init__(self, risk, w, theta, eta):
        self.risk, self.w, self.theta, self.eta = risk, w, theta, eta
        self.evaluate()

    def evaluate(self):
        self.loss, field, grad = self.risk.evaluate(self.w, self.theta)
        self.vw, self.vtheta = -field, -grad * self.w[None, :]
        m = self.w.shape[0]
        self.grad_norm = torch.sqrt((torch.dot(self.vw, self.vw) + (self.vtheta * self.vtheta).sum()) / m)

    def advance(self):
        self.w = self.w + self.eta * self.vw
        self.theta = self.theta + self.eta * self.vtheta
        finite = bool(torch.isfinite(self.w).all() and torch.isfinite(self.theta).all())
        self.risk.begin_step()
        self.evaluate()
        self.objective = float(self.loss)
        return finite and math.isfinite(self.objective) and math.isfinite(float(self.grad_norm))


class ConicDeconvolution:
    """1-D sparse spikes deconvolution, Dirichlet kernel of order K, l1 penalty lambda,
    conic (Wasserstein-Fisher-Rao) flow, everything on the 2K+1 Fourier coefficients."""

    def __init__(self, m, K=7, n=100, lam=0.2, eta=0.01, position_scale=0.01):
        self.K, self.lam, self.eta, self.beta = K, lam, eta, position_scale
        self.k = torch.arange(K + 1, dtype=dtype)
        self.mult = torch.where(self.k == 0, 1.0, 2.0).to(dtype)  # k and -k paired
        spikes = torch.tensor([0.104, 0.302, 0.457, 0.705, 0.893], dtype=dtype)  # off the sample grid
        amps = torch.tensor([1.0, -0.8, 1.2, -1.0, 0.6], dtype=dtype)
        x = torch.arange(n, dtype=dtype) / n
        angle = 2 * math.pi * (x[:, None] - spikes[None, :])
        y = (amps * torch.sin((2 * K + 1) * angle / 2) / torch.sin(angle / 2)).sum(1)
        ph = 2 * math.pi * x[:, None] * self.k[None, :]
        self.yr, self.yi = (y @ torch.cos(ph)) / n, -(y @ torch.sin(ph)) / n
        self.out_of_band = float((y * y).mean() - (self.mult * (self.yr**2 + self.yi**2)).sum())
        self.theta = (torch.arange(m, dtype=dtype) / m)
        self.w = 0.5 * torch.where(torch.arange(m) % 2 == 0, 1.0, -1.0).to(dtype)
        self.evaluate()

    def evaluate(self):
        m = self.w.shape[0]
        ph = 2 * math.pi * self.theta[:, None] * self.k[None, :]  # m x (K+1)
        cos, sin = torch.cos(ph), torch.sin(ph)
        dr = (self.w @ cos) / m - self.yr  # D_k = F_k - Y_k, with z = e^{-2 pi i theta}
        di = -(self.w @ sin) / m - self.yi
        self.loss = 0.5 * (self.out_of_band + (self.mult * (dr * dr + di * di)).sum())
        self.field = cos @ (self.mult * dr) - sin @ (self.mult * di)
        self.field_grad = -(sin @ (4 * math.pi * self.k * dr) + cos @ (4 * math.pi * self.k * di))
        sign = torch.sign(self.w)
        self.vw = -4.0 * (self.w.abs() * self.field + self.lam * self.w)
        self.vtheta = -self.beta * sign * self.field_grad
        self.grad_norm = torch.sqrt((torch.dot(self.vw, self.vw) + torch.dot(self.vtheta, self.vtheta)) / m)

    def advance(self):
        sign = torch.sign(self.w)
        self.w = self.w * torch.exp(-4.0 * self.eta * (sign * self.field + self.lam))
        theta = self.theta - (self.eta * self.beta) * sign * self.field_grad
        self.theta = theta - torch.floor(theta)
        finite = bool(torch.isfinite(self.w).all() and torch.isfinite(self.theta).all())
        self.evaluate()
        self.objective = float(self.loss) + self.lam * float(self.w.abs().sum()) / self.w.shape[0]
        return finite and math.isfinite(self.objective)


def build(case):
    if case == "relu-empirical":
        w, theta = sphere(64, 1024)
        return EulerFlow(SampleRisk("relu", 64, 4096, fresh=False), w, theta, 0.01), 1024
    if case == "relu-population":
        w, theta = sphere(100, 2000)
        return EulerFlow(PopulationRisk(100, 5), w, theta, 0.01), 2000
    if case == "sigmoid-minibatch":
        w, theta = sphere(32, 4096)
        return EulerFlow(SampleRisk("sigmoid", 32, 256, fresh=True), w, theta, 0.01), 4096
    if case == "deconvolution":
        return ConicDeconvolution(args.particles), args.particles
    if case == "relu2d":
        w, theta = sphere(2, args.particles)
        return EulerFlow(PopulationRisk(2, 3), w, theta, 0.5), args.particles
    raise SystemExit(f"peer_torch.py: unknown case {case}")


class DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def blas_identity():
    """key=value fields naming the BLAS behind torch's products: the file whose dgemm_ the
    torch library binds to (looked up from that library, as its own calls resolve it), and,
    when that file is OpenBLAS, its configuration string and the kernel it chose for this
    processor (openblas_get_config, openblas_get_corename). Anything else is reported as
    blas=reference: the reference BLAS, or a BLAS this script cannot name."""
    torch_cpu = os.path.join(os.path.dirname(torch.__file__), "lib", "libtorch_cpu.so")
    try:
        gemm = ctypes.cast(ctypes.CDLL(torch_cpu).dgemm_, ctypes.c_void_p)
    except (OSError, AttributeError):
        return "blas=unknown blas_library=- blas_kernel=- blas_config=-"
    info = DlInfo()
    ctypes.CDLL(None).dladdr(gemm, ctypes.byref(info))
    path = os.path.realpath(info.dli_fname.decode())
    library = ctypes.CDLL(path)
    try:
        library.openblas_get_config.restype = ctypes.c_char_p
        library.openblas_get_corename.restype = ctypes.c_char_p
        config = library.openblas_get_config().decode().replace(" ", ",")  # one token
        kernel = library.openblas_get_corename().decode()
        return f"blas=OpenBLAS blas_library={path} blas_kernel={kernel} blas_config={config}"
    except AttributeError:
        return f"blas=reference blas_library={path} blas_kernel=- blas_config=-"


def gemm_rate():
    """GFLOP/s of square matrix products through torch's BLAS (OpenBLAS here)."""
    size = 2048
    a, b = randn(size, size), randn(size, size)
    c = a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds or count < 2:
        torch.mm(a, b, out=c)
        count += 1
    seconds = time.perf_counter() - start
    return 2.0 * size**3 * count / seconds / 1e9


def main():
    if args.case == "blas":
        print(f"case=blas {blas_identity()}")
        return
    if args.case == "gemm":
        print(f"case=gemm precision={args.precision} threads={args.threads} gflops={gemm_rate():.4g} {blas_identity()}")
        return
    baseline = rss_bytes()
    if args.case == "preset:relu2d":
        # The relu2d preset: d = 2, m0 = 3, m = 100, population risk, eta = 0.5, 12000 steps.
        start = time.perf_counter()
        w, theta = sphere(2, 100)
        flow = EulerFlow(PopulationRisk(2, 3), w, theta, 0.5)
        for _ in range(12000):
            flow.advance()
        seconds = time.perf_counter() - start
        print(f"case={args.case} steps=12000 seconds={seconds:.6g} steps_per_s={12000 / seconds:.6g} particles=100 "
              f"peak_rss_bytes={peak_rss_bytes()} bytes_per_particle={(peak_rss_bytes() - baseline) / 100:.1f}")
        return
    flow, m = build(args.case)
    for _ in range(3):
        flow.advance()
    cpu_before = time.process_time()  # all threads' CPU time: moves less with the load than wall time
    steps, start = 0, time.perf_counter()
    elapsed = 0.0
    while elapsed < args.seconds or steps < 3:
        if not flow.advance():
            raise SystemExit("peer_torch.py: the flow diverged")
        steps += 1
        elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_before
    peak = peak_rss_bytes()
    print(f"case={args.case} precision={args.precision} threads={args.threads} particles={m} steps={steps} "
          f"seconds={elapsed:.6g} steps_per_s={steps / elapsed:.6g} peak_rss_bytes={peak} "
          f"bytes_per_particle={(peak - baseline) / m:.1f} objective={flow.objective:.6g} "
          f"steps_per_cpu_s={steps / cpu:.6g}")


if __name__ == "__main__":
    main()
