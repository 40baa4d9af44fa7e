"""The spool: an append-only JSON-lines file of everything not yet on the server.

The first line is a header naming the run (its id, or the body to create it with); the
lines after it are requests in the order they were made: `metrics` (with their batch id),
`params`, `tags`, `status`, and `created` once the run exists. Every append is fsynced
before it counts as written, so a killed process loses nothing that reached the spool.
A live process holds an exclusive lock on its file, so `sync` leaves it alone.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, sync trusts the user
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("labbook")

SPOOL_VERSION = 1
#: How much of the file one read brings into memory.
READ_CHUNK_BYTES = 8 * 1024 * 1024


class SpoolBusy(OSError):
    """Another live process holds this spool file."""


def default_spool_dir() -> Path:
    configured = os.environ.get("LABBOOK_SPOOL_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".labbook" / "spool"


def encode_line(record: dict) -> bytes:
    return json.dumps(record, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"


def _lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def parse_line(line: bytes, path: Path | str, offset: int) -> dict | None:
    """The record on one line, or None (with a warning) when the line is damaged."""
    try:
        record = json.loads(line)
        if isinstance(record, dict):
            return record
    except ValueError:
        pass
    log.warning("labbook: skipping a damaged line at byte %d of %s", offset, path)
    return None


def read_lines(path: Path, start: int, end: int | None = None, max_bytes: int | None = None) -> Iterator[tuple[dict | None, int]]:
    """Yields (record or None if damaged, offset after the line) for complete lines from `start`.

    A last line without its newline was cut short by a crash and ends the file.
    """
    with open(path, "rb") as f:
        f.seek(start)
        offset = start
        while (end is None or offset < end) and (max_bytes is None or offset - start < max_bytes):
            line = f.readline()
            if not line.endswith(b"\n"):
                return
            yield parse_line(line, path, offset), offset + len(line)
            offset += len(line)


def _write_all(fd: int, data: bytes, size: int) -> None:
    """Appends and fsyncs; on failure cuts the file back to `size` so no half line remains."""
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass
        raise


class Spool:
    """One run's spool file, shared by the logging thread and the background thread.

    `header` builds the first line whenever the file is (re)created. The sent offset is
    how far this process has delivered; when it reaches the end the file is deleted.
    """

    def __init__(self, path: Path, header: Callable[[], dict]):
        self.path = Path(path)
        self._header = header
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._size = 0
        self._sent = 0

    def append(self, records: list[dict]) -> None:
        """Writes records durably (creating the file with its header first). Raises OSError."""
        with self._lock:
            if self._fd is None:
                self._open()
            lines = [encode_line(self._header())] if self._size == 0 else []
            lines.extend(encode_line(r) for r in records)
            data = b"".join(lines)
            if not data:
                return
            assert self._fd is not None
            _write_all(self._fd, data, self._size)
            self._size += len(data)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(str(self.path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if not _lock(fd):
            os.close(fd)
            raise SpoolBusy(f"{self.path} is in use by another process")
        self._fd = fd
        self._size = os.fstat(fd).st_size
        self._sent = 0

    def has_backlog(self) -> bool:
        with self._lock:
            return self._size > self._sent

    def read_unsent(self, max_bytes: int = READ_CHUNK_BYTES) -> list[tuple[dict | None, int]]:
        """Records after the sent offset (None for a damaged line), with the offset after each."""
        with self._lock:
            start, end = self._sent, self._size
        if end <= start:
            return []
        return list(read_lines(self.path, start, end, max_bytes))

    def mark_sent(self, offset: int) -> None:
        with self._lock:
            self._sent = max(self._sent, offset)

    def discard_if_delivered(self) -> bool:
        """Deletes the file when everything in it was delivered; True if nothing is left."""
        with self._lock:
            if self._size > self._sent:
                return False
            if self._fd is not None:
                os.unlink(str(self.path))
                os.close(self._fd)
                self._fd = None
            self._size = self._sent = 0
            return True

    def close(self) -> None:
        """Releases the file (and its lock), keeping whatever is undelivered."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class SpoolFile:
    """A spool left behind by a process that has ended, opened by `sync`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd = os.open(str(self.path), os.O_RDWR | os.O_APPEND)
        if not _lock(self._fd):
            os.close(self._fd)
            raise SpoolBusy(f"{self.path} is in use by a running process")

    def records(self) -> Iterator[tuple[dict | None, int]]:
        return read_lines(self.path, 0)

    def append(self, records: list[dict]) -> None:
        _write_all(self._fd, b"".join(encode_line(r) for r in records), os.fstat(self._fd).st_size)

    def delete(self) -> None:
        os.unlink(str(self.path))
        self.close()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None  # type: ignore[assignment]


def header_record(url: str, create: dict[str, Any], run_id: str | None, run_url: str | None) -> dict:
    return {"type": "run", "version": SPOOL_VERSION, "url": url, "runId": run_id, "runUrl": run_url, "create": create}
