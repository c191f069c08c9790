"""Execute one notebook with nbclient, detect tslab's quiet errors, write results.

Helper module of run_notebooks.py (kept separate so each file stays small).
"""
import asyncio
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

# tslab prints compile diagnostics as "[file.ts ]L:C - message" and async errors with
# these prefixes; for `@module` cells and async errors the reply status stays 'ok'
# (verified with tslab 1.0.22).
DIAGNOSTIC_RE = re.compile(r"^(?:\S+\.[cm]?[jt]sx? )?\d+:\d+ - ", re.M)
ASYNC_ERROR_RE = re.compile(r"^(?:UncaughtException|UnhandledPromiseRejection):", re.M)
# Executed (unrecorded) after the last cell so that late async errors surface.
DRAIN_CODE = "await new Promise<void>((r) => setTimeout(r, 500));"


class QuietCellError(Exception):
    """A cell replied 'ok' but its stderr shows a real error."""


def stderr_text(cell):
    """All stderr stream text of a cell (tslab's only error channel)."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def quiet_error(text):
    """True if stderr text holds a compile diagnostic or an uncaught async error."""
    return bool(DIAGNOSTIC_RE.search(text) or ASYNC_ERROR_RE.search(text))


class Progress:
    """One line per executed code cell, plus a heartbeat every 30 s for long cells."""

    def __init__(self, name, total):
        self.name, self.total = name, total
        self.t0 = self.cell_t0 = time.monotonic()
        self.current = None
        self._beat_task = None

    def log(self, msg):
        print(f"[{self.name}] {msg}", flush=True)

    async def _beat(self, index):
        while True:
            await asyncio.sleep(30)
            self.log(f"cell {index + 1}/{self.total} still running "
                     f"({time.monotonic() - self.cell_t0:.0f} s)")

    def kernel_ready(self, **_):
        self.log(f"kernel ready in {time.monotonic() - self.t0:.1f} s")

    def start(self, cell, cell_index, **_):
        self.current, self.cell_t0 = cell_index, time.monotonic()
        self._beat_task = asyncio.ensure_future(self._beat(cell_index))

    def stop(self, status):
        if self._beat_task:
            self._beat_task.cancel()
            self._beat_task = None
        now = time.monotonic()
        self.log(f"cell {self.current + 1:>2}/{self.total} {status:<5} "
                 f"{now - self.cell_t0:7.2f} s   (elapsed {now - self.t0:.1f} s)")


def make_executed_hook(progress, policy):
    """on_cell_executed hook: log progress; escalate quiet errors per policy."""
    def hook(cell, cell_index, execute_reply, **_):
        status = (execute_reply or {}).get("content", {}).get("status", "?")
        quiet = status == "ok" and quiet_error(stderr_text(cell))
        progress.stop("ERROR" if status == "error" or (quiet and policy == "fail")
                      else "warn" if quiet and policy == "warn" else status)
        if quiet and policy == "fail":
            raise QuietCellError("reply status 'ok' but stderr shows an error")
        if quiet and policy == "warn":
            print(f"[{progress.name}] warning: cell {cell_index + 1} stderr:\n"
                  f"{stderr_text(cell).rstrip()}", file=sys.stderr, flush=True)
    return hook


async def drain_late_errors(client, nb, policy):
    """Give late timers/rejections a chance to print, attribute them to the last cell.

    Reads iopub directly: a late error may be printed with the LAST cell as its parent (it fires
    between that cell's reply and the drain), and execute_interactive would drop such messages.
    """
    chunks = []
    msg_id = client.kc.execute(DRAIN_CODE, store_history=False)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            msg = await ensure_async(client.kc.get_iopub_msg(timeout=1))
        except Exception:  # queue.Empty: keep waiting for the drain's idle status
            continue
        content = msg["content"]
        if msg["msg_type"] == "stream" and content.get("name") == "stderr":
            chunks.append(content["text"])
        if (msg["msg_type"] == "status" and content.get("execution_state") == "idle"
                and msg["parent_header"].get("msg_id") == msg_id):
            break
    text = "".join(chunks)
    if text and quiet_error(text) and policy != "ignore":
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        if code:  # keep the evidence in the saved notebook
            nb.cells[code[-1]].outputs.append(
                nbformat.v4.new_output("stream", name="stderr", text=text))
        if policy == "fail":
            raise QuietCellError("late async error after the last cell (it may come "
                                 "from any earlier cell):\n" + text)


async def run_cells(client, nb, policy):
    """Like NotebookClient.async_execute, plus the late-error drain before shutdown."""
    client.reset_execution_trackers()
    async with client.async_setup_kernel():
        msg_id = await ensure_async(client.kc.kernel_info())
        info = await client.async_wait_for_reply(msg_id)
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(
                cell, index, execution_count=client.code_cells_executed + 1)
        await drain_late_errors(client, nb, policy)


def cell_timeout(default):
    """Per-cell timeout: a cell's `metadata.timeout` (seconds) overrides --timeout."""
    def timeout_of(cell):
        value = cell.get("metadata", {}).get("timeout", default)
        return None if value is None else int(value)
    return timeout_of


def print_failure(name, nb, index, reason):
    """The failing cell's position, source and stderr: tslab's only error text."""
    err = sys.stderr
    total = len(nb.cells)
    if index is None or index >= total:
        print(f"\n✗ {name}: failed before any cell ran: {reason}", file=err, flush=True)
        return
    print(f"\n✗ {name}: cell {index + 1}/{total} failed (index {index}): {reason}", file=err)
    cell = nb.cells[index]
    print("---- cell source " + "-" * 40, file=err)
    print(cell.source, file=err)
    print("---- cell stderr " + "-" * 40, file=err)
    print(stderr_text(cell).rstrip() or "(no stderr output)", file=err)
    print("-" * 57, file=err, flush=True)


def execute_notebook(path, args, params):
    """Run all cells of `path` in its folder; returns (ok, executed notebook)."""
    nb = nbformat.read(str(path), as_version=4)
    name = path.stem
    progress = Progress(name, len(nb.cells))
    progress.log(f"{len(nb.cells)} cells, kernel {args.kernel}, cwd {path.parent}")
    client = NotebookClient(
        nb, kernel_name=args.kernel, timeout=args.timeout, timeout_func=cell_timeout(args.timeout),
        startup_timeout=args.startup_timeout, record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_notebook_start=progress.kernel_ready, on_cell_execute=progress.start,
        on_cell_executed=make_executed_hook(progress, args.stderr_errors))
    nb.metadata["sharpness_lab"] = {"parameters": dict(params)}
    try:
        asyncio.run(run_cells(client, nb, args.stderr_errors))
    except (CellExecutionError, QuietCellError, CellTimeoutError, DeadKernelError) as e:
        reason = {CellExecutionError: "reply status 'error'",
                  CellTimeoutError: "cell timed out (--timeout or cell metadata 'timeout')",
                  DeadKernelError: "kernel died"}.get(type(e), str(e))
        if isinstance(e, (CellTimeoutError, DeadKernelError)):
            progress.stop("ERROR")
        if isinstance(e, DeadKernelError):  # lets the caller retry (see run_notebooks.py --retries)
            nb.metadata["sharpness_lab"]["kernel_died"] = True
        print_failure(name, nb, progress.current, reason)
        return False, nb
    except Exception as e:  # kernel start-up problems, e.g. npx cannot find tslab
        print(f"\n✗ {name}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return False, nb
    progress.log(f"done in {time.monotonic() - progress.t0:.1f} s")
    return True, nb
