"""Training speed: nnlib against PyTorch (CPU) and scikit-learn, same MLP, one process.

(a) synthetic 60000x784 float32, 784-256-128-10 ReLU, softmax cross-entropy, Adam lr 1e-3,
    batch 128, one epoch;
(b) sklearn digits (8x8), standardized, fixed stratified 75/25 split, 64-64-10 ReLU, Adam lr 1e-3,
    batch 32, 50 epochs, with test accuracy.

The contenders run interleaved (one repeat of each, in a rotating order, then the next repeat)
and the table shows the median wall-clock seconds (the ratios use these) and, for context
on a shared machine, the median CPU seconds of the process (all threads). Every contender shuffles each epoch and uses
float32. PyTorch uses as many threads as the machine has cores (``torch.set_num_threads``), numpy's
BLAS its default (all cores). Targets: (a) nnlib <= 1.0x PyTorch (default Adam) and <= 0.6x
scikit-learn; (b) nnlib <= 0.4x PyTorch and <= 0.6x scikit-learn at >= 0.97 test accuracy.
The row "nnlib readable (fast=False)" trains with ``fit(fast=False)``: the optimizer steps the
named arrays W1, b1, ... with the formulas of ``nnlib.optim`` as written, without the speed devices
of ``nnlib.fast``: the price of the readable path alone. This script prints figures; it asserts nothing about speed.

    python benchmarks/bench_training.py            # full run (a few minutes on 2 cores)
    python benchmarks/bench_training.py --quick    # smoke run: small data, one repeat
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout

import torch  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from nnlib import optim  # noqa: E402
from nnlib.model import mlp  # noqa: E402
from nnlib.train import fit  # noqa: E402

LR = 1e-3


# ---------------------------------------------------------------- contenders
def run_nnlib(sizes, X, y, epochs, batch, seed, X_test=None, fast=True):
    rng = np.random.default_rng(seed)
    model = mlp(sizes, activation="relu", rng=rng, dtype=np.float32)
    start = time.perf_counter()
    fit(model, X, y, optimizer=optim.Adam(lr=LR), epochs=epochs, batch_size=batch, rng=rng,
        progress=False, fast=fast)
    seconds = time.perf_counter() - start
    return seconds, (model.predict(X_test) if X_test is not None else None)


def _torch_adam_variants():
    variants = {"torch (Adam default)": {}}
    try:   # fused Adam on CPU exists since PyTorch 2.4; otherwise use the foreach implementation
        p = torch.nn.Parameter(torch.zeros(2))
        p.grad = torch.zeros(2)
        torch.optim.Adam([p], lr=LR, fused=True).step()
        variants["torch (Adam fused)"] = {"fused": True}
    except (RuntimeError, TypeError):
        variants["torch (Adam foreach)"] = {"foreach": True}
    return variants


def run_torch(sizes, X, y, epochs, batch, seed, adam_kwargs, X_test=None):
    torch.manual_seed(seed)
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(n_in, n_out))
        if k < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=LR, **adam_kwargs)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    generator = torch.Generator().manual_seed(seed)
    n = len(Xt)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for lo in range(0, n, batch):
            idx = order[lo:lo + batch]
            loss = torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start
    if X_test is None:
        return seconds, None
    with torch.no_grad():
        return seconds, net(torch.from_numpy(X_test)).argmax(dim=1).numpy()


def run_sklearn(sizes, X, y, epochs, batch, seed, X_test=None):
    clf = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="relu", solver="adam",
                        alpha=0.0, batch_size=batch, learning_rate_init=LR, max_iter=epochs,
                        shuffle=True, random_state=seed, tol=0.0, n_iter_no_change=epochs + 1)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)   # max_iter reached on purpose
        clf.fit(X, y)
    seconds = time.perf_counter() - start
    return seconds, (clf.predict(X_test) if X_test is not None else None)


# ---------------------------------------------------------------- driver
def contenders():
    out = {"nnlib": run_nnlib,
           "nnlib readable (fast=False)": lambda *a, **kw: run_nnlib(*a, fast=False, **kw)}
    for name, kwargs in _torch_adam_variants().items():
        out[name] = lambda *a, kwargs=kwargs, **kw: run_torch(*a, adam_kwargs=kwargs, **kw)
    out["scikit-learn MLPClassifier"] = run_sklearn
    return out


def interleaved(runs, repeats, args, X_test=None, y_test=None):
    """Median seconds (and accuracies) per contender, alternating contenders every repeat."""
    names = list(runs)
    seconds = {name: [] for name in names}
    cpu = {name: [] for name in names}
    accuracy = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:   # rotate the order
            cpu_start = time.process_time()
            s, pred = runs[name](*args, seed=r, X_test=X_test)
            cpu[name].append(time.process_time() - cpu_start)
            seconds[name].append(s)
            if pred is not None:
                accuracy[name].append(float(np.mean(pred == y_test)))
    return seconds, cpu, accuracy


def report(title, seconds, cpu, accuracy, targets):
    print(f"\n{title}")
    header = f"{'contender':<30}{'median s':>10}{'min s':>9}{'max s':>9}{'median cpu s':>14}"
    if any(accuracy.values()):
        header += f"{'test acc (median)':>19}"
    print(header)
    for name, values in seconds.items():
        line = (f"{name:<30}{statistics.median(values):>10.3f}{min(values):>9.3f}{max(values):>9.3f}"
                f"{statistics.median(cpu[name]):>14.3f}")
        if accuracy[name]:
            line += f"{statistics.median(accuracy[name]):>19.4f}"
        print(line)
    ours = statistics.median(seconds["nnlib"])
    for name, values in seconds.items():
        if not name.startswith("nnlib"):
            target = targets.get(name.split(" ")[0] if name.startswith("scikit") else name)
            note = f"   (target <= {target}x)" if target else ""
            print(f"  nnlib / {name:<28} = {ours / statistics.median(values):.2f}x{note}")


def case_a(runs, repeats, quick):
    """(a) synthetic MNIST-sized data."""
    n_a = 2000 if quick else 60000
    rng = np.random.default_rng(0)
    X_a = rng.standard_normal((n_a, 784), dtype=np.float32)
    y_a = rng.integers(0, 10, size=n_a)
    secs, cpu, acc = interleaved(runs, repeats, ([784, 256, 128, 10], X_a, y_a, 1, 128))
    report(f"(a) synthetic {n_a}x784 float32, 784-256-128-10 ReLU, Adam 1e-3, batch 128, 1 epoch",
           secs, cpu, acc, {"torch (Adam default)": 1.0, "scikit-learn": 0.6})


def case_b(runs, repeats, quick):
    """(b) sklearn digits."""
    digits = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(digits.data, digits.target, test_size=0.25,
                                              random_state=0, stratify=digits.target)
    scaler = StandardScaler().fit(X_tr)
    X_tr = scaler.transform(X_tr).astype(np.float32)
    X_te = scaler.transform(X_te).astype(np.float32)
    epochs_b = 2 if quick else 50
    secs, cpu, acc = interleaved(runs, repeats, ([64, 64, 10], X_tr, y_tr, epochs_b, 32), X_te, y_te)
    report(f"(b) digits {len(X_tr)} train / {len(X_te)} test, 64-64-10 ReLU, Adam 1e-3, batch 32, "
           f"{epochs_b} epochs", secs, cpu, acc, {"torch (Adam default)": 0.4, "scikit-learn": 0.6})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run (seconds)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per contender")
    parser.add_argument("--case", choices=("a", "b", "all"), default="all", help="which case to run")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)   # show each table as soon as it is ready
    cores = os.cpu_count() or 1
    torch.set_num_threads(cores)
    repeats = args.repeats or (1 if args.quick else 5)
    print(f"bench_training: numpy {np.__version__}, torch {torch.__version__} "
          f"({torch.get_num_threads()} threads = cores), {cores} cores, repeats {repeats}, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    runs = contenders()

    if args.case in ("a", "all"):
        case_a(runs, repeats, args.quick)
    if args.case in ("b", "all"):
        case_b(runs, repeats, args.quick)
    print(f"\nload average at end {os.getloadavg()[0]:.2f} (higher than {cores} means a shared, busy machine)")


if __name__ == "__main__":
    main()
