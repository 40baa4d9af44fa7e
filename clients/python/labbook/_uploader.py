"""The background thread: batches what the run logs and gets it to the server or the spool.

Invariant: until the server has answered 2xx (or refused it), every point and update is
held by the inbox (memory), the thread's queue (one record at a time) or the spool file.
A record leaves the queue only after that answer or once it is written to the spool;
spooled records are delivered in file order and the file is deleted only when all are.
Batch ids make a record that is sent twice (a lost answer, a resend from the spool) land
once.
"""

from __future__ import annotations

import collections
import logging
import threading
import time

from ._backoff import backoff_delay
from ._deliver import Deliverer, RunRef, describe
from ._http import DROP, HALT, RETRY, RequestFailed, Transport
from ._spool import Spool
from ._values import BATCH_MAX_POINTS, split_batches

log = logging.getLogger("labbook")

ONLINE = "online"
OFFLINE = "offline"  # the server did not answer: spool everything, retry with backoff
HALTED = "halted"  # the server refused our credentials or run: spool everything, stop sending

FLUSH_INTERVAL = 0.25
HEARTBEAT_INTERVAL = 30.0
#: Points held in memory before the logging thread spills them to the spool itself.
MAX_QUEUE_POINTS = 200_000
#: While finishing and failing, the longest wait between attempts.
FINISH_RETRY_CAP = 2.0


class Uploader:
    """Owns the inbox, the spool and the thread that empties them."""

    def __init__(
        self,
        transport: Transport,
        ref: RunRef,
        spool: Spool,
        *,
        offline: bool = False,
        connected: bool = True,
        finish_timeout: float = 3.0,
        retry_cap: float = 30.0,
        max_queue_points: int = MAX_QUEUE_POINTS,
        flush_interval: float = FLUSH_INTERVAL,
        heartbeat_interval: float = HEARTBEAT_INTERVAL,
    ):
        self.transport = transport
        self.ref = ref
        self.spool = spool
        self.offline_mode = offline
        self.finish_timeout = finish_timeout
        self.retry_cap = retry_cap
        self.max_queue_points = max_queue_points
        self.flush_interval = flush_interval
        self.heartbeat_interval = heartbeat_interval
        self.deliverer = Deliverer(transport, ref, on_created=self._created)

        self._lock = threading.Lock()
        self._inbox: collections.deque = collections.deque()  # point tuples and update dicts, in order
        self._inbox_points = 0
        self._closed = False
        self._abandoned = False
        self._spilled_warned = False

        self._queue: collections.deque = collections.deque()  # owned by the thread
        self.state = HALTED if offline else ONLINE if connected else OFFLINE
        self._attempts = 0 if connected else 1
        self._next_attempt = 0.0 if connected else time.monotonic() + backoff_delay(0, cap=retry_cap)
        self._next_heartbeat = time.monotonic() + heartbeat_interval
        self._deadline = float("inf")
        self._finishing = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._main, name="labbook-uploader", daemon=True)

    # ── called from user threads ───────────────────────────────────────────────────────

    def start(self) -> None:
        self._thread.start()

    def put_points(self, points: list) -> None:
        """Enqueues points; never waits for the network. Spills to the spool if far behind."""
        if not points:
            return
        spill = None
        with self._lock:
            if self._closed:
                return
            self._inbox.extend(points)
            self._inbox_points += len(points)
            wake = self._inbox_points >= BATCH_MAX_POINTS
            if self._inbox_points > self.max_queue_points:
                spill = [p for p in self._inbox if not isinstance(p, dict)]
                self._inbox = collections.deque(p for p in self._inbox if isinstance(p, dict))
                self._inbox_points = 0
        if spill:
            self._spill(spill)
        if wake:
            self._wake.set()

    def put_update(self, record: dict, *, final: bool = False) -> None:
        with self._lock:
            if self._closed and not final:
                return
            self._inbox.append(record)
        self._wake.set()

    def _spill(self, points: list) -> None:
        if not self._spilled_warned:
            self._spilled_warned = True
            log.warning("labbook: uploading is behind (%d points waiting); keeping them in %s until sent", len(points), self.spool.path)
        self._write_spool(split_batches(points))
        self._wake.set()

    def close(self) -> None:
        """Sends what is left, giving up after `finish_timeout` seconds without progress."""
        with self._lock:
            self._closed = True
        self._deadline = time.monotonic() + self.finish_timeout
        self._finishing.set()
        self._wake.set()
        try:
            while self._thread.is_alive():
                self._thread.join(0.25)
                if time.monotonic() > self._deadline + self.transport.timeout + 5:
                    log.warning("labbook: the upload is stuck; leaving what remains in %s", self.spool.path)
                    self._abandon()
                    break
        except KeyboardInterrupt:
            self._abandon()
            raise
        finally:
            self._report_leftovers()
            self.spool.close()

    def _abandon(self) -> None:
        """Moves everything still in memory to the spool; the thread, if it wakes, stops."""
        with self._lock:
            self._abandoned = True
            items = list(self._queue) + list(self._inbox)
            self._inbox.clear()
            self._inbox_points = 0
        self._write_spool(_to_records(items))

    def _report_leftovers(self) -> None:
        if not self.spool.has_backlog():
            return
        if self.offline_mode:
            log.warning("labbook: offline run saved to %s; upload it with `python -m labbook sync`", self.spool.path)
        else:
            log.warning(
                "labbook: not everything reached %s; the rest is in %s. Upload it with `python -m labbook sync`",
                self.transport.url,
                self.spool.path,
            )

    # ── the background thread ──────────────────────────────────────────────────────────

    def _main(self) -> None:
        wait = self.flush_interval
        while True:
            self._wake.wait(wait)
            self._wake.clear()
            if self._abandoned:
                return
            finishing = self._finishing.is_set()
            try:
                self._pump()
                if self.state != HALTED and self.spool.has_backlog() and (finishing or time.monotonic() >= self._next_attempt):
                    self._drain()
                self._heartbeat_if_due()
            except Exception:  # noqa: BLE001 - a bug here must not kill the thread and lose the data
                log.warning("labbook: unexpected error in the uploader; data stays queued", exc_info=True)
                self._go_offline(None)
            if finishing:
                if self._finished():
                    return
                now = time.monotonic()
                wait = 0.0 if self.state == ONLINE else max(0.0, min(FINISH_RETRY_CAP, self._next_attempt - now, self._deadline - now))
            else:
                wait = self.flush_interval

    def _finished(self) -> bool:
        with self._lock:
            empty = not self._inbox and not self._queue
        if empty and not self.spool.has_backlog():
            return True
        if self.state == HALTED or time.monotonic() >= self._deadline:
            self._spool_all()  # normally already done by _pump; never leave data only in memory
            return True
        return False

    def _take(self) -> dict | None:
        """The next record from the inbox: up to a batch of points, or one update."""
        with self._lock:
            if not self._inbox:
                return None
            if isinstance(self._inbox[0], dict):
                return self._inbox.popleft()
            points = []
            while self._inbox and len(points) < BATCH_MAX_POINTS and not isinstance(self._inbox[0], dict):
                points.append(self._inbox.popleft())
            self._inbox_points -= len(points)
        return split_batches(points)[0]

    def _pump(self) -> None:
        """Sends the inbox in order while the server answers; otherwise moves it to the spool."""
        while not self._abandoned:
            if self.state != ONLINE or self.ref.id is None or self.spool.has_backlog():
                self._spool_all()
                return
            if not self._queue:
                record = self._take()
                if record is None:
                    return
                with self._lock:
                    self._queue.append(record)
            record = self._queue[0]
            try:
                self.deliverer.apply(record, self._request_timeout())
                self._contact()
            except RequestFailed as failure:
                if failure.action == RETRY:
                    self._go_offline(failure)
                    continue
                if failure.action == HALT:
                    self._halt(failure)
                    continue
                log.warning("labbook: the server refused %s and it was dropped: %s", describe(record), failure)
            with self._lock:
                self._queue.popleft()

    def _spool_all(self) -> None:
        with self._lock:
            items = list(self._queue) + list(self._inbox)
            self._queue.clear()
            self._inbox.clear()
            self._inbox_points = 0
        if items:
            self._write_spool(_to_records(items))

    def _write_spool(self, records: list[dict]) -> None:
        try:
            self.spool.append(records)
        except OSError as error:
            lost = sum(len(s["values"]) for r in records for s in r.get("series", ()))
            log.warning("labbook: could not write the spool %s (%s); %d points and %d updates are lost", self.spool.path, error, lost, len(records))

    def _drain(self) -> None:
        """Delivers the spool in order; when it is all delivered the file goes and we are online."""
        while not self._abandoned:
            items = self.spool.read_unsent()
            if not items:
                if self.spool.discard_if_delivered():
                    if self.state == OFFLINE:
                        log.warning("labbook: reconnected to %s; the spooled data is uploaded", self.transport.url)
                    self.state = ONLINE
                    self._attempts = 0
                return
            failure = self.deliverer.deliver(items, self.spool.mark_sent, self._request_timeout, self._contact)
            if failure is None:
                continue
            if failure.action == HALT or failure.action == DROP:
                self._halt(failure)
            else:
                self._go_offline(failure)
            return

    def _heartbeat_if_due(self) -> None:
        now = time.monotonic()
        if self.state != ONLINE or self.ref.id is None or now < self._next_heartbeat:
            return
        self._next_heartbeat = now + self.heartbeat_interval
        try:
            self.transport.request("POST", f"/api/v1/runs/{self.ref.id}/heartbeat", {}, self._request_timeout())
        except RequestFailed as failure:
            log.debug("labbook: heartbeat failed: %s", failure)

    # ── state ──────────────────────────────────────────────────────────────────────────

    def _request_timeout(self) -> float:
        if not self._finishing.is_set():
            return self.transport.timeout
        return min(self.transport.timeout, max(2.0, self._deadline - time.monotonic()))

    def _contact(self) -> None:
        now = time.monotonic()
        self._next_heartbeat = now + self.heartbeat_interval
        if self._finishing.is_set():
            self._deadline = max(self._deadline, now + self.finish_timeout)

    def _go_offline(self, failure: RequestFailed | None) -> None:
        if self.state == ONLINE and failure is not None:
            log.warning(
                "labbook: cannot reach %s (%s); keeping data in %s and retrying in the background",
                self.transport.url,
                failure,
                self.spool.path,
            )
        if self.state != HALTED:
            self.state = OFFLINE
        delay = backoff_delay(self._attempts, cap=self.retry_cap, retry_after=failure.retry_after if failure else None)
        self._attempts += 1
        self._next_attempt = time.monotonic() + delay

    def _halt(self, failure: RequestFailed) -> None:
        if self.state != HALTED:
            log.warning(
                "labbook: %s refused this run (%s); no more uploads from this process. The data is kept in %s: "
                "fix the cause, then run `python -m labbook sync`",
                self.transport.url,
                failure,
                self.spool.path,
            )
        self.state = HALTED

    def _created(self, created: dict) -> None:
        log.warning("labbook: the server is back; run created at %s", created.get("runUrl"))
        self._write_spool([created])


def _to_records(items: list) -> list[dict]:
    """Inbox items as spool records: runs of points become batches; updates keep their place."""
    records: list[dict] = []
    points: list = []
    for item in items:
        if isinstance(item, dict):
            if points:
                records.extend(split_batches(points))
                points = []
            records.append(item)
        else:
            points.append(item)
    if points:
        records.extend(split_batches(points))
    return records
