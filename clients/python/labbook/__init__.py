"""Labbook logging client: `run = labbook.init(project="ws/proj", config=…)`, `run.log({...})`, `run.finish()`.

Standard library only. Logging never blocks on the network or raises into training code:
a background thread batches points, retries with backoff, and keeps whatever the server
has not received in a spool file that `python -m labbook sync` uploads later.
"""

from ._run import LabbookError, Run, init
from ._version import __version__

__all__ = ["LabbookError", "Run", "__version__", "init"]
