from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.helpers import write_roster


@pytest.fixture
def roster_dir(tmp_path: Path):
    """Factory writing a fresh roster folder under ``tmp_path`` from keyword tables."""
    counter = itertools.count(1)

    def make(**tables) -> Path:
        return write_roster(tmp_path / f"roster{next(counter)}", **tables)

    return make
