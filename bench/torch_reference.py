#!/usr/bin/python3
"""PyTorch reference for bench/bench.ts: the same networks, data, weights and measurements.

Usage: /usr/bin/python3 bench/torch_reference.py --dir EXCHANGE_DIR [--threads 2] [--cross-only]
       /usr/bin/python3 bench/torch_reference.py --probe

--probe imports everything the reference needs (numpy, torch, torch_lib) and runs a tiny float64
double-backward HVP, then prints {"available": true|false, ...}: whether the reference can run here.

EXCHANGE_DIR is written by the TypeScript bench (bench/lib/exchange.ts):
  case.json           name, n, chunk, reps, lanczos, crossN
  checkpoint/         sharpness-lab checkpoint (docs/checkpoint-format.md): model spec and weights
  x.bin, y.bin        float32 inputs (flat [n, 3072] or NHWC [n, 32, 32, 3]) and targets [n, 10]
  v.bin               float32 direction for the HVPs, parameters concatenated in checkpoint order
  cross/              our loss (ours.json), gradient and HVP (grad.bin, hvp.bin) on the first crossN rows
Prints one JSON line: timings (seconds, medians after one warm-up) and the cross-check against
float64 PyTorch. Without numpy or torch it prints {"available": false, ...} and exits 0.
"""
import argparse
import ctypes
import json
import os
import pathlib
import resource
import sys
import time

try:
    import numpy as np
except ImportError:  # reported by main() as {"available": false}
    np = None


def fix_environment(threads):
    """Re-runs this script once with the settings a fair reference needs here:
    - OpenBLAS 0.3.21 (Debian 12) does not know recent Xeons and falls back to its Prescott (SSE3)
      kernels, ~10x slower than the AVX-512 ones: force the right core type;
    - OpenMP threads that spin while waiting collapse when the machine is shared (measured: VGG11
      forward 0.03-0.45 s instead of 0.024 s): OMP_WAIT_POLICY=passive;
    - torch.set_num_threads does not reach OpenBLAS in Debian's build (BLAS_INFO=generic): its
      matmuls ran on every core at --threads 1 (166 GFLOP/s against 93 for one thread here), so
      OPENBLAS_NUM_THREADS is set to --threads, overriding the environment.
    The other settings already in the environment are kept."""
    if os.environ.get('SHARPNESS_LAB_REEXEC'):
        return
    env = dict(os.environ, SHARPNESS_LAB_REEXEC='1', OPENBLAS_NUM_THREADS=str(threads))
    env.setdefault('OMP_WAIT_POLICY', 'passive')
    if not os.environ.get('OPENBLAS_CORETYPE'):
        try:
            core = openblas_core()
            flags = open('/proc/cpuinfo').read()
        except OSError:
            core, flags = '', ''
        wanted = 'SkylakeX' if ' avx512f' in flags else 'Haswell' if ' avx2' in flags else None
        if core == 'Prescott' and wanted:
            env.update(OPENBLAS_CORETYPE=wanted, SHARPNESS_LAB_OPENBLAS_DETECTED=core)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def openblas_threads():
    try:
        return ctypes.CDLL('libopenblas.so.0').openblas_get_num_threads()
    except (OSError, AttributeError):
        return None


def openblas_core():
    try:
        lib = ctypes.CDLL('libopenblas.so.0')
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except OSError:
        return 'not loaded'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--probe', action='store_true', help='can the reference run here? (imports + a tiny HVP)')
    ap.add_argument('--dir')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--no-cross', action='store_true')
    ap.add_argument('--cross-only', action='store_true', help='skip the timings (tests)')
    args = ap.parse_args()
    if not args.probe and not args.dir:
        ap.error('--dir is required (or --probe)')
    fix_environment(args.threads)
    try:
        if np is None:
            import numpy  # noqa: F401  (raises the ImportError with its message)
        import torch  # noqa: F401
        sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
        from torch_lib.measure import measure_case
        from torch_lib.cross_check import cross_check
    except ImportError as e:
        print(json.dumps({'available': False, 'reason': f'not importable: {e}; install with: '
                          'apt-get install -y --no-install-recommends python3-numpy python3-torch libopenblas0-pthread '
                          '(npm run setup does)'}))
        return
    import torch
    if args.probe:
        w = torch.tensor([0.3, -1.2], dtype=torch.float64, requires_grad=True)
        v = torch.tensor([1.0, 2.0], dtype=torch.float64)
        g, = torch.autograd.grad((w.tanh() ** 2).sum(), w, create_graph=True)
        hv, = torch.autograd.grad((g * v).sum(), w)
        # d²/dw² tanh(w)² = 2(1 − t²)(1 − 3t²), t = tanh(w)
        t = w.detach().tanh()
        want = 2 * (1 - t ** 2) * (1 - 3 * t ** 2) * v
        ok = bool(torch.allclose(hv, want, rtol=1e-12, atol=0))
        print(json.dumps({'available': ok, 'torch': torch.__version__, 'numpy': np.__version__ if np else None,
                          **({} if ok else {'reason': f'a float64 double-backward HVP gave {hv.tolist()}, want {want.tolist()}'})}))
        return
    torch.set_num_threads(args.threads)
    d = pathlib.Path(args.dir)
    case = json.loads((d / 'case.json').read_text())
    result = {
        'available': True, 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blasThreads': openblas_threads(),
        'openblasCore': openblas_core(),
        'openblasDetected': os.environ.get('SHARPNESS_LAB_OPENBLAS_DETECTED', openblas_core()),
        'numpy': np.__version__, 'ompWaitPolicy': os.environ.get('OMP_WAIT_POLICY'),
    }
    t0 = time.perf_counter()
    if not args.cross_only:
        result['timings'] = measure_case(d, case)
        result['peakRssGB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    if case.get('crossN') and not args.no_cross:
        result['cross'] = cross_check(d, case)
    result['seconds'] = time.perf_counter() - t0
    print(json.dumps(result))


if __name__ == '__main__':
    main()
