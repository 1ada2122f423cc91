"""Rebuild the group columns of src/analysis/data/countries.csv from ../shared's reference lists.

Run once by hand (``.venv/bin/python tools/build_countries.py``); the package never
reads ../shared at run time. The curated columns (iso3, iso2, name, variants) are
kept as they are in the CSV; this script derives ``un_group``, ``arab_group`` and
``status`` from the internacia-db YAML lists, resolving the slips that
../shared/README.md names, and refuses to write a table that breaks the
invariants (193 members, every member in exactly one group).

``other_languages`` holds each delegation's French and Spanish names, the other two
working languages of the regional sessions (a GRULAC participant shows as "España" or
"Delegación del Reino Unido", an African one as "Maroc"): the short names of the Unicode
CLDR (through Babel, which ships them), the formal UN names CLDR lacks (``FORMAL``), less
the names that are as often a person's first name or another place (``NOT_NAMES``).

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

from analysis import config, countries, io  # noqa: E402

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
COLUMNS = ["iso3", "iso2", "name", "un_group", "arab_group", "status", "variants", "other_languages"]
LANGUAGES = ("fr", "es")
# Formal French and Spanish names of the UN's own usage that CLDR's short names do not give.
FORMAL = {
    "BOL": ("État plurinational de Bolivie", "Estado Plurinacional de Bolivia"),
    "COD": ("République démocratique du Congo",),
    "COG": ("République du Congo", "República del Congo"),
    "CZE": ("République tchèque", "República Checa"),
    "FSM": ("États fédérés de Micronésie", "Estados Federados de Micronesia"),
    "GBR": (
        "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
    ),
    "IRN": ("République islamique d'Iran", "República Islámica del Irán"),
    "KOR": ("République de Corée", "República de Corea"),
    "LAO": ("République démocratique populaire lao", "República Democrática Popular Lao"),
    "MDA": ("République de Moldova", "República de Moldova"),
    "MUS": ("République de Maurice", "República de Mauricio"),
    "PRK": ("République populaire démocratique de Corée", "República Popular Democrática de Corea"),
    "PSE": ("État de Palestine", "Estado de Palestina"),
    "RUS": ("Fédération de Russie", "Federación de Rusia"),
    "SYR": ("République arabe syrienne", "República Árabe Siria"),
    "TZA": ("République-Unie de Tanzanie", "República Unida de Tanzanía"),
    "USA": ("États-Unis d'Amérique", "Estados Unidos de América"),
    "VAT": ("Saint-Siège", "Santa Sede"),
    "VEN": ("République bolivarienne du Venezuela", "República Bolivariana de Venezuela"),
}
# CLDR names left out: first names ("Maurice" is Mauritius in French, "Mauricio" in Spanish,
# "Dominique" Dominica, "Salvador" El Salvador), English words (French "Grenade" is Grenada: the
# General Debate speaks of "grenade launchers") and "Palestinian Territories", which is not the
# delegation's name. A label "Maurice" stays unknown for the analyst to settle (speakers.csv).
NOT_NAMES = frozenset(
    {"Maurice", "Mauricio", "Dominique", "Salvador", "Grenade"}
    | {"Territoires palestiniens", "Territorios Palestinos"}
)


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
    df["other_languages"] = other_languages(df)
    members = df[df["status"] == "member_state"]
    if len(members) != 193 or (members["un_group"] == "").any():
        raise SystemExit(f"expected 193 members each with a group, got {len(members)}")
    return df[COLUMNS].sort_values("iso3").reset_index(drop=True)


def other_languages(df: pd.DataFrame) -> list[str]:
    """Each row's French and Spanish names that its name and variants do not already spell."""
    from babel import Locale  # ships the CLDR; installed with JupyterLab

    names = {lang: Locale(lang).territories for lang in LANGUAGES}
    out = []
    for row in df.itertuples(index=False):
        known = {countries.normalise(v) for v in [row.name, *row.variants.split("|")] if v}
        found = [names[lang].get(row.iso2, "") for lang in LANGUAGES] + list(FORMAL.get(row.iso3, ()))
        found = [n.replace("\u2019", "'") for n in found if n and n not in NOT_NAMES]
        kept = {}
        for n in found:
            kept.setdefault(countries.normalise(n), n)
        out.append("|".join(n for key, n in kept.items() if key not in known))
    return out


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
