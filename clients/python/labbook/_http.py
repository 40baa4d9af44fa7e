"""The HTTP side: one JSON request at a time with urllib, errors sorted by what to do next."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from typing import Any

from ._version import __version__

#: What a failed request calls for.
RETRY = "retry"  # network trouble, 5xx, 429: try again later, keep the data
DROP = "drop"  # the server refused this request (400, 409, 413, …): sending it again cannot help
HALT = "halt"  # credentials or run not accepted (401, 403, 404): stop sending, keep the data

DEFAULT_TIMEOUT = 30.0


class RequestFailed(Exception):
    """A request that did not succeed; `action` says whether to retry, drop or halt."""

    def __init__(self, message: str, action: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.action = action
        self.status = status
        self.retry_after = retry_after


def action_for_status(status: int) -> str:
    if status in (408, 429) or status >= 500:
        return RETRY
    if status in (401, 403, 404):
        return HALT
    return DROP


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the backoff applies


class Transport:
    """Sends JSON to `<url>/api/v1…` with the API key."""

    def __init__(self, url: str, api_key: str | None, timeout: float = DEFAULT_TIMEOUT):
        self.url = url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self._opener = urllib.request.build_opener()

    def request(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        """The decoded JSON answer (None for an empty one); raises RequestFailed."""
        headers = {"accept": "application/json", "user-agent": f"labbook-python/{__version__}"}
        if self._api_key:
            headers["authorization"] = f"Bearer {self._api_key}"
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), allow_nan=False).encode("utf-8")
            headers["content-type"] = "application/json"
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=timeout or self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise self._refusal(error) from error
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout, OSError) as error:
            reason = getattr(error, "reason", None) or error
            raise RequestFailed(f"{method} {path}: {reason}", RETRY) from error
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None  # committed all the same: a 2xx means the write happened

    @staticmethod
    def _refusal(error: urllib.error.HTTPError) -> RequestFailed:
        message = error.reason
        try:
            payload = json.loads(error.read() or b"null")
            if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
                message = payload["error"].get("message") or message
        except (ValueError, OSError, http.client.HTTPException):
            pass
        status = error.code
        return RequestFailed(
            f"{error.code} {message}",
            action_for_status(status),
            status=status,
            retry_after=_retry_after(error.headers.get("retry-after") if error.headers else None),
        )
