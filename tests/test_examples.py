"""The examples in docstrings and in the README's Python API section run, and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cybergraph
from tests.conftest import ROOT

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(cybergraph.__path__, "cybergraph.")
    if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["cybergraph", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, report=True)
    assert result.failed == 0


def test_readme_python_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=FLAGS)
    assert result.attempted >= 10
    assert result.failed == 0
