"""Session-level passes over a session's attributed segments, each logged.

- ``merge_variants``: spellings of one speaker become one (``Hon Deputy Speaker`` / ``Hon. Deputy
  Speaker``; ``Hon Nicola Reid (Minister for ...)`` / ``Hon Nicola Reid``; ``Chairman Brandt`` /
  ``The Chairman`` when both preside; ``Hungary`` / ``The representative of Hungary`` / ``Hungary
  Delegation``, a delegation named without a person): the most used spelling (then the shortest) is kept and
  every mapping is logged (``speaker_variant``). Speakers of different delegations never merge.
- ``infer_roles``: a person labelled without a country (a UN briefer, ``Ms. Rivera:``) takes the
  role of the title the session introduces them with ("Ms. Rivera, Under-Secretary-General for
  ..." -> secretariat; an organisation -> other), or the delegation they speak "on behalf of";
  ``unknown`` otherwise; and a name alone (``Ayaka Suzuki``) takes the attribution of the session's fuller
  label holding it as one of its parts (``EOSG | Ayaka Suzuki | Director``, ``Ayaka Suzuki, Director, EOSG``).
  Each inference is logged (``role_inferred``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from analysis import countries
from analysis.ingest.speakers import delegation_named, is_organisation, label_parts
from analysis.ingest.vocabulary import BRIEFER_TITLE, CHAIR_LABEL, LEADING_TITLES, ON_BEHALF_OF

_BRACKETS = re.compile(r"\s*\([^()]*\)")
_PRESIDING_NAME = re.compile(r"^(?:the\s+)?(?P<title>\w+)\s+[A-Z][\w'’-]+$", re.I)


def variant_key(speaker: str) -> str:
    """A speaker's name without titles, brackets, case or punctuation: what spellings of it share. A name
    that is only a delegation's ("Hungary", "The representative of Hungary") is that delegation's."""
    code = delegation_named(speaker)
    if code:
        return f"delegation {code}"
    return countries.normalise(LEADING_TITLES.sub("", _BRACKETS.sub("", speaker)).strip())


def merge_variants(parts: list) -> list:
    """``parts`` of (Speaker, Segment, Cleaned) with every variant of a speaker written one way. A speaker of
    no delegation (a chair, someone unknown) stands in the ``delegation`` column by their name, so it takes
    the one spelling too: "Chair (Ms. Elena Vargas, Costa Rica)" then "Chair" is one chair, not two."""
    groups: dict[tuple, Counter] = {}
    for who, _, _ in parts:
        if who.speaker:
            groups.setdefault((variant_key(who.speaker), who.country, who.role), Counter())[who.speaker] += 1
    canonical = {
        name: min(spellings, key=lambda s: (-spellings[s], len(s), s))
        for spellings in groups.values()
        for name in spellings
    }
    canonical.update(_presiding_names(groups))
    out, logged = [], set()
    for who, seg, cleaned in parts:
        to = canonical.get(who.speaker, who.speaker)
        if to != who.speaker:
            if who.speaker not in logged:
                cleaned.log.add(f"{who.speaker} -> {to}", "speaker_variant", seg.source)
                logged.add(who.speaker)
            named = who.country is None and who.delegation == who.speaker
            who = replace(who, speaker=to, delegation=to if named else who.delegation)
        out.append((who, seg, cleaned))
    return out


def _presiding_names(groups: dict[tuple, Counter]) -> dict[str, str]:
    """ "Chairman Brandt" -> "The Chairman" when the session's chair is also labelled by the bare title."""
    chairs = {s for (_, _, role), spellings in groups.items() if role == "chair" for s in spellings}
    bare = {LEADING_TITLES.sub("", s).lower().split()[-1]: s for s in chairs if CHAIR_LABEL.match(s)}
    out = {}
    for s in chairs - set(bare.values()):
        m = _PRESIDING_NAME.match(s)
        if m and m.group("title").lower() in bare:
            out[s] = bare[m.group("title").lower()]
    return out


def infer_roles(parts: list) -> list:
    """People labelled without a country take the role of the title the session introduces them with."""
    texts = [cleaned.text for _, _, cleaned in parts]
    fuller = _fuller_labels(parts)
    found: dict[str, tuple] = {}
    logged: set[str] = set()
    out = []
    for who, seg, cleaned in parts:
        full = fuller.get(who.speaker) if who.role == "unknown" and who.country is None else None
        if full is not None:
            if who.speaker not in logged:
                logged.add(who.speaker)
                cleaned.log.add(
                    f"{who.speaker} -> {full.role} (as {full.speaker})", "role_inferred", seg.source
                )
            out.append(
                (replace(who, country=full.country, role=full.role, delegation=full.delegation), seg, cleaned)
            )
            continue
        if who.role == "unknown" and who.country is None and who.label and LEADING_TITLES.match(who.speaker):
            if who.speaker not in found:
                found[who.speaker] = _introduced_as(who.speaker, texts, cleaned.text)
                if found[who.speaker][0] != "unknown":
                    cleaned.log.add(f"{who.speaker} -> {found[who.speaker][2]}", "role_inferred", seg.source)
            role, country, _ = found[who.speaker]
            if country:
                d = countries.delegation(country)
                who = replace(who, country=d.code, role=d.role, delegation=d.name)
            elif role != "unknown":
                who = replace(who, role=role)
        out.append((who, seg, cleaned))
    return out


def _fuller_labels(parts: list) -> dict:
    """Speakers named by a name alone -> the one attributed speaker whose label holds that name as a part
    ("Ayaka Suzuki" -> "EOSG | Ayaka Suzuki | Director"; "Kwame Mensah" -> "Kwame Mensah (Ghana)" earlier in
    the session); a name two such speakers hold is left alone."""
    holders: dict[str, set] = {}
    for who, _, _ in parts:
        if who.role == "unknown" or not who.speaker:
            continue
        for part in _name_parts(who.speaker):
            if len(part.split()) >= 2:  # a person's full name, not "Director" or "Kenya"
                holders.setdefault(countries.normalise(part), set()).add(who)
    out = {}
    for who, _, _ in parts:
        name = countries.normalise(LEADING_TITLES.sub("", who.speaker or ""))
        found = holders.get(name, set())
        if who.role == "unknown" and len({(h.country, h.role) for h in found}) == 1:
            out[who.speaker] = min(found, key=lambda h: h.speaker)
    return out


def _name_parts(label: str) -> list[str]:
    """The parts of a label that may be a person's name, titles off (`speakers.label_parts`: "Kwame Mensah
    (Ghana)" -> "Ghana", "Kwame Mensah"; "Chair (Ms. Elena Vargas, Costa Rica)" -> "Elena Vargas", ...)."""
    return [LEADING_TITLES.sub("", p).strip() for p in label_parts(label)]


def _introduced_as(speaker: str, texts: list[str], own: str) -> tuple[str, str | None, str]:
    """(role, delegation code, why) from "Surname, <title>" anywhere in the session, or "on behalf of"."""
    surname = LEADING_TITLES.sub("", speaker).split()[-1]
    for text in texts:
        for m in re.finditer(rf"\b{re.escape(surname)},\s+(?:the\s+)?(?P<title>[^.;:]{{3,120}})", text):
            title = m.group("title")
            if BRIEFER_TITLE.search(title):
                return "secretariat", None, f"secretariat ({title.strip()})"
            if is_organisation(title):
                return "other", None, f"other ({title.strip()})"
    m = ON_BEHALF_OF.search(own[:300])
    code = countries.lookup(m.group("whom").strip()) if m else None
    if code:
        return "delegation", code, f"{code} (speaks on behalf of {m.group('whom').strip()})"
    return "unknown", None, ""
