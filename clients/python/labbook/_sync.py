"""`python -m labbook sync`: uploads spools that ended processes left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterator, TextIO

from ._backoff import backoff_delay
from ._deliver import Deliverer, RunRef
from ._http import RETRY, RequestFailed, Transport
from ._spool import SpoolBusy, SpoolFile, default_spool_dir


def sync(
    paths: list[Path] | None = None,
    directory: Path | None = None,
    url: str | None = None,
    api_key: str | None = None,
    timeout: float = 30.0,
    out: TextIO | None = None,
) -> int:
    """Uploads each spool file and deletes it once delivered; returns a process exit code."""
    import sys

    out = out or sys.stdout
    api_key = api_key or os.environ.get("LABBOOK_API_KEY")
    if not api_key:
        print("labbook sync: no API key; set LABBOOK_API_KEY", file=sys.stderr)
        return 2
    directory = directory or default_spool_dir()
    files = paths if paths else sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if not files:
        print(f"Nothing to sync in {directory}", file=out)
        return 0
    failed = 0
    for path in files:
        try:
            spool = SpoolFile(path)
        except SpoolBusy:
            print(f"Skipped {path}: a running process is still writing it", file=out)
            continue
        except FileNotFoundError:
            continue
        try:
            if not _sync_file(spool, url or os.environ.get("LABBOOK_URL"), api_key, timeout, out):
                failed += 1
        finally:
            spool.close()
    return 1 if failed else 0


def _sync_file(spool: SpoolFile, url: str | None, api_key: str, timeout: float, out: TextIO) -> bool:
    header = next(iter(spool.records()), (None, 0))[0]
    if not header or header.get("type") != "run":
        print(f"Skipped {spool.path}: not a Labbook spool file", file=out)
        return False
    ref = RunRef()
    # A `created` line anywhere means the run exists: never create it twice.
    for record, _ in spool.records():
        if record and record.get("type") == "created":
            ref.learn(record)
            break
    ref.learn(header)
    transport = Transport(url or header.get("url") or "http://localhost:3000", api_key)
    deliverer = Deliverer(transport, ref, on_created=lambda created: spool.append([created]))
    done = 0

    def mark(offset: int) -> None:
        nonlocal done
        done = offset

    def remaining() -> Iterator:
        return ((r, end) for r, end in spool.records() if end > done)

    started = time.monotonic()
    attempt = 0
    while True:
        failure = deliverer.deliver(remaining(), mark)
        if failure is None:
            spool.delete()
            print(
                f"Synced {spool.path.name}: {deliverer.points_accepted} new points "
                f"({deliverer.points_sent} sent) to {ref.url or transport.url}",
                file=out,
            )
            return True
        delay = backoff_delay(attempt, retry_after=failure.retry_after)
        attempt += 1
        if failure.action != RETRY or time.monotonic() - started + delay > timeout:
            print(f"Could not sync {spool.path}: {_explain(failure)}; it is kept for the next sync", file=out)
            return False
        time.sleep(delay)


def _explain(failure: RequestFailed) -> str:
    if failure.status == 401:
        return f"{failure} (check LABBOOK_API_KEY)"
    if failure.status in (403, 404):
        return f"{failure} (check LABBOOK_URL, the project and your role)"
    return str(failure)
