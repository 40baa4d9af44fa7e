import json
import os
import tempfile
import unittest
from pathlib import Path

from labbook._spool import Spool, SpoolBusy, SpoolFile, fcntl, header_record


class SpoolTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "sub" / "run.jsonl"
        self.header = header_record("http://x", {"project": "a/b"}, None, None)
        self.spool = Spool(self.path, header=lambda: self.header)

    def tearDown(self):
        self.spool.close()
        self.dir.cleanup()

    def lines(self):
        return [json.loads(line) for line in self.path.read_bytes().splitlines()]

    def test_first_append_writes_the_header_then_records_in_order(self):
        self.spool.append([])
        self.spool.append([{"type": "params", "params": {"lr": 1}}, {"type": "status", "status": "finished"}])
        self.assertEqual([r["type"] for r in self.lines()], ["run", "params", "status"])
        self.assertEqual(self.path.stat().st_mode & 0o777, 0o600)

    def test_reads_what_is_unsent_and_deletes_the_file_once_all_is_delivered(self):
        self.spool.append([{"type": "tags", "tags": ["a"]}])
        items = self.spool.read_unsent()
        self.assertEqual([r["type"] for r, _ in items], ["run", "tags"])
        self.spool.mark_sent(items[0][1])
        self.assertTrue(self.spool.has_backlog())
        self.assertFalse(self.spool.discard_if_delivered())
        self.assertEqual([r["type"] for r, _ in self.spool.read_unsent()], ["tags"])
        self.spool.mark_sent(items[1][1])
        self.assertFalse(self.spool.has_backlog())
        self.assertTrue(self.spool.discard_if_delivered())
        self.assertFalse(self.path.exists())
        # A later append starts a new file with a fresh header.
        self.spool.append([{"type": "tags", "tags": ["b"]}])
        self.assertEqual([r["type"] for r in self.lines()], ["run", "tags"])

    def test_skips_a_damaged_line_and_ignores_a_cut_off_last_line(self):
        self.spool.append([{"type": "tags", "tags": ["a"]}])
        self.spool.close()
        with open(self.path, "ab") as f:
            f.write(b"{not json\n")
            f.write(b'{"type":"tags","tags":["b"]}\n')
            f.write(b'{"type":"sta')
        with self.assertLogs("labbook", "WARNING"):
            records = [r for r, _ in SpoolFile(self.path).records()]
        self.assertEqual([r and r.get("tags") for r in records], [None, ["a"], None, ["b"]])

    @unittest.skipIf(fcntl is None, "no advisory locks on this platform")
    def test_a_live_spool_is_locked_against_sync(self):
        self.spool.append([])
        with self.assertRaises(SpoolBusy):
            SpoolFile(self.path)
        self.spool.close()
        SpoolFile(self.path).close()

    def test_sync_side_appends_and_deletes(self):
        self.spool.append([])
        self.spool.close()
        left = SpoolFile(self.path)
        left.append([{"type": "created", "runId": "r1"}])
        self.assertEqual([r["type"] for r, _ in left.records()], ["run", "created"])
        left.delete()
        self.assertFalse(self.path.exists())

    def test_failed_write_leaves_no_half_line(self):
        self.spool.append([{"type": "tags", "tags": ["a"]}])
        size = self.path.stat().st_size
        with self.assertRaises(ValueError):
            self.spool.append([{"type": "params", "params": {"x": float("nan")}}])  # JSON has no NaN
        self.assertEqual(self.path.stat().st_size, size)
        self.assertTrue(os.access(self.path, os.R_OK))


if __name__ == "__main__":
    unittest.main()
