"""tqdm progress bars that stay quiet under CI, in notebooks and in pipes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm

from analysis.config import show_progress

T = TypeVar("T")


def progress(iterable: Iterable[T], desc: str, total: int | None = None, unit: str = "it") -> Iterable[T]:
    return tqdm(iterable, desc=desc, total=total, unit=unit, disable=not show_progress(), leave=False)
