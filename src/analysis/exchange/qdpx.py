"""The coded sessions as a REFI-QDA project (`.qdpx`), for NVivo, ATLAS.ti, MAXQDA and QualCoder.

A `.qdpx` is a zip of `project.qde` (QDA-XML, validated against `Project-mrt2019.xsd`) and
`sources/`, one UTF-8 `.txt` per session (REFI-QDA 1.5 sections 8 and 9.1.2). In it:

- one `TextSource` per session (text laid out by `sources.layout`);
- the codebook as codes (`qdc`), the codebook's version and hash in the project description;
- one `PlainTextSelection` per coded sentence, at its exact position, with a `Coding` per
  theme and the matched words as a `Note` (and as the selection's description, which is
  what most suites show beside a coded segment);
- one `Case` per delegation, with the variables regional group, country and role, linked
  to a selection over each of its turns that holds counted sentences; and one `Set` of
  sessions per regional group, so a suite's crosstabs reproduce the project's units.

Nothing in the file depends on the clock or on where it is written: GUIDs are name-based,
elements are sorted, zip entries have a fixed date and order, so a re-export is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import __version__, config
from analysis.coding.sentences import theme_lists
from analysis.errors import InputError
from analysis.exchange import qdc
from analysis.exchange.sources import (
    Layout,
    SessionText,
    guid,
    layout,
    require_columns,
    sentence_spans,
)
from analysis.io import atomic_write_bytes
from analysis.progress import progress

DEFAULT_NAME = "Policy dialogues (dialogue-analysis)"
QDE = "project.qde"
# REFI-QDA 1.5 section 8.1: "a sources folder named 'sources'" (zip names are case-sensitive)
SOURCES_DIR = "sources"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_INTERNAL_BYTES = 2**31 - 1  # REFI-QDA 1.5 section 8.5
USER = guid("user", "dialogue-analysis")
# Listed first: QualCoder makes a project's first user its coder name, and the team's codings
# would otherwise come back credited to the automatic coder (`coded_by`).
REVIEWER = guid("user", "reviewer")
# Made by the automatic coder, at no real time (no clock, so re-exports are identical): the zip's
# fixed date. Some suites need a date on notes (QualCoder fails on a note without one).
MADE = {"creatingUser": USER, "creationDateTime": "1980-01-01T00:00:00Z"}
# Codes people gave (`themes --overrides`), credited to them, so that a second review round reads back
# `coded_by` as the team's and not as the automatic coder's. Listed only in a project that has some.
TEAM = guid("user", "team-overrides")
TEAM_NAME = "Your team (codes applied with --overrides)"
VARIABLES = {  # name -> description; every one a Text variable of the cases
    "Regional group": "Regional group of the sessions where the delegation's counted sentences were said.",
    "Country": "ISO 3166-1 alpha-3 code of the delegation (EU for the European Union).",
    "Role": "member_state, observer or other.",
}
EVIDENCE_COLUMNS = ("sentence_id", "theme", "text", "start")
MATCHED_WORDS = "Matched words: "  # how a coded sentence's selection description begins


@dataclass(frozen=True)
class ProjectSummary:
    path: Path
    sessions: int
    selections: int
    codings: int
    cases: int

    def __str__(self) -> str:
        return (
            f"export: {self.sessions:,} sessions, {self.selections:,} coded sentences "
            f"({self.codings:,} codings), {self.cases:,} delegations as cases -> {self.path}"
        )


def evidence_text(evidence: pd.DataFrame | None, codebook) -> dict[str, str]:
    """Sentence id -> `Theme: word, word; Theme: word` (the matched words, in text order)."""
    if evidence is None or evidence.empty:
        return {}
    require_columns(evidence, EVIDENCE_COLUMNS, "evidence")
    order = {t: i for i, t in enumerate(codebook.ids())}
    # a code people gave (rule `analyst`) has no matched words: it is credited to them, not described
    ev = evidence.assign(_order=evidence["theme"].map(order)).dropna(subset=["_order"])
    ev = ev[ev["text"].fillna("").astype(str).str.strip().ne("")]
    ev = ev.sort_values(["sentence_id", "_order", "start", "text"], kind="stable")
    words: dict[str, dict[int, dict[str, None]]] = {}
    for sid, theme, word in zip(ev["sentence_id"], ev["_order"], ev["text"], strict=True):
        words.setdefault(str(sid), {}).setdefault(int(theme), {})[str(word)] = None
    labels = [t.label for t in codebook.themes]
    return {
        sid: "; ".join(f"{labels[t]}: {', '.join(ws)}" for t, ws in by_theme.items())
        for sid, by_theme in words.items()
    }


def coded_sentences(spans: pd.DataFrame, codebook) -> pd.DataFrame:
    """The sentences that carry a theme, themes as lists in codebook order (unknown ids are an error)."""
    known = codebook.ids()
    themes = theme_lists(spans)
    for sid, ts in zip(spans["sentence_id"], themes, strict=True):
        bad = [t for t in ts if t not in known]
        if bad:
            raise InputError(
                f"sentences: sentence {sid} has theme(s) {', '.join(bad)}, "
                f"not in codebook {codebook.version} "
                "(re-run themes with this codebook)"
            )
    ordered = [[t for t in known if t in ts] for ts in themes]
    keep = [bool(ts) for ts in ordered]
    ordered = pd.Series(ordered, index=spans.index, dtype=object)
    return spans.assign(themes=ordered)[keep].reset_index(drop=True)


def _any_overridden(coded: pd.DataFrame) -> bool:
    return "overridden" in coded and bool(coded["overridden"].fillna(False).astype(bool).any())


def delegation_turns(lay: Layout, spans: pd.DataFrame) -> pd.DataFrame:
    """Each turn holding a counted sentence: session, turn, country, delegation, role, group, position."""
    require_columns(spans, ("counted",), "sentences")
    counted = spans[spans["counted"].astype(bool)][["session_id", "turn"]].drop_duplicates()
    rows = lay.turns.assign(group=[lay.texts[s].group for s in lay.turns["session_id"]])
    if "country" not in rows:
        return rows.iloc[0:0]
    rows = rows.merge(counted, on=["session_id", "turn"], how="inner")
    rows = rows[rows["country"].notna() & rows["country"].astype(str).str.strip().ne("")]
    rows["delegation"] = _text_or(rows, "delegation", rows["country"])
    rows["role"] = _text_or(rows, "role", "unknown")
    cols = ["session_id", "turn", "country", "delegation", "role", "group", "text_start", "text_end"]
    return (
        rows[cols]
        .astype({"country": str, "delegation": str, "role": str})
        .sort_values(["session_id", "turn"])
    )


def _text_or(rows: pd.DataFrame, column: str, fallback) -> pd.Series:
    """`column` where a cell holds text, else `fallback`: a table built elsewhere may lack the column or leave
    cells empty (an empty delegation crashed the case's name, an empty role read "nan"), or hold them as
    categories (R's factors), which take no value outside their own."""
    values = (
        rows[column].astype(object) if column in rows else pd.Series(None, index=rows.index, dtype=object)
    )
    return values.where(values.notna() & values.astype(str).str.strip().ne(""), fallback)


def _mode(values: pd.Series) -> str:
    counts = values.value_counts()
    return sorted(counts[counts == counts.max()].index)[0]


def _cases(E, turns: pd.DataFrame, texts: dict[str, SessionText]) -> tuple[list, list]:
    """The Variables and the Cases: one case per delegation, its counted turns as selection refs."""
    variables = [
        E(
            "Variable",
            {"guid": guid("variable", n), "name": n, "typeOfVariable": "Text"},
            E("Description", text=d),
        )
        for n, d in VARIABLES.items()
    ]
    cases = []
    for country, part in turns.groupby("country", sort=True):
        name = _mode(part["delegation"])
        values = {
            "Regional group": "; ".join(config.group_order(part["group"])),
            "Country": country,
            "Role": _mode(part["role"]),
        }
        cases.append(
            E(
                "Case",
                {"guid": guid("case", country), "name": name},
                E("Description", text=f"Delegation of {name} ({country}): its turns with counted sentences."),
                *(
                    E(
                        "VariableValue",
                        None,
                        E("VariableRef", {"targetGUID": guid("variable", k)}),
                        E("TextValue", text=v),
                    )
                    for k, v in values.items()
                ),
                *(
                    E("SelectionRef", {"targetGUID": turn_guid(texts[s], a, b)})
                    for s, a, b in zip(part["session_id"], part["text_start"], part["text_end"], strict=True)
                ),
            )
        )
    cases.sort(key=lambda c: (c.get("name").casefold(), c.get("guid")))
    return variables, cases


def turn_guid(text: SessionText, start: int, end: int) -> str:
    return guid("turn", text.guid, start, end)


def selection_guid(text: SessionText, start: int, end: int) -> str:
    return guid("selection", text.guid, start, end)


def note_guid(selection: str) -> str:
    """The GUID of the note of matched words the export hangs on a selection (by its GUID): how
    import-coding tells the export's own notes from those written in a suite."""
    return guid("note", selection)


def words_description(words: str) -> str:
    """The description the export gives a coded sentence's selection: its matched words
    (`evidence_text`), also its note's text."""
    return f"{MATCHED_WORDS}{words}"


def source_description(text: SessionText) -> str:
    """The description the export gives a session's source; another one is a memo written in a suite."""
    origin = f" (from {text.file})" if text.file else ""
    return (
        f"Session {text.session_id} of the {text.group}{origin}: the cleaned transcript, "
        "one turn a paragraph."
    )


def _source(
    E, text: SessionText, coded: pd.DataFrame, turns: pd.DataFrame, evidence: dict[str, str], notes: list
):
    """One TextSource: its coded sentences and its delegations' turns as selections, by position."""
    items = []
    overridden = coded["overridden"] if "overridden" in coded else pd.Series(False, index=coded.index)
    for row, by_people in zip(
        coded[["sentence_id", "src_start", "src_end", "themes"]].itertuples(index=False),
        overridden.fillna(False).astype(bool),
        strict=True,
    ):
        sel = selection_guid(text, row.src_start, row.src_end)
        words = evidence.get(row.sentence_id)
        note = None
        if words:
            words_note = note_guid(sel)
            notes.append(
                E(
                    "Note",
                    {"guid": words_note, "name": f"Matched words, {row.sentence_id}", **MADE},
                    E("PlainTextContent", text=words),
                )
            )
            note = E("NoteRef", {"targetGUID": words_note})
        codings = [
            E(
                "Coding",
                {"guid": guid("coding", sel, t), **MADE, **({"creatingUser": TEAM} if by_people else {})},
                E("CodeRef", {"targetGUID": qdc.code_guid(t)}),
            )
            for t in row.themes
        ]
        attrs = {
            "guid": sel,
            "name": row.sentence_id,
            "startPosition": str(row.src_start),
            "endPosition": str(row.src_end),
        }
        desc = E("Description", text=words_description(words)) if words else None
        items.append(
            (
                (row.src_start, row.src_end, 0),
                E("PlainTextSelection", {**attrs, **MADE}, desc, *codings, note),
            )
        )
    for row in turns.itertuples(index=False):
        attrs = {
            "guid": turn_guid(text, row.text_start, row.text_end),
            "name": f"{row.delegation}, turn {row.turn}",
            "startPosition": str(row.text_start),
            "endPosition": str(row.text_end),
            **MADE,
        }
        items.append(((row.text_start, row.text_end, 1), E("PlainTextSelection", attrs)))
    return E(
        "TextSource",
        {
            "guid": text.guid,
            "name": text.session_id,
            "plainTextPath": f"internal://{text.file_name}",
            **MADE,
        },
        E("Description", text=source_description(text)),
        *(el for _, el in sorted(items, key=lambda x: x[0])),
    )


def project_description(codebook, n_sessions: int, n_coded: int) -> str:
    return (
        f"Exported by dialogue-analysis {__version__} with codebook {codebook.version} "
        f"(sha256 {codebook.hash}). {n_sessions} sessions, one source each: the cleaned transcript, "
        f"each turn a paragraph 'Speaker (Delegation): text'. {n_coded} coded sentences, one selection "
        "each with a code per theme and the words that matched as a note. Cases are delegations "
        "(variables: regional group, country, role), linked to their turns with counted sentences; "
        "sets group the sessions by regional group. "
        "Positions are Unicode code points from 0, end exclusive."
    )


def project_files(
    turns, sentences, evidence, codebook, name: str = DEFAULT_NAME
) -> tuple[bytes, dict[str, bytes], dict]:
    """`project.qde`, the source texts by file name, and the counts; nothing written."""
    lay = layout(turns)
    texts = lay.texts
    spans = sentence_spans(lay, sentences)
    coded = coded_sentences(spans, codebook)
    words = evidence_text(evidence, codebook)
    dturns = delegation_turns(lay, spans)
    E = qdc.Builder(qdc.PROJECT_NS)
    variables, cases = _cases(E, dturns, texts)
    notes: list = []
    coded_in, turns_in = dict(tuple(coded.groupby("session_id"))), dict(tuple(dturns.groupby("session_id")))
    no_coded, no_turns = coded.iloc[0:0], dturns.iloc[0:0]
    sources = [
        _source(E, t, coded_in.get(sid, no_coded), turns_in.get(sid, no_turns), words, notes)
        for sid, t in progress(texts.items(), desc="export", total=len(texts), unit="session")
    ]
    by_group: dict[str, list[str]] = {}
    for t in texts.values():
        by_group.setdefault(t.group, []).append(t.guid)
    sets = [
        E("Set", {"guid": guid("group-set", g), "name": g}, E("Description", text=f"Sessions of the {g}."),
          *(E("MemberSource", {"targetGUID": s}) for s in by_group[g]))
        for g in config.group_order(by_group)
    ] + qdc.kind_sets(E, codebook, "targetGUID")  # fmt: skip
    root = E.root(
        "Project",
        {
            "name": name,
            "origin": f"dialogue-analysis {__version__}",
            "creatingUserGUID": USER,
            "creationDateTime": MADE["creationDateTime"],
        },
        E(
            "Users",
            None,
            E("User", {"guid": REVIEWER, "name": "Reviewer (set your own coder name)"}),
            E("User", {"guid": USER, "name": "dialogue-analysis (automatic coding)"}),
            E("User", {"guid": TEAM, "name": TEAM_NAME}) if _any_overridden(coded) else None,
        ),
        E("CodeBook", None, qdc.codes_element(E, codebook)),
        E("Variables", None, *variables) if cases else None,
        E("Cases", None, *cases) if cases else None,
        E("Sources", None, *sources) if sources else None,
        E("Notes", None, *notes) if notes else None,
        E("Sets", None, *sets) if sets else None,
        E("Description", text=project_description(codebook, len(texts), len(coded))),
    )
    files = {t.file_name: t.text.encode("utf-8") for t in texts.values()}
    for file_name, data in files.items():
        if len(data) > MAX_INTERNAL_BYTES:
            raise InputError(f"turns: the text of source {file_name} exceeds the 2 GB REFI-QDA limit")
    counts = {
        "sessions": len(texts),
        "selections": len(coded),
        "codings": int(coded["themes"].map(len).sum()),
        "cases": len(cases),
    }
    return qdc.xml_bytes(root), files, counts


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on the members: fixed date, permissions, order and compression."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


def export_project(
    turns: pd.DataFrame,
    sentences: pd.DataFrame,
    evidence: pd.DataFrame | None,
    codebook,
    out_path: str | Path,
    *,
    name: str = DEFAULT_NAME,
) -> ProjectSummary:
    """Write the REFI-QDA project of these tables to `out_path` (atomically) and say what is in it."""
    codebook = codebook if codebook is not None else qdc.load_codebook()
    qde, files, counts = project_files(turns, sentences, evidence, codebook, name)
    members = [(QDE, qde), *((f"{SOURCES_DIR}/{n}", files[n]) for n in sorted(files))]
    path = atomic_write_bytes(out_path, zip_bytes(members))
    return ProjectSummary(path=Path(path), **counts)
