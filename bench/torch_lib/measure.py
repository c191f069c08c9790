"""The bench measurements on PyTorch: medians (after one warm-up) of the loss, gradient, HVP,
one Armijo step (optax preset, fresh state) and one Polyak step; Lanczos cold and warm-started
after one gradient step of size warmStep/lambda; the [5000x3072]x[3072x200] matmul."""
import time

import numpy as np
import torch

from .lanczos import lanczos_top
from .model import forward_fn, load_checkpoint, to_input
from .objective import Objective


def median_time(reps, f):
    """Median wall seconds of `reps` runs after one warm-up (see timed() for CPU seconds too)."""
    return timed(reps, f)[0]


def timed(reps, f):
    """(median wall s, median process CPU s: all threads) of `reps` runs after one warm-up."""
    f()
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        f()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return float(np.median(wall)), float(np.median(cpu))


def matmul_gflops(reps=5):
    a, b = torch.randn(5000, 3072), torch.randn(3072, 200)
    return 2 * 5000 * 3072 * 200 / median_time(reps, lambda: a @ b) / 1e9


def load_case(d, case):
    spec, objective, named = load_checkpoint(d / 'checkpoint')
    n = case['n']
    x = to_input(np.fromfile(d / 'x.bin', dtype='<f4'), spec, n)
    y = torch.from_numpy(np.fromfile(d / 'y.bin', dtype='<f4').reshape(n, -1))
    params = [torch.tensor(a, requires_grad=True) for _, a in named]
    obj = Objective(forward_fn(spec), objective['loss'], objective['weightDecay'], x, y, case['chunk'])
    flat_v = torch.from_numpy(np.fromfile(d / 'v.bin', dtype='<f4'))
    return spec, obj, params, unflatten(flat_v, params)


def unflatten(flat, like):
    out, k = [], 0
    for p in like:
        out.append(flat[k:k + p.numel()].reshape(p.shape).to(p.dtype))
        k += p.numel()
    return out


def step(p, g, eta):
    with torch.no_grad():
        return [(q - eta * d).requires_grad_(True) for q, d in zip(p, g)]


def armijo_step(obj, p):
    """optax preset from a fresh state: start min(1.5 * 1, 1) = 1, shrink by 0.8, c = 1e-4, 15 trials."""
    f, g = obj.value_and_grad(p)
    gn2 = float(sum((d * d).sum() for d in g))
    eta, trials = 1.0, 0
    for trials in range(1, 16):
        if obj.value(step(p, g, eta)) <= f - 1e-4 * eta * gn2:
            break
        if trials < 15:
            eta *= 0.8
    step(p, g, eta)
    return trials


def polyak_step(obj, p):
    f, g = obj.value_and_grad(p)
    gn2 = float(sum((d * d).sum() for d in g))
    step(p, g, min(1.0, max(f, 0.0) / (gn2 + 1e-12)))


def measure_case(d, case):
    spec, obj, p, v = load_case(d, case)
    reps = case['reps']
    t = {'params': int(sum(q.numel() for q in p)), 'matmulGflops': matmul_gflops()}
    t['loss'], t['lossCpu'] = timed(reps, lambda: obj.value(p))
    t['gradient'], t['gradientCpu'] = timed(reps, lambda: obj.value_and_grad(p))
    t['hvp'], t['hvpCpu'] = timed(reps, lambda: obj.hvp(p, v))
    if case.get('only') == 'grad-hvp':
        return t
    t['armijoTrials'] = armijo_step(obj, p)
    t['armijo'], t['armijoCpu'] = timed(reps, lambda: armijo_step(obj, p))
    t['polyak'], t['polyakCpu'] = timed(reps, lambda: polyak_step(obj, p))
    if case.get('lanczos') and case.get('torchLanczos', True):
        t.update(lanczos_pair(obj, p, case.get('warmStep', 1.0)))
    return t


def lanczos_pair(obj, p, warm_step=1.0):
    dim = sum(q.numel() for q in p)

    def op(params):
        def apply(vec):
            hv = obj.hvp(params, unflatten(torch.from_numpy(vec.astype(np.float32)), params))
            return torch.cat([h.reshape(-1) for h in hv]).double().numpy()
        return apply
    t0 = time.perf_counter()
    cold = lanczos_top(op(p), dim)
    cold_s = time.perf_counter() - t0
    _, g = obj.value_and_grad(p)
    moved = step(p, g, warm_step / cold['value'])
    t0 = time.perf_counter()
    warm = lanczos_top(op(moved), dim, start=cold['vector'])
    return {
        'lanczosCold': cold_s, 'lanczosColdHvps': cold['hvps'], 'lambdaCold': cold['value'],
        'lanczosWarm': time.perf_counter() - t0, 'lanczosWarmHvps': warm['hvps'], 'lambdaWarm': warm['value'],
        'warmResidual': warm['residual'],
    }
