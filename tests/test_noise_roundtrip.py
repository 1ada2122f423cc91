"""Round trip: real speech, made noisy in every transcript form, comes back clean and correctly attributed.

Speech paragraphs come from General Debate speeches (../shared); noise is inserted the way each form adds it.
Measured: share of spoken words kept (multiset), share of inserted noise tokens left, words doubled by caption
repetition, share of delegation turns attributed to the right country.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from analysis import config
from analysis.ingest import clean_corpus

pytestmark = pytest.mark.shared

SPEAKERS = [
    ("KEN", "Kenya", "Mr. Otieno"),
    ("GHA", "Ghana", "Ms. Mensah"),
    ("CHL", "Chile", "Sra. Rojas"),
    ("DEU", "Germany", "Mr. Schmidt"),
    ("JPN", "Japan", "Mr. Sato"),
    ("BRA", "Brazil", "Mr. Costa"),
]
FILLERS = ["um", "uh", "erm"]
ANNOTATIONS = ["[inaudible]", "[crosstalk]", "(laughter)"]
FORMS = ["zoom", "teams", "auto", "srt", "verbatim", "docx", "pdf"]


def _words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in re.findall(r"[\w’'-]+", text) if w.strip("'’-")]


@pytest.fixture(scope="module")
def speeches():
    folder = config.UNGDC_DIR / "Session 79 - 2024"
    if not folder.is_dir():
        pytest.skip(f"needs the General Debate corpus at {config.UNGDC_DIR} (absent on this machine)")
    out = {}
    for iso3, _, _ in SPEAKERS:
        text = (folder / f"{iso3}_79_2024.txt").read_text(encoding="utf-8")
        paras = [re.sub(r"^\s*\d+\.\s+", "", p).strip() for p in re.split(r"\n\s*\n|\n(?=\s*\d+\.\s)", text)]
        paras = [" ".join(p.split()) for p in paras if len(p.split()) > 25]
        out[iso3] = " ".join(paras[1:4])
    return out


def _noisy(words: list[str], rng: random.Random, noise: Counter) -> list[str]:
    """Insert fillers, stutters and annotations between real words; count what was inserted."""
    out = []
    for w in words:
        r = rng.random()
        if r < 0.04:
            f = rng.choice(FILLERS)
            out.append(f + ",")
            noise[f] += 1
        elif r < 0.06 and w.isalpha() and w.lower() not in ("that", "had", "is", "very", "no"):
            out.append(w)  # stutter: the word said twice
            noise["stutter:" + w.lower()] += 1
        elif r < 0.07:
            a = rng.choice(ANNOTATIONS)
            out.append(a)
            noise[a] += 1
        out.append(w)
    return out


def _script(speeches, rng, noise):
    """(label kind, iso3, noisy text, clean text) for chair and delegations, in speaking order."""
    turns = [("chair", None, "Good morning, colleagues, and welcome to this dialogue.")]
    for iso3, country, _ in SPEAKERS:
        turns.append(
            ("chair", None, f"Thank you. I now give the floor to the distinguished delegate of {country}.")
        )
        turns.append(("delegate", iso3, speeches[iso3]))
        turns.append(("chair", None, "You are on mute. Can you hear me?") if iso3 == "GHA" else None)
    turns = [t for t in turns if t]
    return [(kind, iso3, " ".join(_noisy(text.split(), rng, noise)), text) for kind, iso3, text in turns]


def _chunks(words, n):
    return [" ".join(words[i : i + n]) for i in range(0, len(words), n)]


def _ts(i):
    return f"00:{i // 60:02d}:{i % 60:02d}.000"


def _label(kind, iso3, form):
    if kind == "chair":
        return {
            "zoom": "UNIDO - Moderator",
            "teams": "Chair",
            "srt": "CHAIR",
            "verbatim": "The Chair",
            "docx": "The Chair",
            "pdf": "The Chair",
        }.get(form)
    _, country, person = next(s for s in SPEAKERS if s[0] == iso3)
    return {
        "zoom": f"{country} - {person}",
        "teams": f"{country} Delegation",
        "srt": f"{country.upper()} DELEGATE",
        "verbatim": f"{person} ({country})",
        "docx": country,
        "pdf": f"{person} ({country})",
    }.get(form)


def _build(form, script, path):
    if form in ("zoom", "teams", "srt"):
        blocks, i = [], 0
        for kind, iso3, noisy, _ in script:
            label = _label(kind, iso3, form)
            for chunk in _chunks(noisy.split(), 12):
                i += 1
                if form == "zoom":
                    blocks.append(f"{i}\n{_ts(i)} --> {_ts(i + 1)}\n{label}: {chunk}\n")
                elif form == "teams":
                    blocks.append(f"{_ts(i)} --> {_ts(i + 1)}\n<v {label}>{chunk}</v>\n")
                else:
                    t = _ts(i).replace(".", ",")
                    blocks.append(f"{i}\n{t} --> {_ts(i + 1).replace('.', ',')}\n{label}: {chunk}\n")
        head = "" if form == "srt" else "WEBVTT\n\nNOTE generated\n\n"
        path.write_text(head + "\n".join(blocks), encoding="utf-8")
    elif form == "auto":
        lines = []
        for _kind, _iso3, noisy, _ in script:
            chunks = _chunks(noisy.split(), 7)
            chunks[0] = ">> " + chunks[0]
            lines.extend(chunks)
        blocks, prev = ["WEBVTT\nKind: captions\nLanguage: en\n"], None
        for i, line in enumerate(lines):
            body = line if prev is None else f"{prev}\n{line}"
            blocks.append(f"{_ts(i)} --> {_ts(i + 1)} align:start position:0%\n{body}\n")
            prev = line
        path.write_text("\n".join(blocks), encoding="utf-8")
    elif form == "verbatim":
        out, n = [], 0
        for kind, iso3, noisy, _ in script:
            words = noisy.split()
            out.append(f"{_label(kind, iso3, form)}: " + " ".join(words[:10]))
            out.extend(_chunks(words[10:], 10))
        lines = []
        for k, line in enumerate(out):
            if k % 30 == 0:
                n += 1
                lines += [f"UNIDO/DD/PV.{n} 01/01/2024", f"24-12345 {n}/9", ""]
            lines.append(line)
        path.write_text("\n".join(lines) + "\n", encoding="utf-16")
    elif form == "docx":
        import docx

        d = docx.Document()
        d.add_heading("Minutes", level=1)
        for kind, iso3, noisy, _ in script:
            p = d.add_paragraph()
            p.add_run(_label(kind, iso3, form) + ":").bold = True
            p.add_run(" " + noisy)
        d.save(path)
    elif form == "pdf":
        import fpdf

        pdf = fpdf.FPDF()
        pdf.set_auto_page_break(True, margin=20)
        pdf.set_font("helvetica", size=10)
        pdf.set_footer = None
        pdf.add_page()
        body = "\n".join(f"{_label(kind, iso3, form)}: {noisy}" for kind, iso3, noisy, _ in script)
        body = body.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
        pdf.multi_cell(0, 5, body.encode("latin-1", "replace").decode("latin-1"))
        pdf.output(str(path))
    return path


@pytest.mark.parametrize("form", FORMS)
def test_noisy_transcripts_come_back_clean(tmp_path, speeches, form):
    rng = random.Random(config.SEED)
    noise: Counter = Counter()
    script = _script(speeches, rng, noise)
    raw = tmp_path / "raw"
    raw.mkdir()
    ext = {
        "zoom": "vtt",
        "teams": "vtt",
        "auto": "vtt",
        "srt": "srt",
        "verbatim": "txt",
        "docx": "docx",
        "pdf": "pdf",
    }[form]
    _build(form, script, raw / f"s.{ext}")
    (raw / "sessions.csv").write_text(f"session_id,file,group\ns,s.{ext},African Group\n", encoding="utf-8")
    turns, log = clean_corpus(raw)

    # The speeches' own editorial marks ("[pause]") are annotations, not spoken words.
    spoken = Counter(w for *_, clean in script for w in _words(re.sub(r"\[[^\]]*\]", " ", clean)))
    got = Counter(w for t in turns["text"] for w in _words(t))
    kept = sum(min(got[w], c) for w, c in spoken.items()) / sum(spoken.values())
    inserted = sum(noise.values())
    left = sum(max(0, got[f] - spoken[f]) for f in FILLERS)
    left += sum(t.count(a) for t in turns["text"] for a in ANNOTATIONS)
    left += sum(
        max(0, got[k.split(":")[1]] - spoken[k.split(":")[1]]) for k in noise if k.startswith("stutter:")
    )
    doubled = sum(max(0, got[w] - c) for w, c in spoken.items() if w not in FILLERS)
    delegate = turns[turns["text"].map(lambda t: len(t.split()) > 40)]
    expected = [
        next(
            (
                iso3
                for kind, iso3, _, clean in script
                if kind == "delegate"
                and _words(clean)[5:15] == _words(t)[5:15]
                or kind == "delegate"
                and _words(clean)[-8:] == _words(t)[-8:]
            ),
            None,
        )
        for t in delegate["text"]
    ]
    right = sum(1 for e, c in zip(expected, delegate["country"], strict=True) if e is not None and e == c)
    n_deleg = sum(1 for kind, *_ in script if kind == "delegate")
    print(
        f"\n{form}: words kept {kept:.2%}, noise left {left}/{inserted} ({left / inserted:.2%}), "
        f"extra words {doubled}, delegation turns right {right}/{n_deleg}, turns {len(turns)}"
    )
    assert kept >= 0.99
    assert left / inserted < 0.01
    assert doubled / sum(spoken.values()) < 0.01
    assert right / n_deleg >= 0.95
