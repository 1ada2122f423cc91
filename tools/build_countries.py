"""Rebuild the group columns of src/analysis/data/countries.csv from ../shared's reference lists.

Run once by hand (``.venv/bin/python tools/build_countries.py``); the package never
reads ../shared at run time. The curated columns (iso3, iso2, name, variants) are
kept as they are in the CSV; this script derives ``un_group``, ``arab_group`` and
``status`` from the internacia-db YAML lists, resolving the slips that
../shared/README.md names, and refuses to write a table that breaks the
invariants (193 members, every member in exactly one group).

``--seed FILE`` starts from a pipe-separated list instead of the CSV
(``iso2|iso3|name|variant|variant...``), which is how the table was first made.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config, io  # noqa: E402

GROUP_FILES = {
    "AFRICANGROUP.yaml": "African Group",
    "ASIAPACIFICGROUP.yaml": "Asia-Pacific Group",
    "EEG.yaml": "Eastern European Group",
    "GRULAC.yaml": "Latin American and Caribbean Group",
    "WEOG.yaml": "Western European and Others Group",
}
# Known slips in the source lists (../shared/README.md): these appear in two lists.
RESOLVED = {
    "AM": "Eastern European Group",
    "AZ": "Eastern European Group",
    "AU": "Western European and Others Group",
    "NZ": "Western European and Others Group",
}
# Observers: the Holy See and the EU sit in no group; the State of Palestine takes
# part in the Asia-Pacific Group.
OBSERVERS = {"VA": "", "PS": "Asia-Pacific Group", "EU": ""}
COLUMNS = ["iso3", "iso2", "name", "un_group", "arab_group", "status", "variants"]


def load_lists(ref: Path) -> tuple[dict[str, str], set[str]]:
    groups: dict[str, set[str]] = {}
    for fname, label in GROUP_FILES.items():
        for item in yaml.safe_load((ref / fname).read_text(encoding="utf-8"))["includes"]:
            groups.setdefault(item["id"], set()).add(label)
    resolved = {}
    for iso2, labels in groups.items():
        if len(labels) > 1:
            if iso2 not in RESOLVED:
                raise SystemExit(f"{iso2} is in several groups {sorted(labels)} and no rule resolves it")
            resolved[iso2] = RESOLVED[iso2]
        else:
            resolved[iso2] = next(iter(labels))
    arab = {item["id"] for item in yaml.safe_load((ref / "LAS.yaml").read_text(encoding="utf-8"))["includes"]}
    return resolved, arab


def read_seed(path: Path) -> pd.DataFrame:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        iso2, iso3, name, *rest = line.split("|")
        variants = list(dict.fromkeys([name, *rest]))
        rows.append({"iso3": iso3, "iso2": iso2, "name": name, "variants": "|".join(variants)})
    return pd.DataFrame(rows)


def build(curated: pd.DataFrame, ref: Path) -> pd.DataFrame:
    groups, arab = load_lists(ref)
    df = curated[["iso3", "iso2", "name", "variants"]].copy()
    unknown = sorted(set(groups) - set(df["iso2"]))
    if unknown:
        raise SystemExit(f"the shared lists name ISO2 codes missing from the table: {unknown}")
    df["status"] = ["observer" if c in OBSERVERS else "member_state" for c in df["iso2"]]
    df["un_group"] = [OBSERVERS[c] if c in OBSERVERS else groups.get(c, "") for c in df["iso2"]]
    df["arab_group"] = ["true" if c in arab else "false" for c in df["iso2"]]
    members = df[df["status"] == "member_state"]
    if len(members) != 193 or (members["un_group"] == "").any():
        raise SystemExit(f"expected 193 members each with a group, got {len(members)}")
    return df[COLUMNS].sort_values("iso3").reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=config.SHARED_DIR)
    ap.add_argument("--seed", type=Path, help="start from a pipe-separated seed list instead of the CSV")
    ap.add_argument("--out", type=Path, default=config.COUNTRY_TABLE)
    args = ap.parse_args(argv)
    ref = args.shared / "reference" / "un-regional-groups"
    if not ref.is_dir():
        raise SystemExit(f"reference lists not found: {ref}")
    curated = read_seed(args.seed) if args.seed else pd.read_csv(args.out, dtype=str, keep_default_na=False)
    table = build(curated, ref)
    io.write_csv(table, args.out)
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
