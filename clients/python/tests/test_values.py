import math
import unittest
from decimal import Decimal
from fractions import Fraction

from labbook._values import (
    BATCH_MAX_POINTS,
    MAX_PARAM_CHARS,
    StepCounter,
    cap_param,
    check_step,
    chunk_params,
    config_to_params,
    encode_value,
    flatten,
    json_safe,
    key_problem,
    metrics_record,
    point_count,
    split_batches,
)


class EncodeValueTest(unittest.TestCase):
    def test_numbers_and_non_finite_values(self):
        cases = [
            (1.5, 1.5),
            (3, 3),
            (True, 1),
            (float("nan"), "NaN"),
            (float("inf"), "Infinity"),
            (float("-inf"), "-Infinity"),
            (Decimal("2.5"), 2.5),
            (Fraction(1, 4), 0.25),
            (2**60, float(2**60)),
        ]
        for given, expected in cases:
            with self.subTest(given=given):
                self.assertEqual(encode_value(given), expected)

    def test_objects_with_float_like_numpy_scalars(self):
        class Scalar:
            def __float__(self):
                return math.nan

        self.assertEqual(encode_value(Scalar()), "NaN")

    def test_refuses_what_is_not_one_number(self):
        for bad in ["1.0", b"1", None, [1.0], {"a": 1}, 10**400]:
            with self.subTest(bad=bad):
                with self.assertRaises((TypeError, ValueError, OverflowError)):
                    encode_value(bad)


class KeysAndStepsTest(unittest.TestCase):
    def test_key_rules(self):
        self.assertIsNone(key_problem("val/loss"))
        for bad in ["", "a" * 251, "tab\there", 3, None]:
            with self.subTest(bad=bad):
                self.assertIsNotNone(key_problem(bad))

    def test_flatten_nests_with_slashes(self):
        self.assertEqual(dict(flatten({"train": {"loss": 1, "acc": {"top1": 2}}, "lr": 3})), {"train/loss": 1, "train/acc/top1": 2, "lr": 3})

    def test_check_step(self):
        self.assertEqual(check_step(7), 7)
        self.assertEqual(check_step(3.0), 3)
        for bad in [-1, 1.5, "3", True, 2**53]:
            with self.subTest(bad=bad):
                with self.assertRaises((TypeError, ValueError)):
                    check_step(bad)

    def test_step_counter_mirrors_the_server(self):
        steps = StepCounter()
        assigned = [
            steps.assign("loss", None),
            steps.assign("loss", None),
            steps.assign("acc", None),
            steps.assign("loss", 10),
            steps.assign("loss", None),
            steps.assign("loss", 4),
            steps.assign("loss", None),
        ]
        self.assertEqual(assigned, [0, 1, 0, 10, 11, 4, 12])


class BatchingTest(unittest.TestCase):
    def test_columns_per_key_in_first_seen_order(self):
        record = metrics_record([("b", 0, 1.0, 100), ("a", 0, "NaN", 100), ("b", 1, 2.0, 101)], batch_id="x")
        self.assertEqual(
            record,
            {
                "type": "metrics",
                "batchId": "x",
                "series": [
                    {"key": "b", "steps": [0, 1], "values": [1.0, 2.0], "timestamps": [100, 101]},
                    {"key": "a", "steps": [0], "values": ["NaN"], "timestamps": [100]},
                ],
            },
        )
        self.assertEqual(point_count(record), 3)

    def test_split_caps_batches_and_gives_each_its_own_id(self):
        points = [("k", i, float(i), 0) for i in range(2 * BATCH_MAX_POINTS + 5)]
        batches = split_batches(points)
        self.assertEqual([point_count(b) for b in batches], [BATCH_MAX_POINTS, BATCH_MAX_POINTS, 5])
        self.assertEqual(len({b["batchId"] for b in batches}), 3)
        steps = [s for b in batches for s in b["series"][0]["steps"]]
        self.assertEqual(steps, list(range(len(points))))


class ParamsTest(unittest.TestCase):
    def test_config_becomes_json(self):
        import argparse
        import dataclasses
        import enum
        from pathlib import Path

        class Color(enum.Enum):
            RED = "red"

        @dataclasses.dataclass
        class Opt:
            lr: float = 0.1
            betas: tuple = (0.9, 0.99)

        self.assertEqual(config_to_params(argparse.Namespace(lr=0.1, out=Path("/tmp/x"))), {"lr": 0.1, "out": "/tmp/x"})
        self.assertEqual(config_to_params(Opt()), {"lr": 0.1, "betas": [0.9, 0.99]})
        self.assertEqual(json_safe({"c": Color.RED, "n": float("nan"), 1: {2, 1}}), {"c": "red", "n": "NaN", "1": [1, 2]})
        with self.assertRaises(TypeError):
            config_to_params(42)

    def test_cap_and_chunk(self):
        small, truncated = cap_param({"a": 1})
        self.assertEqual((small, truncated), ({"a": 1}, False))
        big, truncated = cap_param(['x"é' * 10] * 1000)
        self.assertTrue(truncated)
        import json

        self.assertLessEqual(len(json.dumps(big, ensure_ascii=False)), MAX_PARAM_CHARS)
        chunks = chunk_params({str(i): i for i in range(2500)})
        self.assertEqual([len(c) for c in chunks], [1000, 1000, 500])


if __name__ == "__main__":
    unittest.main()
