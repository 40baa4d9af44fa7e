import ast
import unittest
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "labbook"


class CompatibilityTest(unittest.TestCase):
    def test_every_module_parses_as_python_3_8(self):
        for module in sorted(PACKAGE.glob("*.py")):
            with self.subTest(module=module.name):
                ast.parse(module.read_text(encoding="utf-8"), filename=str(module), feature_version=(3, 8))

    def test_only_the_standard_library_is_imported(self):
        import sys

        stdlib = getattr(sys, "stdlib_module_names", None)
        if stdlib is None:
            self.skipTest("sys.stdlib_module_names needs Python 3.10+")
        for module in sorted(PACKAGE.glob("*.py")):
            tree = ast.parse(module.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                else:
                    continue
                for name in names:
                    with self.subTest(module=module.name, imports=name):
                        self.assertIn(name.split(".")[0], stdlib | {"__future__"})


if __name__ == "__main__":
    unittest.main()
