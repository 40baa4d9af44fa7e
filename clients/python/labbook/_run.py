"""`labbook.init` and the Run it returns."""

from __future__ import annotations

import atexit
import logging
import os
import re
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping

from ._backoff import backoff_delay
from ._deliver import RunRef
from ._http import RETRY, RequestFailed, Transport
from ._repro import collect_repro
from ._spool import Spool, default_spool_dir, header_record
from ._uploader import Uploader
from ._values import (
    StepCounter,
    cap_param,
    check_step,
    chunk_params,
    config_to_params,
    encode_value,
    flatten,
    key_problem,
)

log = logging.getLogger("labbook")

DEFAULT_URL = "http://localhost:3000"
FINAL_STATUSES = ("finished", "failed", "killed")
_PROJECT = re.compile(r"^[^/]+/[^/]+$")
#: How long `init` waits for a struggling server before going on offline.
INIT_REQUEST_TIMEOUT = 10.0


class LabbookError(Exception):
    """The server refused to start the run (bad API key, no access, invalid input)."""


def _env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
        if value >= 0:
            return value
    except ValueError:
        pass
    log.warning("labbook: ignoring %s=%r (expected seconds)", name, raw)
    return default


def _check_tags(tags: Any) -> list[str]:
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise TypeError("tags must be a list of strings")
    out = list(tags)
    for tag in out:
        if not isinstance(tag, str) or not tag or len(tag) > 250:
            raise ValueError(f"each tag must be a string of 1–250 characters, got {tag!r}")
    return out


class Run:
    """A run being logged. Create it with `labbook.init`; all methods are safe from any thread."""

    def __init__(self, ref: RunRef, project: str, uploader: Uploader):
        self._ref = ref
        self.project = project
        self._uploader = uploader
        self._steps = StepCounter()
        self._keys: set[str] = set()  # keys already found valid
        self._lock = threading.Lock()
        self._finished = False
        self._pid = os.getpid()
        self._warned: set[str] = set()

    @property
    def id(self) -> str | None:
        """The run's id on the server; None while the server has not been reached."""
        return self._ref.id

    @property
    def url(self) -> str | None:
        """The run's page; None while the server has not been reached."""
        return self._ref.url

    @property
    def name(self) -> str | None:
        return self._ref.name

    @property
    def spool_path(self) -> Path:
        """Where this run keeps what the server has not received yet."""
        return self._uploader.spool.path

    def log(self, data: Mapping[str, Any], step: int | None = None) -> None:
        """Queues metric values; returns at once. Nested mappings become `outer/inner` keys.

        `step=None` gives each key its next step (one past its highest). Values that are
        not numbers are skipped with a warning; NaN and infinities are kept.
        """
        try:
            if not self._usable("log"):
                return
            if not isinstance(data, Mapping):
                self._warn_once("log() takes a mapping of key to number", f"type:{type(data).__name__}")
                return
            if step is not None:
                try:
                    step = check_step(step)
                except (TypeError, ValueError) as error:
                    self._warn_once(f"log() skipped: {error}", f"step:{error}")
                    return
            ts = int(time.time() * 1000)
            points = []
            with self._lock:
                for key, value in flatten(data):
                    if key not in self._keys:
                        problem = key_problem(key)
                        if problem:
                            self._warn_once(f"skipping key {key!r}: {problem}", f"key:{key!r}")
                            continue
                        self._keys.add(key)
                    try:
                        encoded = encode_value(value)
                    except (TypeError, ValueError, OverflowError) as error:
                        self._warn_once(f"skipping {key!r}: {error}", f"value:{key}")
                        continue
                    points.append((key, self._steps.assign(key, step), encoded, ts))
            self._uploader.put_points(points)
        except Exception:  # noqa: BLE001 - logging must never crash training
            log.warning("labbook: log() failed", exc_info=True)

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Adds params (hyperparameters). Params are write-once per key on the server."""
        try:
            if not self._usable("log_params"):
                return
            for chunk in chunk_params(_capped(config_to_params(params))):
                self._uploader.put_update({"type": "params", "params": chunk})
        except Exception as error:  # noqa: BLE001 - logging must never crash training
            log.warning("labbook: log_params() failed: %s", error)

    def set_tags(self, tags: Iterable[str]) -> None:
        """Replaces the run's tags."""
        try:
            if self._usable("set_tags"):
                self._uploader.put_update({"type": "tags", "tags": _check_tags(tags)})
        except Exception as error:  # noqa: BLE001 - logging must never crash training
            log.warning("labbook: set_tags() failed: %s", error)

    def finish(self, status: str = "finished") -> None:
        """Marks the run ended and waits until everything is uploaded or safely spooled.

        `status` is `finished`, `failed` or `killed`. Calling it again does nothing.
        """
        if os.getpid() != self._pid:
            return
        with self._lock:
            if self._finished:
                return
            self._finished = True
        atexit.unregister(self._at_exit)
        if status not in FINAL_STATUSES:
            log.warning("labbook: finish(status=%r) is not one of %s; using 'finished'", status, ", ".join(FINAL_STATUSES))
            status = "finished"
        try:
            self._uploader.put_update({"type": "status", "status": status}, final=True)
            self._uploader.close()
        except KeyboardInterrupt:
            raise
        except Exception:  # noqa: BLE001 - logging must never crash training
            log.warning("labbook: finish() failed", exc_info=True)

    def __enter__(self) -> Run:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if exc_type is None:
            self.finish("finished")
        elif issubclass(exc_type, KeyboardInterrupt):
            self.finish("killed")
        else:
            self.finish("failed")
        return False

    def _at_exit(self) -> None:
        uncaught = _uncaught[0]
        self.finish("finished" if uncaught is None else "killed" if issubclass(uncaught, KeyboardInterrupt) else "failed")

    def _usable(self, method: str) -> bool:
        if os.getpid() != self._pid:
            self._warn_once(f"{method}() from a forked process is ignored; log from the process that called init()", "fork")
            return False
        if self._finished:
            self._warn_once(f"{method}() after finish() is ignored", f"finished:{method}")
            return False
        return True

    def _warn_once(self, message: str, key: str) -> None:
        if key in self._warned or len(self._warned) > 1000:
            return
        self._warned.add(key)
        log.warning("labbook: %s", message)

    def __repr__(self) -> str:
        return f"<labbook.Run {self.project} id={self.id} url={self.url}>"


def _capped(params: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in params.items():
        out[key], truncated = cap_param(value)
        if truncated:
            log.warning("labbook: param %r is too large for the server; keeping its first characters", key)
    return out


# The type of an exception that ended the program, so the exit hook can mark the run failed.
_uncaught: list = [None]
_hook_installed = False


def _install_excepthook() -> None:
    global _hook_installed
    if _hook_installed:
        return
    _hook_installed = True
    previous = sys.excepthook

    def hook(exc_type: Any, exc: Any, tb: Any) -> None:
        _uncaught[0] = exc_type
        previous(exc_type, exc, tb)

    sys.excepthook = hook


def _create_run(transport: Transport, ref: RunRef, body: dict, budget: float) -> bool:
    """Tries to create the run within `budget` seconds; raises LabbookError if refused."""
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            answer = transport.request("POST", "/api/v1/runs", body, timeout=INIT_REQUEST_TIMEOUT)
        except RequestFailed as failure:
            if failure.action != RETRY:
                raise LabbookError(f"{transport.url} refused to start the run: {failure}") from None
            delay = backoff_delay(attempt, retry_after=failure.retry_after)
            attempt += 1
            if time.monotonic() - started + delay > budget:
                log.warning(
                    "labbook: cannot reach %s (%s); logging goes on offline and the run is created when the server is back",
                    transport.url,
                    failure,
                )
                return False
            time.sleep(delay)
            continue
        if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
            raise LabbookError(f"{transport.url} did not answer like a Labbook server (is LABBOOK_URL right?)")
        ref.id, ref.url, ref.name = answer["id"], answer.get("url"), answer.get("name")
        return True


def init(
    project: str | None = None,
    name: str | None = None,
    config: Any = None,
    tags: Iterable[str] | None = None,
    notes: str | None = None,
    group: str | None = None,
    seed: Any = None,
    *,
    url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    spool_dir: str | os.PathLike | None = None,
    capture_repro: bool = True,
) -> Run:
    """Starts a run in `project` ("<workspace>/<project>") and returns it.

    Settings not passed come from LABBOOK_PROJECT, LABBOOK_URL, LABBOOK_API_KEY,
    LABBOOK_MODE (`online` or `offline`) and LABBOOK_SPOOL_DIR. Raises ValueError or
    TypeError for bad arguments and LabbookError when the server refuses the run; once
    init has returned, nothing the run does raises.
    """
    project = project or os.environ.get("LABBOOK_PROJECT")
    if not project or not _PROJECT.match(project):
        raise ValueError(f'project must look like "<workspace>/<project>" (or set LABBOOK_PROJECT), got {project!r}')
    mode = mode or os.environ.get("LABBOOK_MODE") or "online"
    if mode not in ("online", "offline"):
        raise ValueError(f'mode must be "online" or "offline", got {mode!r}')
    base_url = (url or os.environ.get("LABBOOK_URL") or DEFAULT_URL).rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ValueError(f"the Labbook URL must start with http:// or https://, got {base_url!r}")
    api_key = api_key or os.environ.get("LABBOOK_API_KEY")
    if mode == "online" and not api_key:
        raise ValueError("no API key: pass api_key= or set LABBOOK_API_KEY (create one in Settings → API keys)")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError("name must be a non-empty string")
    tag_list = _check_tags(tags) if tags is not None else []
    param_chunks = chunk_params(_capped(config_to_params(config)))

    # The run's id is chosen here, so a create retried after a lost answer (or replayed
    # from the spool by `sync`) finds the same run instead of making a second one.
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "project": project,
        "params": param_chunks[0] if param_chunks else {},
        "tags": tag_list,
    }
    if name is not None:
        body["name"] = name
    if notes is not None:
        body["notes"] = str(notes)
    if group is not None:
        body["group"] = str(group)
    body["repro"] = collect_repro(seed) if capture_repro else ({"seed": seed} if seed is not None else {})

    transport = Transport(base_url, api_key)
    ref = RunRef(name=name)
    connected = mode == "online" and _create_run(transport, ref, body, _env_seconds("LABBOOK_INIT_TIMEOUT", 2.0))
    if connected:
        log.info("labbook: run %s at %s", ref.name, ref.url)
    directory = Path(spool_dir).expanduser() if spool_dir else default_spool_dir()
    spool_name = ref.id if ref.id else f"local-{uuid.uuid4().hex}"
    spool = Spool(directory / f"{spool_name}.jsonl", header=lambda: header_record(base_url, body, ref.id, ref.url))
    uploader = Uploader(
        transport,
        ref,
        spool,
        offline=mode == "offline",
        connected=connected,
        finish_timeout=_env_seconds("LABBOOK_FINISH_TIMEOUT", 3.0),
        retry_cap=max(0.5, _env_seconds("LABBOOK_RETRY_MAX_SECONDS", 30.0)),
    )
    if not connected:
        try:
            spool.append([])  # the header alone: `sync` can create the run even if we die now
        except OSError as error:
            log.warning("labbook: cannot write the spool %s (%s); data logged before the server is back may be lost", spool.path, error)
    run = Run(ref, project, uploader)
    for chunk in param_chunks[1:]:
        uploader.put_update({"type": "params", "params": chunk})
    uploader.start()
    _install_excepthook()
    atexit.register(run._at_exit)
    return run
