"""Who spoke in each session and whose speech counts with its group.

The rule for a counted turn (`is_counted`: a delegation's substantive speech) and what the clean stage
says with it: the observers a session's group includes (`sessions.observers`), member states of another
group counted with it, labelled speakers given no delegation, sessions where no one's speech counts. It
lives in the ingest stage because the stage writes and reports it, so a change to it re-runs the stage
(its fingerprint covers `analysis.ingest`); `coding.code` applies the same rule to sentences.
"""

from __future__ import annotations

import pandas as pd

from analysis import config, countries
from analysis.ingest import language


def is_counted(role: pd.Series, procedural: pd.Series, country: pd.Series) -> pd.Series:
    """A delegation's substantive speech: member state or observer, not procedural, country known."""
    return role.isin(config.DELEGATION_ROLES) & ~procedural.fillna(False).astype(bool) & country.notna()


def counted_turns(turns: pd.DataFrame) -> pd.Series:
    """The turns whose words count with their session's group: a delegation's substantive speech."""
    spoke = turns["text"].fillna("").astype(str).str.strip().ne("")
    return is_counted(turns["role"], turns["procedural"], turns["country"]) & spoke


def not_codable(turns: pd.DataFrame) -> dict[str, list[str]]:
    """Per session, the delegations' turns in a language the codebook cannot read (a statement the
    record keeps in Spanish, not interpreted into it): the code stage will count none of them
    (`language.uncounted_by_session`: `not_codable` and `in_passing`). Told here and again by the code
    stage, not kept in `turns`: a column there would change the table's hash, which every figure prints
    as its input."""
    rows = turns[counted_turns(turns).to_numpy(dtype=bool)]
    told = rows.assign(language=language.detect_all(rows["text"].astype(str).tolist()))
    return language.uncounted_by_session(told[language.foreign(told["language"])], "turn", told)


def observers_of(sessions: pd.DataFrame, turns: pd.DataFrame) -> list[list[str]]:
    """Per session: the observers whose substantive speech counts with its group (sorted; named by
    delegation, else by country code), so a figure can say that WEOG's delegations include the
    European Union."""
    counted = counted_turns(turns)
    obs = turns[(counted & turns["role"].eq("observer")).to_numpy(dtype=bool)]
    names = obs["delegation"].fillna(obs["country"]).astype(str)
    by_session = names.groupby(obs["session_id"]).agg(lambda d: sorted(set(d))).to_dict()
    return [by_session.get(sid, []) for sid in sessions["session_id"]]


def guests_of(turns: pd.DataFrame) -> list[str]:
    """The member states of other groups whose substantive speech counts with a regional group's session
    ('BRA in AFR', one per delegation and session): a donor speaking at an African Group session is
    counted among the African Group's priorities unless speakers.csv gives it another role. The Arab
    Group's members are those of the country table; a group of one's own (not a house group) has no
    members to check against."""
    rows = turns[(counted_turns(turns) & turns["role"].eq("member_state")).to_numpy(dtype=bool)]
    found: set[tuple[str, str]] = set()
    for sid, group, code in zip(rows["session_id"], rows["group"], rows["country"], strict=True):
        house = config.house_group(group)
        if house not in config.GROUPS:
            continue
        member = countries.is_arab(code) if house == "Arab Group" else countries.group_of(code) == house
        if not member:
            found.add((str(sid), str(code)))
    return [f"{code} in {sid}" for sid, code in sorted(found)]


def unknown_speakers(turns: pd.DataFrame) -> list[str]:
    """The labelled speakers attribution gave no delegation or role ('Wakanda in LAC', a country the table
    does not know, a misspelling, a diarisation label), by session: their speech counts for no group."""
    named = turns["speaker"].fillna("").astype(str).str.strip()
    rows = turns[(turns["role"].eq("unknown") & named.ne("")).to_numpy(dtype=bool)]
    pairs = sorted(
        {(str(sid), str(s).strip()) for sid, s in zip(rows["session_id"], rows["speaker"], strict=True)}
    )
    return [f"{speaker} in {sid}" for sid, speaker in pairs]


def silent_sessions(turns: pd.DataFrame) -> list[str]:
    """The sessions in which no delegation's speech counts (only the chair spoke, or no speaker was
    identified): read, but adding nothing to any share."""
    counted = counted_turns(turns).groupby(turns["session_id"]).any()
    return sorted(str(sid) for sid in counted.index[~counted.to_numpy(dtype=bool)])
