"""The background thread against an in-memory server that fails on cue."""

import json
import tempfile
import threading
import unittest
from pathlib import Path

from labbook._deliver import RunRef
from labbook._http import RETRY, RequestFailed, action_for_status
from labbook._spool import Spool, header_record
from labbook._uploader import Uploader
from labbook._values import BATCH_MAX_POINTS, point_count


class FakeServer:
    """Keeps points by (key, step) and batch ids like the real one; `fail` decides each answer."""

    url = "http://fake"
    timeout = 1.0

    def __init__(self, fail=lambda method, path, body: None):
        self.fail = fail
        self.lock = threading.Lock()
        self.points = {}
        self.batches = set()
        self.sent = 0
        self.calls = []
        self.runs = 0
        self.gate = threading.Event()
        self.gate.set()

    def request(self, method, path, body=None, timeout=None):
        self.gate.wait()
        status = self.fail(method, path, body)
        with self.lock:
            self.calls.append((method, path))
            if status == "network":
                raise RequestFailed("connection refused", RETRY)
            if status:
                raise RequestFailed(f"{status} refused", action_for_status(status), status=status)
            if path == "/api/v1/runs":
                self.runs += 1
                return {"id": f"run{self.runs}", "url": f"http://fake/run{self.runs}", "name": "n"}
            if path.endswith("/metrics"):
                self.sent += sum(len(s["values"]) for s in body["series"])
                if body["batchId"] in self.batches:
                    return {"accepted": 0, "duplicates": 0, "replayed": True}
                self.batches.add(body["batchId"])
                for s in body["series"]:
                    for step, value in zip(s["steps"], s["values"]):
                        self.points.setdefault((s["key"], step), []).append(value)
                return {"accepted": len(body["series"]), "duplicates": 0, "replayed": False}
            return {}


class UploaderTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def make(self, server, connected=True, **options):
        ref = RunRef("run0", "http://fake/run0") if connected else RunRef()
        path = Path(self.dir.name) / "run.jsonl"
        spool = Spool(path, header=lambda: header_record("http://fake", {"project": "a/b"}, ref.id, ref.url))
        options = {"flush_interval": 0.01, "retry_cap": 0.05, "finish_timeout": 3.0, **options}
        uploader = Uploader(server, ref, spool, connected=connected, **options)
        if not connected:
            spool.append([])
        uploader.start()
        return uploader, path

    def log(self, uploader, n, key="x"):
        for i in range(n):
            uploader.put_points([(key, i, float(i), 0)])

    def assert_each_point_once(self, server, n, key="x"):
        self.assertEqual(sorted(s for k, s in server.points if k == key), list(range(n)))
        self.assertTrue(all(len(v) == 1 for v in server.points.values()))

    def test_batches_at_most_ten_thousand_points_and_sends_status_last(self):
        server = FakeServer()
        uploader, path = self.make(server)
        self.log(uploader, 25_000)
        uploader.put_update({"type": "status", "status": "finished"}, final=True)
        uploader.close()
        self.assert_each_point_once(server, 25_000)
        metric_calls = [c for c in server.calls if c[1].endswith("/metrics")]
        self.assertGreaterEqual(len(metric_calls), 3)
        self.assertEqual(server.calls[-1], ("PATCH", "/api/v1/runs/run0"))
        self.assertFalse(path.exists())

    def test_network_failures_go_through_the_spool_and_land_once(self):
        failures = iter(["network"] * 5)
        server = FakeServer(fail=lambda m, p, b: next(failures, None))
        uploader, path = self.make(server)
        with self.assertLogs("labbook", "WARNING") as logs:
            self.log(uploader, 3000)
            uploader.close()
        self.assert_each_point_once(server, 3000)
        self.assertFalse(path.exists())
        self.assertTrue(any("cannot reach" in line for line in logs.output))
        self.assertTrue(any("reconnected" in line for line in logs.output))

    def test_a_lost_answer_is_resent_with_the_same_batch_id(self):
        server = FakeServer()
        original = server.request
        lost = []

        def lose_first_answer(method, path, body=None, timeout=None):
            answer = original(method, path, body, timeout)
            if path.endswith("/metrics") and not lost:
                lost.append(body["batchId"])
                raise RequestFailed("connection reset", RETRY)  # committed, but the client never hears
            return answer

        server.request = lose_first_answer
        uploader, _ = self.make(server)
        with self.assertLogs("labbook", "WARNING"):
            self.log(uploader, 500)
            uploader.close()
        self.assert_each_point_once(server, 500)
        self.assertGreater(server.sent, 500)  # the first batch went twice; the batch id kept it once

    def test_a_refused_batch_is_dropped_and_the_rest_goes_on(self):
        refused = []

        def fail(method, path, body):
            if path.endswith("/metrics") and not refused:
                refused.append(body["batchId"])
                return 400
            return None

        server = FakeServer(fail=fail)
        uploader, path = self.make(server)
        with self.assertLogs("labbook", "WARNING") as logs:
            uploader.put_points([("x", 0, 0.0, 0)])
            uploader.put_points([("x", 1, 1.0, 0)])
            self.assertTrue(_wait_for(lambda: refused))
            uploader.put_points([("x", 2, 2.0, 0)])
            uploader.close()
        self.assertIn(("x", 2), server.points)
        self.assertTrue(any("dropped" in line for line in logs.output))
        self.assertFalse(path.exists())

    def test_refused_credentials_stop_uploads_and_keep_everything_in_the_spool(self):
        server = FakeServer(fail=lambda m, p, b: 401)
        uploader, path = self.make(server)
        with self.assertLogs("labbook", "WARNING") as logs:
            self.log(uploader, 100)
            uploader.put_update({"type": "status", "status": "finished"}, final=True)
            uploader.close()
        self.assertEqual(len(server.calls), 1)
        lines = path.read_text().splitlines()
        self.assertIn('"status":"finished"', lines[-1])
        self.assertTrue(any("python -m labbook sync" in line for line in logs.output))

    def test_a_run_not_yet_created_is_created_from_the_spool_header(self):
        failures = iter(["network", "network"])
        server = FakeServer(fail=lambda m, p, b: next(failures, None))
        uploader, path = self.make(server, connected=False)
        with self.assertLogs("labbook", "WARNING"):
            self.log(uploader, 50)
            uploader.close()
        self.assertEqual(server.runs, 1)
        self.assertEqual(uploader.ref.id, "run1")
        self.assert_each_point_once(server, 50)
        self.assertFalse(path.exists())

    def test_memory_stays_bounded_while_the_server_is_slow(self):
        server = FakeServer()
        server.gate.clear()  # every request waits
        uploader, path = self.make(server, max_queue_points=1000)
        with self.assertLogs("labbook", "WARNING") as logs:
            self.log(uploader, 5000)
            self.assertLessEqual(uploader._inbox_points, 1000)
            self.assertTrue(path.exists())
            server.gate.set()
            uploader.close()
        self.assertTrue(any("behind" in line for line in logs.output))
        self.assert_each_point_once(server, 5000)

    def test_gives_up_after_the_finish_timeout_leaving_the_spool(self):
        server = FakeServer(fail=lambda m, p, b: "network")
        uploader, path = self.make(server, finish_timeout=0.3)
        with self.assertLogs("labbook", "WARNING"):
            self.log(uploader, BATCH_MAX_POINTS + 1)
            uploader.put_update({"type": "status", "status": "finished"}, final=True)
            uploader.close()
        records = [json.loads(line) for line in path.read_text().splitlines()]
        self.assertEqual(sum(point_count(r) for r in records if r["type"] == "metrics"), BATCH_MAX_POINTS + 1)
        self.assertEqual(records[-1], {"type": "status", "status": "finished"})

    def test_heartbeats_while_nothing_is_logged(self):
        server = FakeServer()
        uploader, _ = self.make(server, heartbeat_interval=0.05)
        self.assertTrue(_wait_for(lambda: server.calls.count(("POST", "/api/v1/runs/run0/heartbeat")) >= 2))
        uploader.close()


def _wait_for(predicate, seconds=5.0):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


if __name__ == "__main__":
    unittest.main()
