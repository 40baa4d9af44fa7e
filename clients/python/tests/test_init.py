import json
import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import labbook


class InitTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        patcher = mock.patch.dict(os.environ, {"LABBOOK_SPOOL_DIR": self.dir.name})
        patcher.start()
        self.addCleanup(patcher.stop)
        for name in ("LABBOOK_URL", "LABBOOK_API_KEY", "LABBOOK_PROJECT", "LABBOOK_MODE"):
            os.environ.pop(name, None)

    def test_programming_errors_raise_at_init(self):
        cases = [
            ({}, ValueError, "project"),
            ({"project": "no-slash"}, ValueError, "project"),
            ({"project": "a/b"}, ValueError, "API key"),
            ({"project": "a/b", "api_key": "k", "url": "localhost:3000"}, ValueError, "http"),
            ({"project": "a/b", "mode": "sometimes"}, ValueError, "mode"),
            ({"project": "a/b", "mode": "offline", "tags": "one"}, TypeError, "tags"),
            ({"project": "a/b", "mode": "offline", "config": 3}, TypeError, "config"),
        ]
        for kwargs, error, words in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaisesRegex(error, words):
                    labbook.init(capture_repro=False, **kwargs)

    def test_environment_supplies_what_arguments_do_not(self):
        with mock.patch.dict(os.environ, {"LABBOOK_PROJECT": "ws/proj", "LABBOOK_MODE": "offline"}):
            with self.assertLogs("labbook", "WARNING"):
                run = labbook.init(capture_repro=False)
                run.finish()
        self.assertEqual(run.project, "ws/proj")

    def test_offline_mode_keeps_everything_in_the_spool_in_order(self):
        with self.assertLogs("labbook", "WARNING") as logs:
            with labbook.init(project="ws/proj", name="n", config={"lr": 0.1}, tags=["t"], seed=3, mode="offline") as run:
                self.assertIsNone(run.id)
                run.log({"loss": float("nan")})
                run.log({"loss": 2.0, "nested": {"acc": 1}})
                run.log_params({"epochs": 2})
                run.set_tags(["t", "u"])
        self.assertTrue(any("python -m labbook sync" in line for line in logs.output))
        records = [json.loads(line) for line in Path(run.spool_path).read_text().splitlines()]
        header = records[0]
        self.assertEqual(header["type"], "run")
        self.assertEqual(header["create"]["params"], {"lr": 0.1})
        self.assertEqual(header["create"]["repro"]["seed"], 3)
        self.assertEqual(header["create"]["repro"]["runtime"]["name"], "python")
        series = {s["key"]: s for r in records if r["type"] == "metrics" for s in r["series"]}
        self.assertEqual(series["loss"]["values"], ["NaN", 2.0])
        self.assertEqual(series["loss"]["steps"], [0, 1])
        self.assertEqual(series["nested/acc"]["steps"], [0])
        self.assertEqual([r["type"] for r in records[-3:]], ["params", "tags", "status"])
        self.assertEqual(records[-1]["status"], "finished")

    def test_after_finish_logging_is_ignored_with_a_warning(self):
        with self.assertLogs("labbook", "WARNING") as logs:
            run = labbook.init(project="ws/proj", mode="offline", capture_repro=False)
            run.finish()
            run.log({"x": 1})
            run.finish()
        self.assertTrue(any("after finish()" in line for line in logs.output))


if __name__ == "__main__":
    unittest.main()
