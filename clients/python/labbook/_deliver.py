"""Sending recorded requests to the server: shared by the background thread and `sync`."""

from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable

from ._http import DROP, RequestFailed, Transport
from ._values import point_count

log = logging.getLogger("labbook")


class RunRef:
    """What this client knows of its run on the server; `id` is None until the run exists."""

    def __init__(self, run_id: str | None = None, url: str | None = None, name: str | None = None):
        self.id = run_id
        self.url = url
        self.name = name
        self.lock = threading.Lock()

    def learn(self, record: dict) -> None:
        """Takes the id from a spool header or `created` record, if it carries one."""
        with self.lock:
            if self.id is None and record.get("runId"):
                self.id = record["runId"]
                self.url = record.get("runUrl")
                self.name = record.get("name") or self.name


def describe(record: dict) -> str:
    kind = record.get("type")
    if kind == "metrics":
        return f"a batch of {point_count(record)} points ({record.get('batchId')})"
    if kind == "run":
        return "the run's creation"
    return f"a {kind} update"


class Deliverer:
    """Applies spool records (and live ones of the same shape) to the run through the API."""

    def __init__(self, transport: Transport, ref: RunRef, on_created: Callable[[dict], None] | None = None):
        self.transport = transport
        self.ref = ref
        self._on_created = on_created
        self.points_sent = 0
        #: Points the server stored for the first time (not replays of a batch it already had).
        self.points_accepted = 0

    def create_run(self, body: dict, timeout: float | None = None) -> dict:
        answer = self.transport.request("POST", "/api/v1/runs", body, timeout=timeout)
        if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
            raise RequestFailed(f"{self.transport.url} did not answer like a Labbook server", DROP)
        created = {"type": "created", "runId": answer["id"], "runUrl": answer.get("url"), "name": answer.get("name")}
        with self.ref.lock:
            self.ref.id, self.ref.url, self.ref.name = answer["id"], answer.get("url"), answer.get("name")
        if self._on_created:
            self._on_created(created)
        return created

    def apply(self, record: dict, timeout: float | None = None) -> None:
        """Sends one record; raises RequestFailed."""
        kind = record.get("type")
        if kind in ("run", "created"):
            self.ref.learn(record)
            if kind == "run" and self.ref.id is None:
                self.create_run(record["create"], timeout)
            return
        run_id = self.ref.id
        if run_id is None:
            raise RequestFailed("the run does not exist yet", DROP)
        base = f"/api/v1/runs/{run_id}"
        if kind == "metrics":
            answer = self.transport.request("POST", f"{base}/metrics", {"batchId": record["batchId"], "series": record["series"]}, timeout)
            self.points_sent += point_count(record)
            if isinstance(answer, dict) and not answer.get("replayed"):
                self.points_accepted += int(answer.get("accepted") or 0)
        elif kind == "params":
            self.transport.request("POST", f"{base}/params", {"params": record["params"]}, timeout)
        elif kind == "tags":
            self.transport.request("PUT", f"{base}/tags", {"tags": record["tags"]}, timeout)
        elif kind == "status":
            self.transport.request("PATCH", base, {"status": record["status"]}, timeout)
        else:
            log.warning("labbook: ignoring an unknown spool record type %r", kind)

    def deliver(
        self,
        items: Iterable[tuple[dict | None, int]],
        mark: Callable[[int], None],
        timeout: Callable[[], float | None] = lambda: None,
        on_success: Callable[[], None] = lambda: None,
    ) -> RequestFailed | None:
        """Sends records in order, marking each delivered offset; returns the failure that stopped it.

        A refused record (400, 409, …) is dropped with a warning and delivery goes on; a
        refused run creation stops it, since nothing after it can land.
        """
        for record, end in items:
            if record is not None:
                try:
                    self.apply(record, timeout())
                    on_success()
                except RequestFailed as failure:
                    if failure.action != DROP or record.get("type") == "run":
                        return failure
                    log.warning("labbook: the server refused %s and it was dropped: %s", describe(record), failure)
            mark(end)
        return None
