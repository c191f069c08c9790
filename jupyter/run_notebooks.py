#!/usr/bin/python3
"""Execute tslab notebooks headless and write executed notebooks + HTML reports.

Why not plain `jupyter nbconvert --execute`: tslab reports errors only as stderr text
(its execute_reply has status 'error' but no ename/evalue/traceback), so nbconvert's
message is an empty `<Error>:`. tslab also replies status 'ok' for some real errors
(compile errors in `@module` cells, uncaught async exceptions / unhandled rejections,
which it prints to stderr). This runner prints the failing cell's source and stderr,
saves `<name>.failed.ipynb` and exits non-zero.

Uses only Debian's python3-nbclient / python3-nbformat / python3-nbconvert (run with
/usr/bin/python3). The committed kernelspec in ./kernels/tslab is found without
registration: JUPYTER_PATH is extended with this folder at run time.

Usage: run_notebooks.py [options] NOTEBOOK.ipynb [...]   (see --help)
"""
import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent          # <project>/jupyter
PROJECT_ROOT = HERE.parent
sys.dont_write_bytecode = True  # keep jupyter/ free of __pycache__
sys.path.insert(0, str(HERE))
from notebook_exec import execute_notebook  # noqa: E402
from notebook_output import write_outputs  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("notebooks", nargs="+", type=Path)
    p.add_argument("--timeout", type=int, default=None,
                   help="per-cell timeout in seconds (default: none); a cell's "
                        "metadata 'timeout' overrides it")
    p.add_argument("--startup-timeout", type=int, default=120,
                   help="seconds to wait for the kernel to start (default: 120)")
    p.add_argument("--kernel", default="tslab", help="kernel name (default: tslab)")
    p.add_argument("--scale", choices=["smoke", "default", "paper"],
                   help="sets SHARPNESS_LAB_SCALE for the kernel")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment variable for the kernel (repeatable)")
    p.add_argument("--output-dir", type=Path,
                   help="write executed notebooks here (default: in place)")
    p.add_argument("--no-write", action="store_true", help="do not write executed notebooks")
    p.add_argument("--report-dir", type=Path, default=PROJECT_ROOT / "reports",
                   help="HTML reports go here (default: <project>/reports)")
    p.add_argument("--no-report", action="store_true", help="skip the HTML report")
    p.add_argument("--stderr-errors", choices=["fail", "warn", "ignore"], default="fail",
                   help="what to do when a cell's stderr holds a tslab compile diagnostic or "
                        "an uncaught async error while its reply status is 'ok' (default: fail)")
    p.add_argument("--retries", type=int, default=1,
                   help="re-run a notebook whose kernel died this many times (default: 1). tslab "
                        "1.0.22 can crash with zeromq 'Socket is busy writing' (EBUSY) when two "
                        "iopub sends overlap on a loaded machine; runs come from the run store, "
                        "so a retry only re-plots")
    p.add_argument("--keep-going", action="store_true",
                   help="run the remaining notebooks after a failure (exit code stays 1)")
    return p.parse_args(argv)


def setup_environment(args):
    """Kernel inherits our environment: kernelspec path + notebook parameters."""
    paths = [str(HERE)] + [x for x in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if x]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)
    params = {}
    if args.scale:
        params["SHARPNESS_LAB_SCALE"] = args.scale
    for item in args.env:
        key, sep, value = item.partition("=")
        if not sep or not key:
            sys.exit(f"--env expects KEY=VALUE, got {item!r}")
        params[key] = value
    os.environ.update(params)
    return params


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    params = setup_environment(args)
    if params:
        print("parameters: " + ", ".join(f"{k}={v}" for k, v in params.items()), flush=True)
    failures, t_all = [], time.monotonic()
    for path in args.notebooks:
        if not path.is_file():
            print(f"error: no such notebook: {path}", file=sys.stderr)
            failures.append(path)
            if not args.keep_going:
                break
            continue
        ok, nb = execute_notebook(path, args, params)
        for attempt in range(args.retries):
            if ok or not nb.metadata.get("sharpness_lab", {}).get("kernel_died"):
                break
            print(f"[{path.stem}] kernel died; retrying ({attempt + 1}/{args.retries})", flush=True)
            ok, nb = execute_notebook(path, args, params)
        write_outputs(path, nb, ok, args)
        if not ok:
            failures.append(path)
            if not args.keep_going:
                break
    total = time.monotonic() - t_all
    status = "FAILED: " + ", ".join(p.name for p in failures) if failures else "all ok"
    print(f"== {len(args.notebooks)} notebook(s), {total:.1f} s, {status}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
