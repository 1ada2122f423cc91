"""Build the synthetic transcripts of tests/fixtures/wild/ and their ground truth (``*.truth.json``).

Each file reproduces one exporter's exact format (Zoom and Teams WebVTT, YouTube auto-captions,
WhisperX SRT, initials captions, a GPO hearing text, a Hansard PDF, meeting-notes and interview
.docx, a UN briefing record) around speech written for these fixtures. The real files of the
folder (Changelog transcripts) have hand-written truth files and are not touched here.

    .venv/bin/python tools/make_wild_fixtures.py       # rewrites the synthetic files and truths
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "wild"

SENTENCES = """
We need to connect small manufacturers to the digital tools that larger firms already use.
Our ministry has opened three innovation hubs this year, two of them outside the capital.
The question is who pays for the broadband backbone in rural districts.
Skills remain the bottleneck: we train engineers, and then they leave for better salaries abroad.
I would like to come back to the point about data governance raised earlier.
Public procurement can be a lever for local technology suppliers if the rules allow it.
Energy costs decide whether a factory adopts automation or keeps its old lines.
We have piloted a voucher scheme that pays half the cost of a first digital audit.
Women are still a small minority in our technical colleges, and that has to change.
Standards matter more than subsidies when firms want to export to regional markets.
The framework should say plainly how progress will be measured after three years.
Cybersecurity is now a board-level topic even for companies with forty employees.
Our experience with the textile cluster shows that peer learning works better than lectures.
Financing for green retrofits is available, but banks do not understand the technology.
We support the proposal to publish the indicators every year in an open format.
Let me give one concrete example from the food processing sector.
Interoperable payment systems have done more for small traders than any single programme.
Universities and industry rarely speak the same language, so we created joint laboratories.
The informal sector must not be left behind by the move to digital tax filing.
A regional approach makes sense because no single market here is large enough on its own.
Thank you for the clear presentation and the questions it raises for our delegation.
Artificial intelligence will change quality control long before it changes design.
We ask the secretariat to circulate the revised text before the next session.
Our data shows that firms with a digital plan grew twice as fast during the downturn.
Water and power outages cost our manufacturers more than any tariff does.
Young entrepreneurs need patient capital, not only prizes and competitions.
We have learned that regulation has to move at the speed of the market it governs.
Apprenticeships in advanced manufacturing are oversubscribed three times over.
The recycling of electronic waste can become an industry in its own right.
I fully agree with the previous speaker on the need for a realistic timeline.
""".strip().split("\n")


def _speech(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(SENTENCES, n))


def _words(text: str) -> int:
    return len([w for w in re.findall(r"[\w’'-]+", text) if w.strip("'’-")])


def _truth(name, form, turns, *, furniture=(), notes="", speakers_meta=None) -> dict:
    """turns: (speaker, role, text) -> the truth record the benchmark reads."""
    return {
        "file": name,
        "form": form,
        "real": False,
        "set": "tune",
        "source": "synthetic: written for these fixtures by tools/make_wild_fixtures.py",
        "licence": "CC0 (project's own)",
        "notes": notes,
        "turns": [
            {"speaker": s, "role": r, "first": " ".join(t.split()[:6]), "words": _words(t)}
            for s, r, t in turns
        ],
        "furniture": list(furniture),
        **({"speakers": speakers_meta} if speakers_meta else {}),
    }


def _ts(seconds: float, *, hours=True, pad=True, sep=".") -> str:
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    if not pad:
        frac = f"{s:.3f}".rstrip("0")
        return f"{int(h)}:{int(m)}:{frac + '0' if frac.endswith('.') else frac}".replace(".", sep)
    body = f"{int(m):02d}:{s:06.3f}".replace(".", sep)
    return f"{int(h):02d}:{body}" if hours else body


def _chunks(text: str, n: int) -> list[str]:
    w = text.split()
    return [" ".join(w[i : i + n]) for i in range(0, len(w), n)]


# --------------------------------------------------------------------------- caption forms


def zoom(rng):
    turns = [
        ("jdoe", "unknown", "Okay, I think we can start. " + _speech(rng, 3)),
        ("Ana | Acme Labs", "unknown", _speech(rng, 4)),
        ("nodewatcher", "unknown", "Quick question on that. " + _speech(rng, 2)),
        ("Ana | Acme Labs", "unknown", "The answer is simple: " + _speech(rng, 2)),
        ("m.okafor-lee", "unknown", _speech(rng, 3)),
        ("Dr. Wei Zhang (she/her)", "unknown", _speech(rng, 4)),
        ("jdoe", "unknown", _speech(rng, 2) + " Next item: the budget."),
        ("nodewatcher", "unknown", _speech(rng, 3)),
    ]
    cues, t, i = ["WEBVTT", ""], 1.2, 0
    for who, _, text in turns:
        for chunk in _chunks(text, 14):
            i += 1
            cues += [str(i), f"{_ts(t)} --> {_ts(t + 4.1)}", f"{who}: {chunk}", ""]
            t += 4.3
    return "zoom-public-call.vtt", "\n".join(cues), _truth("zoom-public-call.vtt", "Zoom VTT", turns)


def teams_old(rng):
    turns = [
        ("Lena Fischer", "unknown", _speech(rng, 3)),
        ("Kofi Mensah", "unknown", _speech(rng, 4)),
        ("Lena Fischer", "unknown", _speech(rng, 2)),
        ("Rahul Verma", "unknown", _speech(rng, 3)),
    ]
    out, t = ["WEBVTT", ""], 0.0
    for k, (who, _, text) in enumerate(turns):
        for j, chunk in enumerate(_chunks(text, 11)):
            out += [
                f"7f3c2a1e-5d2b-4c1a-9e8f-{k:04d}abcd{j:04d}/{10 + j}-0",
                f"{_ts(t, pad=False)} --> {_ts(t + 3.57, pad=False)}",
                f"<v {who}>{chunk}</v>",
                "",
            ]
            t += 3.61
    return (
        "teams-2020.vtt",
        "\n".join(out),
        _truth("teams-2020.vtt", "old Teams VTT (unpadded timings)", turns),
    )


def teams_new(rng):
    turns = [
        ("Chair", "chair", "Good afternoon and welcome to the consultation. " + _speech(rng, 1)),
        ("Kenya Mission Geneva", "member_state", _speech(rng, 4)),
        ("Chair", "chair", "Thank you. I now give the floor to Chile."),
        ("Ignacio Rojas", "member_state", _speech(rng, 3)),
        ("Chairman", "chair", "Thank you very much. " + _speech(rng, 1)),
        ("Ingrid Olsen", "unknown", _speech(rng, 3)),
    ]
    out, t = ["WEBVTT", ""], 2.0
    for who, _, text in turns:
        for chunk in _chunks(text, 12):
            out += [f"{_ts(t)} --> {_ts(t + 3.2)}", f"<v {who}>{chunk}</v>", ""]
            t += 3.4
    truth = _truth("teams-consultation.vtt", "Teams VTT", turns)
    truth["turns"][3]["country"] = "CHL"  # a person's name after the floor was given to Chile
    truth["turns"][1]["country"] = "KEN"
    return "teams-consultation.vtt", "\n".join(out), truth


def youtube(rng):
    text = [_speech(rng, 3), _speech(rng, 3), _speech(rng, 2)]
    turns = [("", "unknown", t) for t in text]
    lines = []
    for k, t in enumerate(text):
        chunks = _chunks(t, 6)
        chunks[0] = (">> " if k else "") + chunks[0]
        lines += chunks
    out, prev, t = ["WEBVTT", "Kind: captions", "Language: en", ""], None, 0.0
    out += [f"{_ts(t)} --> {_ts(t + 2)} align:start position:0%", "[Music]", ""]
    t += 2
    for line in lines:
        words = line.split()
        timed = words[0] + "".join(f"<{_ts(t + 0.3 * (j + 1))}><c> {w}</c>" for j, w in enumerate(words[1:]))
        body = timed if prev is None else f"{prev}\n{timed}"
        out += [f"{_ts(t)} --> {_ts(t + 2.5)} align:start position:0%", body, ""]
        out += [f"{_ts(t + 2.5)} --> {_ts(t + 2.51)} align:start position:0%", line, ""]
        prev, t = line, t + 2.51
    out += [f"{_ts(t)} --> {_ts(t + 2)} align:start position:0%", f"{prev}\n[Applause]", ""]
    return (
        "youtube-auto.en.vtt",
        "\n".join(out),
        _truth("youtube-auto.en.vtt", "YouTube auto-captions", turns),
    )


def diarised(rng):
    turns = [
        ("SPEAKER_00", "unknown", _speech(rng, 3)),
        ("SPEAKER_01", "unknown", _speech(rng, 2)),
        ("SPEAKER_00", "unknown", _speech(rng, 2)),
        ("SPEAKER_02", "unknown", _speech(rng, 4)),
        ("SPEAKER_01", "unknown", _speech(rng, 2)),
    ]
    out, t, i = [], 0.5, 0
    for who, _, text in turns:
        for chunk in _chunks(text, 10):
            i += 1
            out += [str(i), f"{_ts(t, sep=',')} --> {_ts(t + 2.9, sep=',')}", f"[{who}]: {chunk}", ""]
            t += 3.0
    return "whisperx-diarised.srt", "\n".join(out), _truth("whisperx-diarised.srt", "WhisperX SRT", turns)


def initials(rng):
    turns = [
        ("AB", "unknown", _speech(rng, 2)),
        ("KL", "unknown", _speech(rng, 3)),
        ("AB", "unknown", _speech(rng, 2)),
        ("JdV", "unknown", _speech(rng, 2)),
        ("KL", "unknown", _speech(rng, 1)),
    ]
    out, t, i = [], 1.0, 0
    for k, (who, _, text) in enumerate(turns):
        for j, chunk in enumerate(_chunks(text, 9)):
            i += 1
            tag = "[Applause] " if (k == 2 and j == 0) else ""
            line = f"{tag}{who}: {chunk}" if j == 0 else chunk
            out += [str(i), f"{_ts(t, sep=',')} --> {_ts(t + 2.5, sep=',')}", line, ""]
            t += 2.6
    return "panel-initials.srt", "\n".join(out), _truth("panel-initials.srt", "captions with initials", turns)


# --------------------------------------------------------------------------- text records


FRONT_MATTER = """[House Hearing, 118 Congress]
[From the U.S. Government Publishing Office]



                 MODERNIZING SMALL MANUFACTURERS

=======================================================================

                                HEARING

                               BEFORE THE

                  SUBCOMMITTEE ON INNOVATION AND WORKFORCE

                                 OF THE

                      COMMITTEE ON SMALL BUSINESS
                        HOUSE OF REPRESENTATIVES

                    ONE HUNDRED EIGHTEENTH CONGRESS

                             FIRST SESSION

                               __________

                             MARCH 7, 2024

                               __________

                           Serial No. 118-12

                               __________

                            C O N T E N T S

                           OPENING STATEMENTS

                                                                   Page
Hon. Daniel Brandt...............................................     1
Hon. Kevin Lee...................................................     2

                                WITNESSES

Dr. Hannah Wu, Director, Institute for Advanced Manufacturing....     4
Ms. Rosa Ortiz-Bell, President, Ortiz Tool and Die...............     6

                                APPENDIX

Prepared Statements:
    Dr. Hannah Wu................................................    21
Appendix:
    Questions for the record.....................................    30

                                 (iii)


                 MODERNIZING SMALL MANUFACTURERS

                              ----------

                         THURSDAY, MARCH 7, 2024

                  House of Representatives,
          Subcommittee on Innovation and Workforce,
                       Committee on Small Business,
                                                    Washington, DC.
    The subcommittee met, pursuant to notice, at 10:00 a.m., in Room
2360, Rayburn House Office Building, Hon. Daniel Brandt [chairman of
the subcommittee] presiding.
    Present: Representatives Brandt, Lee, and Ortiz.
"""


def hearing(rng):
    deficits = "Deficits: " + _speech(rng, 2)
    turns = [
        ("The Chairman", "chair", "The Committee will come to order. " + _speech(rng, 3)),
        ("Mr. Lee", "unknown", "Thank you, Mr. Chairman. " + _speech(rng, 4)),
        ("The Chairman", "chair", "Thank you, Mr. Lee. Dr. Wu, you are recognized for 5 minutes."),
        ("Dr. Wu", "unknown", "Thank you, Mr. Chairman, Ranking Member Lee. " + _speech(rng, 6)),
        ("The Chairman", "chair", "Thank you. Ms. Ortiz-Bell, you are recognized."),
        ("Ms. Ortiz-Bell", "unknown", _speech(rng, 3)),
        ("Mr. Lee", "unknown", "Dr. Wu, what would you change first?"),
        ("Dr. Wu", "unknown", _speech(rng, 2)),
        ("The Chairman", "chair", "The hearing is adjourned."),
    ]
    body = []
    for k, (who, _, text) in enumerate(turns):
        label = "Chairman Brandt" if k == 2 else who
        if k == 3:
            body += ["", "  STATEMENT OF HANNAH WU, DIRECTOR, INSTITUTE FOR ADVANCED MANUFACTURING", ""]
        body += _wrap(f"    {label}. {text}", 70)
        if k == 3:
            body += _wrap("    " + deficits, 70)
            body += ["", "    [The prepared statement of Dr. Wu follows:]", ""]
    turns[3] = (turns[3][0], turns[3][1], turns[3][2] + " " + deficits)
    truth = _truth(
        "hearing-gpo.txt",
        "US congressional hearing (GPO text)",
        turns,
        furniture=["[House Hearing", "C O N T E N T S", "Serial No.", "pursuant to notice", "STATEMENT OF"],
        notes="'The Chairman' and 'Chairman Brandt' are one person; 'Deficits:', 'Appendix:' are no speakers",
    )
    return "hearing-gpo.txt", FRONT_MATTER + "\n".join(body) + "\n", truth


def _wrap(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = "" + w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    if text.startswith("    "):
        lines[0] = "    " + lines[0].lstrip()
    return lines


def un_briefing(rng):
    turns = [
        (
            "The President",
            "chair",
            "The meeting is called to order. "
            + _speech(rng, 1)
            + " I give the floor to Ms. Rivera, Under-Secretary-General for Political and"
            + " Peacebuilding Affairs.",
        ),
        ("Ms. Rivera", "secretariat", "I thank the President. " + _speech(rng, 4)),
        (
            "The President",
            "chair",
            "I thank Ms. Rivera for her briefing. I now give the floor to Mr. Haddad, "
            "Executive Director of the Civil Society Forum on Technology.",
        ),
        ("Mr. Haddad", "other", _speech(rng, 3)),
        ("The President", "chair", "I now give the floor to the representative of Ghana."),
        ("Mr. Agyeman (Ghana)", "member_state", _speech(rng, 3)),
        (
            "Mr. Skoog",
            "observer",
            "I have the honour to speak on behalf of the European Union. " + _speech(rng, 2),
        ),
        ("Ms. Ahmed", "unknown", _speech(rng, 2)),
        ("The President", "chair", "There are no more names inscribed on the list of speakers."),
    ]
    roles = {
        "Ms. Rivera": "Under-Secretary-General for Political and Peacebuilding Affairs",
        "Mr. Haddad": "Executive Director of the Civil Society Forum on Technology",
        "Mr. Skoog": "Head of the Delegation of the European Union to the United Nations",
    }
    lines = [
        "United Nations S/PV.9999",
        "Security Council",
        "Seventy-ninth year",
        "9999th meeting",
        "Tuesday, 12 March 2024, 10 a.m.",
        "New York",
        "",
        "Adoption of the agenda",
        "The agenda was adopted.",
        "",
        "In accordance with rule 39 of the Council's provisional rules of procedure, I invite the following "
        + "briefers to participate in this meeting: "
        + "; ".join(f"{k}, {v}" for k, v in roles.items())
        + ".",
        "",
    ]
    for who, _, text in turns:
        lines += _wrap(f"{who}: {text}", 90)
    truth = _truth(
        "un-briefing.txt",
        "UN Security Council record (text)",
        turns,
        furniture=["S/PV.9999"],
        notes="briefers labelled without a country; the EU by its representative's name",
    )
    truth["turns"][6]["country"] = "EU"
    return "un-briefing.txt", "\n".join(lines) + "\n", truth


# --------------------------------------------------------------------------- PDF and Word


def hansard(rng):
    import fpdf

    turns = [
        ("Speaker", "chair", "Order! " + _speech(rng, 1)),
        (
            "Hon Nicola Reid",
            "unknown",
            _speech(rng, 12) + " I seek leave to table the report of the working group.",
        ),
        (
            "Deputy Speaker",
            "chair",
            "Leave is sought for that purpose. Is there any objection? There is none.",
        ),
        ("Tama Walker", "unknown", _speech(rng, 12)),
        ("Deputy Speaker", "chair", "Order! The member will resume his seat. " + _speech(rng, 1)),
        ("Hon Nicola Reid", "unknown", _speech(rng, 14)),
        ("Speaker", "chair", "The House is adjourned."),
    ]
    labels = {
        0: "SPEAKER:",
        1: "Hon NICOLA REID (Minister for Economic Development):",
        2: "Hon Deputy Speaker:",
        3: "TAMA WALKER (Labour—Te Atatū):",
        4: "Hon. Deputy Speaker:",
        5: "Hon NICOLA REID:",
        6: "Mr SPEAKER:",
    }
    pdf = fpdf.FPDF()
    pdf.set_margins(62, 20, 62)
    pdf.set_auto_page_break(True, margin=25)
    page_no = {"n": 4410}

    def header():
        if pdf.page_no() <= 2:
            return
        pdf.set_font("helvetica", size=8)
        page_no["n"] += 1
        left = f"{page_no['n']}    Wednesday, 13 March 2024    HOUSE OF REPRESENTATIVES"
        pdf.cell(
            0,
            5,
            left if pdf.page_no() % 2 else f"Questions for Oral Answer    {page_no['n']}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(3)
        pdf.set_font("helvetica", size=12)

    def footer():
        if pdf.page_no() <= 2:
            return
        pdf.set_y(-15)
        pdf.set_font("helvetica", size=8)
        pdf.cell(0, 5, "Uncorrected transcript - subject to correction and further editing", align="C")

    pdf.header, pdf.footer = header, footer
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    for line in ["PARLIAMENTARY DEBATES", "(HANSARD)", "", "Wednesday, 13 March 2024", "", "Volume 774"]:
        pdf.cell(0, 10, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 8, "CONTENTS", new_x="LMARGIN", new_y="NEXT")
    for line in [
        "Prayers ........................ 4411",
        "Questions for Oral Answer ........................ 4411",
        "Economic Development: ........................ 4411",
        "Adjournment ........................ 4414",
    ]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    text = []
    for k, (_, _, t) in enumerate(turns):
        text.append(f"{labels[k]} {t}")
        if k in (1, 3):
            text.append(_speech(rng, 3) + " I lay it on")
            text.append("the Table: " + _speech(rng, 1))
    # The extra paragraphs belong to the turn before them: fold them into the truth.
    full, k = [], -1
    for para in text:
        if para.startswith(tuple(labels.values())):
            k += 1
            full.append(list(turns[k]))
            full[-1][2] = (
                para.split(":", 1)[1].strip()
                if not para.startswith("Hon NICOLA REID (")
                else para.split("):", 1)[1].strip()
            )
        else:
            full[-1][2] += " " + para
    for para in text:
        pdf.multi_cell(0, 5, para.replace("—", "-").replace("ū", "u"))
        pdf.ln(2)
    path = OUT / "hansard-daily.pdf"
    pdf.output(str(path))
    truth = _truth(
        "hansard-daily.pdf",
        "Hansard PDF",
        [tuple(x) for x in full],
        furniture=["HOUSE OF REPRESENTATIVES", "Uncorrected transcript", "PARLIAMENTARY DEBATES", "CONTENTS"],
        notes="'Hon Deputy Speaker' and 'Hon. Deputy Speaker' are one office; 'the Table:' is not a speaker",
    )
    return "hansard-daily.pdf", None, truth


def meeting_notes(rng):
    import docx

    turns = [
        ("Priya Nair", "unknown", _speech(rng, 3)),
        ("Tomás Ruiz", "unknown", _speech(rng, 2)),
        ("Priya Nair", "unknown", _speech(rng, 2)),
        ("Grace Otieno", "unknown", _speech(rng, 4)),
        ("Tomás Ruiz", "unknown", _speech(rng, 2)),
    ]
    mail = {"Priya Nair": "priya.nair", "Tomás Ruiz": "t.ruiz", "Grace Otieno": "gotieno"}
    d = docx.Document()
    title = d.add_paragraph()
    title.add_run("Open Data Working Group - Community Call Notes").bold = True
    d.add_paragraph("Attendees: Priya Nair, Tomás Ruiz, Grace Otieno")
    d.add_paragraph("Transcript")
    t = 25
    for who, _, text in turns:
        p = d.add_paragraph()
        p.add_run(f"@{t // 60}:{t % 60:02d} - ")
        p.add_run(f"{who} ({mail[who]}@example.org)").bold = True
        for para in _split_paras(text):
            d.add_paragraph(para)
        t += 37 + len(text) // 12
    path = OUT / "meeting-notes.docx"
    d.save(str(path))
    truth = _truth(
        "meeting-notes.docx",
        "meeting-notes .docx (@m:ss - bold name (e-mail))",
        turns,
        furniture=["@example.org", "Community Call Notes", "Attendees:"],
    )
    return "meeting-notes.docx", None, truth


def interview(rng):
    import docx

    turns = [
        ("Interviewer", "unknown", "Could you describe how your firm started using digital tools?"),
        ("Amina Diallo", "unknown", _speech(rng, 4)),
        ("Interviewer", "unknown", "What held you back at first?"),
        ("Amina Diallo", "unknown", _speech(rng, 3)),
        ("Interviewer", "unknown", "And what would you ask of the ministry?"),
        ("Amina Diallo", "unknown", _speech(rng, 3)),
    ]
    d = docx.Document()
    d.add_heading("Interview 07 - Amina Diallo, Diallo Agro-Foods", level=1)
    d.add_paragraph("Date: 4 June 2024. Location: Dakar. Duration: 42 minutes.")
    for who, _, text in turns:
        p = d.add_paragraph()
        p.add_run(f"{who.upper() if who == 'Interviewer' else who}:").bold = True
        p.add_run(" " + text)
    path = OUT / "interview.docx"
    d.save(str(path))
    truth = _truth("interview.docx", "interview .docx", turns, furniture=["Duration: 42 minutes"])
    return "interview.docx", None, truth


def _split_paras(text: str) -> list[str]:
    parts = re.split(r"(?<=\.) ", text)
    half = max(1, len(parts) // 2)
    return [" ".join(parts[:half]), " ".join(parts[half:])] if len(parts) > 2 else [text]


BROKEN = "WEBVTT\n\n1\n00:00:01.000 --> soon\nThis cue has no end time.\n"


def main() -> None:
    rng = random.Random(16)
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (zoom, teams_old, teams_new, youtube, diarised, initials, hearing, un_briefing, hansard,
                 meeting_notes, interview):  # fmt: skip
        name, text, truth = make(rng)
        if text is not None:
            (OUT / name).write_text(text, encoding="utf-8")
        (OUT / f"{name}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
        print(name, sum(t["words"] for t in truth["turns"]), "words")
    (OUT / "broken-timing.vtt").write_text(BROKEN, encoding="utf-8")


if __name__ == "__main__":
    main()
