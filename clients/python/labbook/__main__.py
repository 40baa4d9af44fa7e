"""Command line: `python -m labbook sync [FILE …] [--dir DIR] [--url URL]`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ._sync import sync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labbook", description="Labbook logging client")
    commands = parser.add_subparsers(dest="command", required=True)
    sync_cmd = commands.add_parser(
        "sync", help="upload what processes left in the spool (server unreachable, killed, offline mode)"
    )
    sync_cmd.add_argument("files", nargs="*", type=Path, help="spool files (default: every file in the spool directory)")
    sync_cmd.add_argument("--dir", type=Path, help="spool directory (default: LABBOOK_SPOOL_DIR or ~/.labbook/spool)")
    sync_cmd.add_argument("--url", help="server URL (default: LABBOOK_URL, else the one the run used)")
    sync_cmd.add_argument("--timeout", type=float, default=30.0, help="seconds to keep retrying an unreachable server per file")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    return sync(paths=args.files, directory=args.dir, url=args.url, timeout=args.timeout)


def sync_main() -> int:
    """The `labbook-sync` console script: `python -m labbook sync` under a shorter name."""
    return main(["sync", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
