"""Did a support model switch change a measure, or could the difference be chance?

Clients are the unit: a client's change is the mean of (after - before) over its counted
switches of one kind, so one client with several switches weighs once. Over those
changes:
- the mean change, with a 95 % bootstrap interval (resampling clients, BOOTSTRAP_SAMPLES
  draws from a fixed seed, so a page shows the same words every time);
- a sign-flip permutation test (exact up to EXACT_UP_TO clients, else PERMUTATIONS draws
  from the fixed seed): if nothing changed, each client's change is as likely positive
  as negative. p >= ALPHA, or an interval that holds 0, reads "could be chance".
Fewer than MIN_SWITCHES switches always carries a caveat, whatever the test says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SEED = 20_261_204
BOOTSTRAP_SAMPLES = 2_000
PERMUTATIONS = 5_000  # p to within about 0.006 at 0.05: enough to say 'could be chance'
EXACT_UP_TO = 14
ALPHA = 0.05
MIN_SWITCHES = 5


@dataclass(frozen=True)
class Difference:
    clients: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    low: float | None  # 95 % bootstrap interval of the mean change
    high: float | None
    p_value: float | None

    @property
    def could_be_chance(self) -> bool:
        if self.p_value is None or self.low is None:
            return True
        return self.p_value >= ALPHA or self.low <= 0 <= self.high


def per_client_changes(switches: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    """One row per client: its mean before, mean after and mean change (pairs with both known)."""
    known = switches[switches[before].notna() & switches[after].notna()]
    per_client = known.groupby("client_id")[[before, after]].mean()
    per_client.columns = ["before", "after"]
    return per_client.assign(change=per_client["after"] - per_client["before"])


def difference(changes: pd.DataFrame) -> Difference:
    n = len(changes)
    if n == 0:
        return Difference(0, None, None, None, None, None, None)
    values = changes["change"].to_numpy(dtype=float)
    mean = float(values.mean())
    low = high = p_value = None
    if n >= 2:
        rng = np.random.default_rng(SEED)
        draws = values[rng.integers(0, n, size=(BOOTSTRAP_SAMPLES, n))].mean(axis=1)
        low, high = (float(q) for q in np.quantile(draws, [0.025, 0.975]))
        p_value = sign_flip_p_value(values, rng)
    return Difference(
        n,
        float(changes["before"].mean()),
        float(changes["after"].mean()),
        mean,
        low,
        high,
        p_value,
    )


def sign_flip_p_value(values: np.ndarray, rng: np.random.Generator) -> float:
    """Two-sided: the share of sign patterns whose mean is at least as far from 0."""
    n = len(values)
    if n <= EXACT_UP_TO:  # every pattern: the bits of 0 .. 2^n - 1
        bits = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    else:
        bits = rng.integers(0, 2, size=(PERMUTATIONS, n), dtype=np.int8)
    means = np.abs((1.0 - 2.0 * bits) @ values) / n
    observed = abs(values.mean())
    return float(np.mean(means >= observed - 1e-9))
