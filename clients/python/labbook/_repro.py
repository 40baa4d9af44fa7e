"""What makes a run reproducible, captured at init. Every part is best effort and bounded in time."""

from __future__ import annotations

import logging
import os
import platform
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from typing import Any

log = logging.getLogger("labbook")

#: The diff of a dirty work tree is kept up to this many bytes.
MAX_DIFF_BYTES = 100_000
GIT_TIMEOUT_SECONDS = 3.0
#: Reading package metadata stops after this long (large environments are slow to scan).
PACKAGES_BUDGET_SECONDS = 0.5
MAX_PACKAGES = 2000


def collect_repro(seed: Any = None, cwd: str | None = None) -> dict[str, Any]:
    """The `repro` object of a new run: git state, command, environment and packages."""
    cwd = cwd or os.getcwd()
    repro: dict[str, Any] = {
        "command": list(sys.argv),
        "cwd": cwd,
        "runtime": {
            "name": "python",
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
            "platform": platform.platform(),
        },
    }
    for field, capture in (("host", socket.gethostname), ("git", lambda: git_state(cwd)), ("packages", installed_packages), ("hardware", hardware)):
        try:
            value = capture()
        except Exception as error:  # noqa: BLE001 - repro is optional; it must never stop a run
            log.debug("labbook: could not record %s: %s", field, error)
            continue
        if value:
            repro[field] = value
    if seed is not None:
        repro["seed"] = seed if isinstance(seed, (int, str)) and not isinstance(seed, bool) else str(seed)
    return repro


def _git(cwd: str, *args: str) -> str | None:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=GIT_TIMEOUT_SECONDS
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None


def strip_credentials(remote: str) -> str:
    """A remote URL without any user or token in it (`https://tok@host/x` → `https://host/x`)."""
    parts = urllib.parse.urlsplit(remote)
    if parts.scheme and parts.netloc and "@" in parts.netloc:
        return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return remote


def _capped_diff(cwd: str) -> str | None:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        proc = subprocess.Popen(
            ["git", "diff", "HEAD", "--no-color", "--no-ext-diff"],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    timer = threading.Timer(GIT_TIMEOUT_SECONDS, proc.kill)  # a slow diff ends the read early
    timer.start()
    with proc:
        assert proc.stdout is not None
        data = proc.stdout.read(MAX_DIFF_BYTES + 1)
        proc.kill()  # what is beyond the cap is not worth waiting for
    timer.cancel()
    text = data[:MAX_DIFF_BYTES].decode("utf-8", "replace")
    if len(data) > MAX_DIFF_BYTES:
        text += f"\n… diff truncated at {MAX_DIFF_BYTES} bytes\n"
    return text


def git_state(cwd: str) -> dict[str, Any] | None:
    """Commit, branch, remote, dirty flag and (when dirty) a size-capped diff; None outside git."""
    commit = _git(cwd, "rev-parse", "HEAD")
    if not commit:
        return None
    state: dict[str, Any] = {"commit": commit}
    branch = _git(cwd, "rev-parse", "--abbrev-ref", "HEAD")
    if branch and branch != "HEAD":
        state["branch"] = branch
    remote = _git(cwd, "config", "--get", "remote.origin.url")
    if remote:
        state["remote"] = strip_credentials(remote)
    status = _git(cwd, "status", "--porcelain", "--untracked-files=no")
    if status is not None:
        state["dirty"] = bool(status)
        if status:
            diff = _capped_diff(cwd)
            if diff:
                state["diff"] = diff
    return state


def installed_packages() -> dict[str, str] | None:
    """Installed distributions and versions, read from metadata within a small time budget."""
    try:
        from importlib import metadata
    except ImportError:
        return None
    started = time.monotonic()
    packages: dict[str, str] = {}
    for dist in metadata.distributions():
        if time.monotonic() - started > PACKAGES_BUDGET_SECONDS or len(packages) >= MAX_PACKAGES:
            break
        name = dist.metadata["Name"]
        if name:
            packages[name] = dist.version
    return dict(sorted(packages.items(), key=lambda kv: kv[0].lower())) or None


def hardware() -> dict[str, Any]:
    info: dict[str, Any] = {"cpus": os.cpu_count()}
    cpu = platform.processor() or platform.machine()
    if cpu:
        info["cpu"] = cpu
    try:
        info["memoryBytes"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        pass
    return info
