"""Vocabularies and patterns of vnnotice, kept as data files beside this module."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """Parse the TOML data file ``name`` of this package (cached)."""
    with resources.files(__name__).joinpath(name).open("rb") as fh:
        return tomllib.load(fh)
