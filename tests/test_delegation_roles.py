"""The Holy See, the State of Palestine and the EU speak as observers, whichever way a transcript names them.

One function (``countries.delegation``) decides a delegation's code, name and role; every reader path
reaches it: a single-statement file, a UN verbatim label, Zoom and Teams caption labels, Word minutes,
a PDF record, "I give the floor to ..." on unlabelled captions, and a speakers.csv override.
"""

from __future__ import annotations

import pytest

from analysis import countries
from analysis.errors import InputError
from analysis.ingest import clean_corpus
from analysis.ingest.speakers import read_overrides

NON_MEMBERS = {"VAT": "Holy See", "PSE": "State of Palestine", "EU": "European Union"}

VERBATIM = """The President: I give the floor to the observer of the State of Palestine.
Mr. Mansour (State of Palestine): Palestine thanks the Assembly for the framework.
The President: I now give the floor to the observer of the Holy See.
Archbishop Caccia (Holy See): The Holy See supports decent work in industry.
Mr. Skoog (European Union) (spoke in French): The Union aligns itself with the statement.
"""

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
State of Palestine - Mr. Mansour: Palestine calls for technology transfer.

2
00:00:04.000 --> 00:00:08.000
Holy See - Msgr. Caccia: The Holy See stresses human dignity at work.

3
00:00:08.000 --> 00:00:12.000
European Union Delegation: The EU supports the framework.
"""

TEAMS = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Palestine Delegation>Palestine asks for skills programmes.</v>

00:00:04.000 --> 00:00:08.000
<v Holy See Mission>The Holy See welcomes the dialogue.</v>

00:00:08.000 --> 00:00:12.000
<v EU Delegation>The Union will fund green industry.</v>
"""

AUTO = """WEBVTT

00:00:00.000 --> 00:00:03.000
>> i now give the floor to the observer of the holy see

00:00:03.000 --> 00:00:06.000
>> thank you the holy see welcomes this framework

00:00:06.000 --> 00:00:09.000
>> thank you i give the floor to the state of palestine

00:00:09.000 --> 00:00:12.000
>> thank you palestine supports industrial policy

00:00:12.000 --> 00:00:15.000
>> i give the floor to the european union

00:00:15.000 --> 00:00:18.000
>> thank you the union supports the framework
"""

DEVICES = """WEBVTT

00:00:00.000 --> 00:00:03.000
iPhone: We support the framework and its impact areas.

00:00:03.000 --> 00:00:06.000
Guest 2: We ask for capacity building in industry.

00:00:06.000 --> 00:00:09.000
Galaxy S21: We welcome the dialogue on skills.
"""
OVERRIDES = """speaker,country,role,session_id
iPhone,VAT,observer,
Guest 2,Palestine,observer,
Galaxy S21,EU,observer,
"""


def _docx(path):
    import docx

    d = docx.Document()
    for label, text in [
        ("State of Palestine:", "Palestine supports the framework."),
        ("Holy See", "The Holy See supports the framework."),
        ("European Union:", "The Union supports the framework."),
    ]:
        p = d.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(" " + text)
    d.save(path)


def _pdf(path):
    import fpdf

    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, VERBATIM.replace("(spoke in French) ", ""))
    pdf.output(str(path))


@pytest.fixture(scope="module")
def turns(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    sessions = []  # (session_id, file, country)
    for code in NON_MEMBERS:
        (raw / f"{code}.txt").write_text("1.  We thank the Assembly.\n\n2.  We support the framework.\n")
        sessions.append((f"single-{code}", f"{code}.txt", code))
    for name, text in [
        ("verbatim.txt", VERBATIM),
        ("zoom.vtt", ZOOM),
        ("teams.vtt", TEAMS),
        ("auto.vtt", AUTO),
    ]:
        (raw / name).write_text(text, encoding="utf-8")
        sessions.append((name.split(".")[0], name, ""))
    (raw / "devices.vtt").write_text(DEVICES, encoding="utf-8")
    _docx(raw / "minutes.docx")
    _pdf(raw / "record.pdf")
    sessions += [("override", "devices.vtt", ""), ("docx", "minutes.docx", ""), ("pdf", "record.pdf", "")]
    lines = ["session_id,file,group,country", *(f"{s},{f},Observers,{c}" for s, f, c in sessions)]
    (raw / "sessions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (raw / "speakers.csv").write_text(OVERRIDES, encoding="utf-8")
    turns, _ = clean_corpus(raw)
    return turns


PATHS = [
    "single-VAT",
    "single-PSE",
    "single-EU",
    "verbatim",
    "zoom",
    "teams",
    "auto",
    "override",
    "docx",
    "pdf",
]


@pytest.mark.parametrize("session", PATHS)
def test_every_non_member_is_an_observer_with_its_code_and_name(turns, session):
    t = turns[turns["session_id"] == session]
    delegations = t[t["country"].notna()]
    expected = [session.split("-")[1]] if session.startswith("single-") else list(NON_MEMBERS)
    assert sorted(delegations["country"]) == sorted(expected), t[["speaker", "country", "role"]]
    for row in delegations.itertuples():
        assert (row.role, row.delegation) == ("observer", NON_MEMBERS[row.country]), (session, row.speaker)


def test_the_chair_is_not_a_delegation(turns):
    chair = turns[turns["speaker"] == "The President"]
    assert len(chair) == 4 and chair["country"].isna().all() and (chair["role"] == "chair").all()


def test_delegation_reads_the_country_table():
    assert countries.delegation("PSE") == countries.Delegation("PSE", "State of Palestine", "observer")
    assert countries.delegation("VAT").role == countries.delegation("EU").role == "observer"
    assert countries.delegation("KEN") == countries.Delegation("KEN", "Kenya", "member_state")
    with pytest.raises(KeyError):
        countries.delegation("XXX")


@pytest.mark.parametrize("code", ["PSE", "VAT", "EU"])
def test_an_override_cannot_make_an_observer_a_member_state(tmp_path, code):
    path = tmp_path / "speakers.csv"
    path.write_text(f"speaker,country,role\nMr. Mansour,{code},member_state\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"speakers.csv:2: role member_state does not fit .*{code}"):
        read_overrides(path)
