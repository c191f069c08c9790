"""Cross-check: our loss, gradient and HVP (same weights, inputs and v) against PyTorch in
float64, with PyTorch float32 alongside to show the float32 rounding floor. A difference is the
worst over parameter tensors of max|ours - ref| / max|ref| (per tensor, so an error confined to
one layer is not hidden by larger entries elsewhere); the loss: |ours - ref| / |ref|."""
import json

import numpy as np
import torch

from .measure import unflatten
from .model import forward_fn, load_checkpoint, to_input
from .objective import Objective

TOLERANCE = 1e-4


def rel(a, b, sizes):
    """(worst per-tensor relative difference, index of that tensor)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    worst, where, k = 0.0, 0, 0
    for i, size in enumerate(sizes):
        s = slice(k, k + size)
        k += size
        r = float(np.max(np.abs(a[s] - b[s])) / max(np.max(np.abs(b[s])), 1e-300))
        if r > worst:
            worst, where = r, i
    return worst, where


def torch_results(d, case, dtype):
    spec, objective, named = load_checkpoint(d / 'checkpoint')
    m = case['crossN']
    per = np.fromfile(d / 'x.bin', dtype='<f4').size // case['n']
    x = to_input(np.fromfile(d / 'x.bin', dtype='<f4', count=m * per), spec, m).to(dtype)
    y = torch.from_numpy(np.fromfile(d / 'y.bin', dtype='<f4').reshape(case['n'], -1)[:m].copy()).to(dtype)
    p = [torch.tensor(a, dtype=dtype, requires_grad=True) for _, a in named]
    obj = Objective(forward_fn(spec), objective['loss'], objective['weightDecay'], x, y, m)
    v = unflatten(torch.from_numpy(np.fromfile(d / 'v.bin', dtype='<f4')).to(dtype), p)
    f, g = obj.value_and_grad(p)
    hv = obj.hvp(p, v)
    flat = lambda ts: torch.cat([t.detach().reshape(-1) for t in ts]).double().numpy()
    return f, flat(g), flat(hv)


def cross_check(d, case):
    _, _, named = load_checkpoint(d / 'checkpoint')
    names, sizes = [n for n, _ in named], [a.size for _, a in named]
    ours = json.loads((d / 'cross' / 'ours.json').read_text())
    g_ours = np.fromfile(d / 'cross' / 'grad.bin', dtype='<f4')
    h_ours = np.fromfile(d / 'cross' / 'hvp.bin', dtype='<f4')
    f64 = torch_results(d, case, torch.float64)
    f32 = torch_results(d, case, torch.float32)
    worst = {}

    def diff(r, who):
        (g, gi), (h, hi) = rel(r[1], f64[1], sizes), rel(r[2], f64[2], sizes)
        worst[who] = {'gradient': names[gi], 'hvp': names[hi]}
        return {'loss': abs(r[0] - f64[0]) / abs(f64[0]), 'gradient': g, 'hvp': h}
    ours_vs_64 = diff((ours['loss'], g_ours, h_ours), 'ours')
    return {
        'n': case['crossN'], 'tolerance': TOLERANCE, 'measure': 'worst parameter tensor of max|diff| / max|ref|',
        'oursVsTorch64': ours_vs_64, 'torch32VsTorch64': diff(f32, 'torch32'), 'worstTensor': worst,
        'pass': all(v <= TOLERANCE for v in ours_vs_64.values()),
    }
