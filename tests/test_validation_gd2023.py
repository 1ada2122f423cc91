"""Issue 14's checks on real data: the General Debate 2023 with the 500 randomly sampled sentences
people coded (../shared/specs/themes-random-2023.tsv, 100 for each of five UN regional groups).

The corrected share must be exactly what the method says (machine share over the group's counted
sentences + mean(human - machine) over its validated sentences), computed here independently of
the pipeline's matching; every group with a sample must find at least 95 of its sentences; and
correcting must widen the intervals on average (they now carry the coder's uncertainty too).
The two observer delegations have no sample: their shares stay uncorrected, and the stage says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import catalogue, config, pipeline
from analysis.coding.sheets import normalise_text
from analysis.ingest import gdc

pytestmark = [pytest.mark.shared, pytest.mark.slow]

SHEET = config.SHARED_DIR / "specs" / "themes-random-2023.tsv"


@pytest.fixture(scope="module")
def gd(tmp_path_factory):
    if not config.UNGDC_DIR.is_dir() or not SHEET.is_file():
        pytest.skip(
            f"needs the General Debate corpus and {SHEET.name} under {config.SHARED_DIR} (absent here)"
        )
    out = tmp_path_factory.mktemp("gd2023")
    gdc.write_manifest(config.UNGDC_DIR, out / "sessions.csv", years="2023")
    with pytest.MonkeyPatch.context() as mp:  # the tests here need the shares, not precise p-values
        mp.setattr(config, "N_PERMUTATIONS", 200)
        mp.setattr(config, "EXACT_LIMIT", 1000)
        mp.setattr(config, "N_BOOTSTRAP", 200)
        pipeline.clean_stage(config.UNGDC_DIR, out, manifest=out / "sessions.csv")
        pipeline.code_stage(out)
        result = pipeline.compare_stage(out, validation=SHEET)
    return out, result


def expected_corrected(processed) -> pd.DataFrame:
    """The formula, from the sentences table and the sheet alone (matched by normalised text, group
    and country)."""
    sentences = catalogue.read(processed, "sentences")
    counted = sentences[sentences["counted"]].copy()
    counted["key"] = counted["text"].map(normalise_text)
    sheet = pd.read_csv(SHEET, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    sheet["key"] = sheet["text"].map(normalise_text)
    both = sheet.merge(counted[["key", "group", "country", "themes"]], on="key", suffixes=("", "_machine"))
    both = both[(both["group"] == both["group_machine"]) & (both["iso3"] == both["country"])]
    both = both.drop_duplicates("id")
    rows = []
    for group in sorted(both["group"].unique()):
        units = counted[counted["group"] == group]
        sample = both[both["group"] == group]
        for theme in catalogue.read(processed, "theme_prevalence")["theme"].unique():
            machine = np.mean([theme in list(t) for t in units["themes"]])
            human = np.array([theme in t.split(";") for t in sample["themes"]], dtype=float)
            machine_sample = np.array([theme in list(t) for t in sample["themes_machine"]], dtype=float)
            rows.append({"group": group, "theme": theme, "formula": machine + (human - machine_sample).mean(),
                         "matched": len(sample)})  # fmt: skip
    return pd.DataFrame(rows)


def test_corrected_shares_follow_the_formula_for_every_group_and_theme(gd):
    processed, _ = gd
    prev = catalogue.read(processed, "theme_prevalence")
    check = expected_corrected(processed).merge(prev, on=["group", "theme"])
    assert len(check) == 5 * 11
    gap = (check["corrected_share"] - check["formula"]).abs()
    print(f"\nGD 2023: max |corrected - formula| = {gap.max():.2g} over {len(check)} group x theme cells")
    assert gap.max() <= 0.01


def test_every_group_with_a_sample_finds_at_least_95_of_its_sentences(gd):
    processed, result = gd
    prev = catalogue.read(processed, "theme_prevalence").drop_duplicates("group").set_index("group")
    matched = prev["n_validated"].astype(int)
    print("\nGD 2023 matched validation sentences:", matched.to_dict())
    sampled = matched.drop("Observers")
    assert len(sampled) == 5 and (sampled >= 95).all()
    assert matched["Observers"] == 0 and prev.loc[["Observers"], "corrected_share"].isna().all()
    said = str(result)
    assert "no sample for Observers" in said and "themes-random-2023.tsv" in said
    record = catalogue.read_document(processed, "validation")
    assert (
        record["matched_rows"] == int(sampled.sum())
        and len(record["unmatched"]) == 500 - record["matched_rows"]
    )


def test_corrected_intervals_are_wider_than_machine_only_on_average(gd):
    processed, _ = gd
    prev = catalogue.read(processed, "theme_prevalence").dropna(subset=["corrected_share"])
    machine = prev["ci_high"] - prev["ci_low"]
    corrected = prev["corrected_ci_high"] - prev["corrected_ci_low"]
    print(
        f"\nGD 2023 mean interval width: machine-only {machine.mean():.4f}, corrected {corrected.mean():.4f}"
    )
    assert corrected.mean() > machine.mean()
    assert (prev["corrected_ci_low"] <= prev["corrected_share"].clip(0, 1)).all()
    assert (prev["corrected_share"].clip(0, 1) <= prev["corrected_ci_high"]).all()


def test_the_coder_is_checked_per_group_and_differences_are_corrected_too(gd):
    processed, _ = gd
    agree = catalogue.read(processed, "validation_agreement")
    assert set(agree["group"]) == {g for g in config.GROUPS if g != "Arab Group"}
    assert agree["differential_p"].between(0, 1).all()
    diff = catalogue.read(processed, "corrected_differences")
    assert set(diff["family"]) == {"vs_rest", "pairwise"} and "Observers" not in set(diff["group_a"])
    assert len(diff) == 11 * (5 + 10)
