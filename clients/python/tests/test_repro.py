import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from labbook import _repro


class ReproTest(unittest.TestCase):
    def test_remote_urls_lose_their_credentials(self):
        cases = {
            "https://user:token@github.com/org/repo.git": "https://github.com/org/repo.git",
            "https://github.com/org/repo.git": "https://github.com/org/repo.git",
            "git@github.com:org/repo.git": "git@github.com:org/repo.git",
            "ssh://git@host:22/repo": "ssh://host:22/repo",
        }
        for given, expected in cases.items():
            with self.subTest(given=given):
                self.assertEqual(_repro.strip_credentials(given), expected)

    @unittest.skipIf(shutil.which("git") is None, "git is not installed")
    def test_git_state_with_a_capped_diff(self):
        with tempfile.TemporaryDirectory() as repo:
            self.assertIsNone(_repro.git_state(repo))
            git = lambda *args: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)  # noqa: E731
            git("init", "-q")
            git("config", "user.email", "ci@example.com")
            git("config", "user.name", "CI")
            (Path(repo) / "a.txt").write_text("one\n")
            git("add", ".")
            git("commit", "-q", "-m", "one")
            clean = _repro.git_state(repo)
            self.assertEqual(clean["dirty"], False)
            self.assertRegex(clean["commit"], r"^[0-9a-f]{40}$")
            self.assertNotIn("diff", clean)
            (Path(repo) / "a.txt").write_text("x" * (_repro.MAX_DIFF_BYTES * 2))
            dirty = _repro.git_state(repo)
            self.assertTrue(dirty["dirty"])
            self.assertLess(len(dirty["diff"]), _repro.MAX_DIFF_BYTES + 100)
            self.assertIn("diff truncated", dirty["diff"])

    def test_collect_repro_records_the_basics(self):
        repro = _repro.collect_repro(seed=7)
        self.assertEqual(repro["seed"], 7)
        self.assertEqual(repro["runtime"]["name"], "python")
        self.assertIn("cwd", repro)
        self.assertIsInstance(repro["command"], list)


if __name__ == "__main__":
    unittest.main()
