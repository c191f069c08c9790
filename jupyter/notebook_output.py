"""Write executed notebooks, `.failed.ipynb` files and HTML reports (helper of run_notebooks.py)."""
import sys

import nbformat


def _html(nb, name):
    # Imported lazily: nbconvert's import costs about a second.
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def _remove(path):
    if path.exists():
        path.unlink()


def write_outputs(path, nb, ok, args):
    """Executed notebook: in place or --output-dir; on failure `<name>.failed.ipynb` next to it.

    Reports go to `<report-dir>/<name>.html` (`<name>.failed.html` on failure). A success
    removes stale `.failed` files of the same notebook; a failure never overwrites the
    source notebook or the last good report.
    """
    name = path.stem
    out_dir = args.output_dir or path.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    failed_nb = out_dir / f"{name}.failed.ipynb"
    if ok and not args.no_write:
        nbformat.write(nb, str(out_dir / path.name))
        _remove(failed_nb)
    elif not ok:
        nbformat.write(nb, str(failed_nb))
        print(f"[{name}] saved {failed_nb}", file=sys.stderr, flush=True)
    if args.no_report:
        return
    args.report_dir.mkdir(parents=True, exist_ok=True)
    report = args.report_dir / (f"{name}.html" if ok else f"{name}.failed.html")
    report.write_text(_html(nb, name), encoding="utf-8")
    if ok:
        _remove(args.report_dir / f"{name}.failed.html")
    print(f"[{name}] report {report}", flush=True)
