"""Turning what training code logs into what the API accepts."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import operator
import uuid
from typing import Any, Iterable, Iterator, Mapping

#: Most points in one request; the server takes up to 100,000.
BATCH_MAX_POINTS = 10_000
#: Largest step the server stores exactly (JavaScript's Number.MAX_SAFE_INTEGER).
MAX_STEP = 2**53 - 1
MAX_KEY_LENGTH = 250
#: Each param value's JSON must fit in this many characters (a server limit).
MAX_PARAM_CHARS = 6000
#: Params per request (a server limit).
MAX_PARAMS_PER_REQUEST = 1000

#: A point waiting to be sent: (key, step, value, milliseconds since the epoch).
Point = tuple


def encode_value(value: Any) -> float | int | str:
    """A metric value as JSON can carry it: NaN and infinities become the strings the API expects.

    Raises TypeError or ValueError for anything that is not a single number.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if -MAX_STEP <= value <= MAX_STEP else float(value)
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    number = float(value)  # numpy and torch scalars, Decimal, Fraction
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def key_problem(key: Any) -> str | None:
    """Why `key` cannot be a metric key, or None when it can."""
    if not isinstance(key, str):
        return f"keys must be strings, got {type(key).__name__}"
    if not key:
        return "keys must not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return f"keys must be at most {MAX_KEY_LENGTH} characters"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in key):
        return "keys must not contain control characters"
    return None


def flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[Any, Any]]:
    """Yields (key, value) pairs; nested mappings become `outer/inner` keys."""
    for key, value in data.items():
        full = f"{prefix}{key}" if isinstance(key, str) else key
        if isinstance(value, Mapping) and isinstance(full, str):
            yield from flatten(value, f"{full}/")
        else:
            yield full, value


def check_step(step: Any) -> int:
    """An explicit step as an int; raises TypeError or ValueError for anything else."""
    if isinstance(step, float) and step.is_integer():
        step = int(step)
    if isinstance(step, bool):
        raise TypeError("step must be an integer, not a bool")
    number = operator.index(step)
    if number < 0 or number > MAX_STEP:
        raise ValueError(f"step must be between 0 and {MAX_STEP}, got {number}")
    return number


class StepCounter:
    """Assigns steps the way the server would: a missing step is one past the key's highest step.

    Assigning them here rather than on the server makes every batch independent of the
    order it arrives in, so retried and spooled batches can never shift a point's step.
    """

    def __init__(self) -> None:
        self._highest: dict[str, int] = {}

    def assign(self, key: str, step: int | None) -> int:
        top = self._highest.get(key)
        assigned = step if step is not None else (0 if top is None else top + 1)
        if top is None or assigned > top:
            self._highest[key] = assigned
        return assigned


def new_batch_id() -> str:
    return uuid.uuid4().hex


def metrics_record(points: Iterable[Point], batch_id: str | None = None) -> dict:
    """One batch as a columns body (`series` per key, in first-seen order) with a fresh batch id."""
    series: dict[str, dict] = {}
    for key, step, value, ts in points:
        column = series.get(key)
        if column is None:
            column = series[key] = {"key": key, "steps": [], "values": [], "timestamps": []}
        column["steps"].append(step)
        column["values"].append(value)
        column["timestamps"].append(ts)
    return {"type": "metrics", "batchId": batch_id or new_batch_id(), "series": list(series.values())}


def point_count(record: Mapping[str, Any]) -> int:
    return sum(len(s["values"]) for s in record.get("series", ()))


def split_batches(points: list, size: int = BATCH_MAX_POINTS) -> list[dict]:
    """Cuts points into metrics records of at most `size` points each."""
    return [metrics_record(points[i : i + size]) for i in range(0, len(points), size)]


def json_safe(value: Any, depth: int = 0) -> Any:
    """A JSON-serializable copy of a config value: NaN/infinities as strings, unknown objects as str()."""
    if depth > 32:
        return str(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -MAX_STEP <= value <= MAX_STEP else str(value)
    if isinstance(value, float):
        return encode_value(value)
    if isinstance(value, enum.Enum):
        return json_safe(value.value, depth + 1)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [json_safe(v, depth + 1) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_safe(dataclasses.asdict(value), depth + 1)
    item = getattr(value, "item", None)  # numpy / torch scalars
    if callable(item):
        try:
            return json_safe(item(), depth + 1)
        except (TypeError, ValueError):
            pass
    return str(value)


def config_to_params(config: Any) -> dict[str, Any]:
    """A run's params from a mapping, an argparse.Namespace or a dataclass instance."""
    if config is None:
        return {}
    if isinstance(config, Mapping):
        source = dict(config)
    elif dataclasses.is_dataclass(config) and not isinstance(config, type):
        source = dataclasses.asdict(config)
    elif hasattr(config, "__dict__"):
        source = dict(vars(config))
    else:
        raise TypeError(f"config must be a mapping, an argparse.Namespace or a dataclass, got {type(config).__name__}")
    return {str(k): json_safe(v) for k, v in source.items()}


def _json_length(value: Any) -> int:
    # The server measures JSON.stringify(value).length: UTF-16 code units, no ASCII escaping.
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-16-le")) // 2


def cap_param(value: Any) -> tuple[Any, bool]:
    """The value, or the start of its JSON as a string when the JSON exceeds the server's limit."""
    if _json_length(value) <= MAX_PARAM_CHARS:
        return value, False
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    marker = "… (truncated)"
    cut = MAX_PARAM_CHARS - len(marker)
    while _json_length(text[:cut] + marker) > MAX_PARAM_CHARS:
        cut = cut * 3 // 4
    return text[:cut] + marker, True


def chunk_params(params: Mapping[str, Any], size: int = MAX_PARAMS_PER_REQUEST) -> list[dict[str, Any]]:
    items = list(params.items())
    return [dict(items[i : i + size]) for i in range(0, len(items), size)]
