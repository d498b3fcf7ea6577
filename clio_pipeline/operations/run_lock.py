"""An OS file lock that serialises CLI runs on one warehouse and dies with the process holding it.

`fcntl.flock` is released by the kernel when its holder exits, however it exits (SIGKILL included),
so a killed run can never leave the lock taken. The holder writes who it is into the lock file, so
that a run that has to wait can say for whom, and gives up with a clear error after a timeout.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path


class RunLockTimeout(RuntimeError):
    """Another run kept the lock for longer than we were willing to wait."""


def lock_path_for(warehouse: str | Path) -> Path:
    """The lock file of a warehouse: beside it, so every process using that warehouse finds the same one."""
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(warehouse.name + ".run.lock")


def describe_holder(path: Path) -> str:
    """Who holds (or last held) the lock, as written by the holder."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder.get("pid"):
        return "another run (pid not recorded yet)"
    return (f"pid {holder['pid']} on {holder.get('host', '?')} (`{holder.get('command', '?')}`, "
            f"since {holder.get('since', '?')})")


@contextmanager
def run_lock(
    warehouse: str | Path,
    *,
    timeout_s: float,
    echo: Callable[[str], None] = print,
    poll_s: float = 0.5,
    remind_every_s: float = 60.0,
) -> Iterator[Path]:
    """Hold the warehouse's run lock for the duration of the block, waiting at most `timeout_s` for it."""
    path = lock_path_for(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, timeout_s=timeout_s, echo=echo, poll_s=poll_s, remind_every_s=remind_every_s)
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "?",
              "since": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock; the file stays for the next holder


def _acquire(fd: int, path: Path, *, timeout_s: float, echo: Callable[[str], None], poll_s: float,
             remind_every_s: float) -> None:
    began = time.monotonic()
    next_message = began
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        waited = now - began
        if waited >= timeout_s:
            raise RunLockTimeout(
                f"Gave up after {waited:.0f} s waiting for {describe_holder(path)} to finish with this warehouse "
                f"(lock {path}). If that run is stuck, stop it; a stopped or killed run releases the lock at "
                f"once. To wait longer, raise CLIO_RUN_LOCK_TIMEOUT_S (now {timeout_s:.0f})."
            )
        if now >= next_message:
            echo(f"Waiting for {describe_holder(path)} to finish with this warehouse (lock {path}); "
                 f"waited {waited:.0f} s, giving up after {timeout_s:.0f} s (CLIO_RUN_LOCK_TIMEOUT_S).")
            next_message = now + remind_every_s
        time.sleep(max(0.0, min(poll_s, timeout_s - waited)))
