"""Every benchmark script still imports: `make bench` is not part of `make test`, so a
moved or renamed module would otherwise break it unnoticed (bench/soak_report.py did)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCH.glob("*.py")))
def test_bench_script_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))  # the scripts import their siblings by name
    monkeypatch.setattr(sys, "argv", [f"{name}.py"])
    importlib.import_module(name)
