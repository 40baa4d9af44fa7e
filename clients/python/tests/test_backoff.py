import unittest

from labbook._backoff import backoff_delay
from labbook._http import DROP, HALT, RETRY, action_for_status


class BackoffTest(unittest.TestCase):
    def test_doubles_within_the_upper_half_up_to_the_cap(self):
        for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (5, 16.0), (6, 30.0), (1000, 30.0)]:
            with self.subTest(attempt=attempt):
                self.assertEqual(backoff_delay(attempt, rand=lambda: 0.0), ceiling / 2)
                self.assertEqual(backoff_delay(attempt, rand=lambda: 1.0), ceiling)

    def test_jitter_spreads_retries(self):
        delays = {round(backoff_delay(3), 6) for _ in range(50)}
        self.assertGreater(len(delays), 10)
        self.assertTrue(all(2.0 <= d <= 4.0 for d in delays))

    def test_retry_after_is_a_floor_within_twice_the_cap(self):
        self.assertEqual(backoff_delay(0, rand=lambda: 0.0, retry_after=5), 5)
        self.assertEqual(backoff_delay(0, rand=lambda: 0.0, retry_after=500, cap=10), 20)
        self.assertEqual(backoff_delay(4, rand=lambda: 1.0, retry_after=1), 8.0)

    def test_what_each_status_calls_for(self):
        cases = {429: RETRY, 500: RETRY, 502: RETRY, 503: RETRY, 408: RETRY, 400: DROP, 409: DROP, 413: DROP, 401: HALT, 403: HALT, 404: HALT}
        for status, action in cases.items():
            with self.subTest(status=status):
                self.assertEqual(action_for_status(status), action)


if __name__ == "__main__":
    unittest.main()
