"""Compare regional groups: prevalence intervals that cover with few delegations, differences
with intervals and honest tests, rank and co-occurrence stability, and shares corrected for the
automatic coder's errors from a human-coded validation sample; every method is checked by simulation."""
