"""Data with a known truth, to check that intervals cover and tests keep their level.

A group has D delegations. Delegation i's true share of a theme is drawn from a beta
distribution around the group's share (mean `share`, concentration `concentration`: the
smaller, the more delegations differ), its sentence count from a log-normal (median
`sentences`, log-sd `spread`: verbosity imbalance), and each sentence carries the theme
with the delegation's share (the human code). An automatic coder then sees each theme with
group-specific sensitivity and specificity (the machine code). The truth of the pooled
share and of the mean of delegation shares is `share` (counts are drawn independently of
shares); the machine codes estimate share * sens + (1 - share) * (1 - spec) instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.comparison.tables import Totals


@dataclass(frozen=True)
class Group:
    name: str
    delegations: int
    shares: Sequence[float]  # true share of each theme
    concentration: float | Sequence[float] = 20.0  # per theme, or one for all
    sentences: float = 40.0
    spread: float = 0.8
    sensitivity: float | Sequence[float] = 1.0
    specificity: float | Sequence[float] = 1.0

    def per_theme(self, value) -> np.ndarray:
        return np.broadcast_to(np.asarray(value, dtype=float), (len(self.shares),))


@dataclass(frozen=True)
class Draw:
    """One simulated corpus: counted sentences, human and machine codes, the validation sample."""

    frame: pd.DataFrame  # group, country, n_words (one row per sentence)
    human: pd.DataFrame  # bool, one column per theme
    machine: pd.DataFrame  # bool, one column per theme
    validated: np.ndarray  # bool per sentence: in the human-coded sample


def theme_ids(k: int) -> list[str]:
    return [f"t{j}" for j in range(k)]


def _delegations(group: Group, gen: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Sentence counts (D,) and true shares (D, K) of a group's delegations."""
    d = group.delegations
    n = np.maximum(1, np.rint(group.sentences * np.exp(group.spread * gen.standard_normal(d)))).astype(int)
    pi = np.asarray(group.shares, dtype=float)
    a = np.maximum(pi * group.concentration, 1e-300)
    b = np.maximum((1 - pi) * group.concentration, 1e-300)
    theta = gen.beta(np.broadcast_to(a, (d, len(pi))), np.broadcast_to(b, (d, len(pi))))
    theta = np.where(pi == 0, 0.0, np.where(pi == 1, 1.0, theta))
    return n, theta


def draw_totals(groups: Sequence[Group], gen: np.random.Generator) -> Totals:
    """Per-delegation totals of human codes only (fast: no sentences, no coder)."""
    parts = []
    for g in groups:
        n, theta = _delegations(g, gen)
        parts.append((g.name, n, gen.binomial(n[:, None], theta)))
    return Totals(
        group=np.concatenate([np.full(len(n), name, dtype=object) for name, n, _ in parts]),
        country=np.array([f"{name}-{i}" for name, n, _ in parts for i in range(len(n))], dtype=object),
        n=np.concatenate([n for _, n, _ in parts]).astype(float),
        words=np.concatenate([25.0 * n for _, n, _ in parts]),
        counts=np.concatenate([c for _, _, c in parts]).astype(float),
        themes=tuple(theme_ids(len(groups[0].shares))),
    )


def draw(groups: Sequence[Group], gen: np.random.Generator, n_validated: int = 0) -> Draw:
    """Sentences with human and machine codes, and a simple random sample of `n_validated`
    sentences per group (all of a group's sentences when it has fewer)."""
    frames, human, machine, validated = [], [], [], []
    for g in groups:
        n, theta = _delegations(g, gen)
        rows = np.repeat(np.arange(len(n)), n)
        h = gen.random(theta[rows].shape) < theta[rows]
        hit = gen.random(h.shape)
        m = np.where(h, hit < g.per_theme(g.sensitivity), hit < 1 - g.per_theme(g.specificity))
        frames.append(
            pd.DataFrame(
                {
                    "group": g.name,
                    "country": [f"{g.name}-{i}" for i in rows],
                    "n_words": 1 + gen.poisson(24, len(rows)),
                }
            )
        )
        pick = np.zeros(len(rows), dtype=bool)
        pick[gen.choice(len(rows), size=min(n_validated, len(rows)), replace=False)] = True
        human.append(h)
        machine.append(m)
        validated.append(pick)
    ids = theme_ids(len(groups[0].shares))
    return Draw(
        frame=pd.concat(frames, ignore_index=True),
        human=pd.DataFrame(np.concatenate(human), columns=ids),
        machine=pd.DataFrame(np.concatenate(machine), columns=ids),
        validated=np.concatenate(validated),
    )


def truth(groups: Sequence[Group]) -> pd.DataFrame:
    """True shares, group x theme."""
    return pd.DataFrame(
        [np.asarray(g.shares, dtype=float) for g in groups],
        index=[g.name for g in groups],
        columns=theme_ids(len(groups[0].shares)),
    )
