"""The example suite's conftest: it uses the wiring in ../conftest_example.py.

A project copies conftest_example.py to its own conftest.py instead; this file only
makes the top-level example importable from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from conftest_example import *  # noqa: E402,F403 - the fixtures the example suite uses

# The tutorial is a project of its own (its own pyproject.toml and models): run it from
# examples/tutorial/, not as part of this suite.
collect_ignore = ["tutorial"]
