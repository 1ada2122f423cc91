"""The country table and its look-ups: every name a delegation goes by maps to one ISO3."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import config, countries
from analysis.errors import InputError

GROUPS = {
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group",
    "Western European and Others Group",
}


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return countries.table()


# --- the table's invariants (always checked) -----------------------------------------


def test_193_members_and_three_observers(df):
    assert (df["status"] == "member_state").sum() == 193
    assert sorted(df.loc[df["status"] == "observer", "iso3"]) == ["EU", "PSE", "VAT"]
    assert set(df["status"]) == {"member_state", "observer"}


def test_codes_are_unique_and_well_formed(df):
    assert df["iso3"].is_unique and df["iso2"].is_unique
    states = df[df["iso3"] != "EU"]
    assert states["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert states["iso2"].str.fullmatch(r"[A-Z]{2}").all()


def test_file_is_sorted_utf8_with_the_documented_columns():
    raw = config.COUNTRY_TABLE.read_bytes().decode("utf-8")
    assert raw.splitlines()[0] == "iso3,iso2,name,un_group,arab_group,status,variants,other_languages"
    iso3 = [line.split(",")[0] for line in raw.splitlines()[1:]]
    assert iso3 == sorted(iso3)
    assert "Türkiye" in raw and "Côte d'Ivoire" in raw


def test_every_member_has_one_of_the_five_groups(df):
    members = df[df["status"] == "member_state"]
    assert set(members["un_group"]) == GROUPS
    observers = df.set_index("iso3")["un_group"]
    assert observers["VAT"] == "" and observers["EU"] == ""


def test_group_sizes(df):
    sizes = df[df["status"] == "member_state"]["un_group"].value_counts().to_dict()
    assert sizes == {
        "African Group": 54,
        "Asia-Pacific Group": 54,
        "Eastern European Group": 23,
        "Latin American and Caribbean Group": 33,
        "Western European and Others Group": 29,
    }


@pytest.mark.parametrize(
    "iso3, group",
    [
        ("ARM", "Eastern European Group"),  # listed twice in the source: EEG is right
        ("AZE", "Eastern European Group"),
        ("AUS", "Western European and Others Group"),
        ("NZL", "Western European and Others Group"),
        ("USA", "Western European and Others Group"),
        ("TUR", "Western European and Others Group"),
        ("ISR", "Western European and Others Group"),
        ("KIR", "Asia-Pacific Group"),
        ("CYP", "Asia-Pacific Group"),
        ("PSE", "Asia-Pacific Group"),
        ("EGY", "African Group"),
        ("SAU", "Asia-Pacific Group"),
        ("CUB", "Latin American and Caribbean Group"),
        ("RUS", "Eastern European Group"),
        ("VAT", None),
        ("EU", None),
        ("XXX", None),
        (None, None),
    ],
)
def test_group_of(iso3, group):
    assert countries.group_of(iso3) == group


def test_arab_league_has_22_members_including_palestine(df):
    arab = set(df.loc[df["arab_group"], "iso3"])
    assert len(arab) == 22
    assert {"PSE", "SOM", "DJI", "COM", "MRT", "EGY", "SYR"} <= arab
    assert not arab & {"IRN", "TUR", "ISR", "TCD", "ERI"}


@pytest.mark.parametrize(
    "iso3, arab", [("PSE", True), ("COM", True), ("IRN", False), ("EU", False), (None, False)]
)
def test_is_arab(iso3, arab):
    assert countries.is_arab(iso3) is arab


def test_no_variant_names_two_countries(df):
    owner: dict[str, str] = {}
    for row in df.itertuples():
        for variant in [row.name, *row.variants.split("|"), *filter(None, row.other_languages.split("|"))]:
            key = countries.normalise(variant)
            assert owner.setdefault(key, row.iso3) == row.iso3, f"{variant!r}: {owner[key]} and {row.iso3}"


def test_every_name_and_variant_looks_up_to_its_own_row(df):
    for row in df.itertuples():
        assert countries.lookup(row.name) == row.iso3
        for variant in [*row.variants.split("|"), *filter(None, row.other_languages.split("|"))]:
            assert countries.lookup(variant) == row.iso3, variant


def test_french_and_spanish_names_leave_out_first_names_and_english_words(df):
    """`other_languages` (CLDR's names, tools/build_countries.py) knows "Maroc" and "España" but not
    "Maurice" (Mauritius), "Dominique" (Dominica) or "Grenade" (Grenada): a person and a weapon."""
    names = {n for cell in df["other_languages"] for n in cell.split("|")}
    assert {"Maroc", "España", "Royaume-Uni", "Reino Unido", "Fédération de Russie"} <= names
    assert not names & {"Maurice", "Mauricio", "Dominique", "Salvador", "Grenade"}
    assert countries.find_in_text("grenade launchers killed two civilians") == []


# --- lookup ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Kenya", "KEN"),
        ("KENYA", "KEN"),
        ("  kenya ", "KEN"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("TÜRKIYE", "TUR"),
        ("Turkey", "TUR"),
        ("Republic of Türkiye", "TUR"),
        ("Korea, Republic of", "KOR"),
        ("Republic of Korea", "KOR"),
        ("the Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Democratic People’s Republic of Korea", "PRK"),  # curly apostrophe, as in UN PDFs
        ("Korea, Democratic People's Republic of", "PRK"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Bolivarian Republic of Venezuela", "VEN"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Venezuela, Bolivarian Republic of", "VEN"),
        ("Plurinational State of Bolivia", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Islamic Republic of Iran", "IRN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Syrian Arab Republic", "SYR"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Laos", "LAO"),
        ("Republic of Moldova", "MDA"),
        ("Moldova, Republic of", "MDA"),
        ("United Republic of Tanzania", "TZA"),
        ("Tanzania, United Republic of", "TZA"),
        ("Czech Republic", "CZE"),
        ("Swaziland", "SWZ"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Cape Verde", "CPV"),
        ("East Timor", "TLS"),
        ("Timor Leste", "TLS"),
        ("Burma", "MMR"),
        ("Brunei", "BRN"),
        ("Russia", "RUS"),
        ("Micronesia (Federated States of)", "FSM"),
        ("Federated States of Micronesia", "FSM"),
        ("United States of America", "USA"),
        ("United States", "USA"),
        ("USA", "USA"),
        ("U.S.A.", "USA"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Congo", "COG"),
        ("Republic of the Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo, The Democratic Republic of the", "COD"),
        ("DR Congo", "COD"),
        ("D.R. Congo", "COD"),
        ("Dem. Rep. Congo", "COD"),
        ("Congo, Dem. Rep.", "COD"),
        ("Egypt, Arab Rep.", "EGY"),
        ("Gambia, The", "GMB"),
        ("The Gambia", "GMB"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("St. Kitts & Nevis", "KNA"),
        ("St Vincent and the Grenadines", "VCT"),
        ("Sao Tome and Principe", "STP"),
        ("São Tomé and Príncipe", "STP"),
        ("Guinea-Bissau", "GNB"),
        ("Guinea Bissau", "GNB"),
        ("Guinea", "GIN"),
        ("Equatorial Guinea", "GNQ"),
        ("Papua New Guinea", "PNG"),
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"),
        ("Sudan", "SDN"),
        ("the Sudan", "SDN"),
        ("South Sudan", "SSD"),
        ("Federal Republic of Somalia", "SOM"),  # formal form not listed: falls back to "Somalia"
        ("Republic of Kenya", "KEN"),
        ("European Union", "EU"),
        ("EU", "EU"),
        ("Holy See", "VAT"),
        ("Vatican", "VAT"),
        ("State of Palestine", "PSE"),
        ("Palestine", "PSE"),
        ("KEN", "KEN"),
        ("GB", "GBR"),
        ("CIV", "CIV"),
    ],
)
def test_lookup(text, iso3):
    assert countries.lookup(text) == iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Czech Rep.", "CZE"),
        ("Slovak Rep.", "SVK"),
        ("Kyrgyz Rep.", "KGZ"),
        ("Dominican Rep.", "DOM"),  # not Dominica
        ("Central African Rep.", "CAF"),
        ("Syrian Arab Rep.", "SYR"),
        ("Russian Fed.", "RUS"),
        ("Rep. of Moldova", "MDA"),
        ("Korea, Rep.", "KOR"),  # the World Bank's lists turn the name round without 'of'
        ("Korea, Dem. People's Rep.", "PRK"),
        ("Iran, Islamic Rep.", "IRN"),
        ("Congo, Dem. Rep.", "COD"),
        ("Congo, Rep.", "COG"),
    ],
)
def test_a_name_with_republic_or_federation_abbreviated_is_the_country(text, iso3):
    """Attendance lists and minutes shorten the formal words ("Czech Rep.", "Russian Fed.", the World
    Bank's "Korea, Rep."): a new round's "Czech Rep." was a speaker of no delegation, its speech counted
    for nobody."""
    assert countries.lookup(text) == iso3


@pytest.mark.parametrize(
    "text",
    [
        None,
        float("nan"),  # a blank cell of a table read by pandas
        "",
        "   ",
        "Korea",
        "Republic of",
        "Narnia",
        "Guest",
        "African Group",
        "Latin America",
        "ken",
        "Chair",
    ],
)
def test_lookup_refuses_what_is_not_one_country(text):
    # "Korea" alone could be either Korea; "ken" is not a code in capitals.
    assert countries.lookup(text) is None


# --- find_in_text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("H.E. Ms. Y, Ambassador of Chile", ["CHL"]),
        ("Guinea-Bissau", ["GNB"]),
        ("Equatorial Guinea", ["GNQ"]),
        ("Papua New Guinea", ["PNG"]),
        ("Guinea and Guinea-Bissau", ["GIN", "GNB"]),
        ("Niger and Nigeria", ["NER", "NGA"]),
        ("Dominica, not the Dominican Republic", ["DMA", "DOM"]),
        ("South Sudan", ["SSD"]),
        ("the Sudan and South Sudan", ["SDN", "SSD"]),
        ("Democratic Republic of the Congo", ["COD"]),
        ("Dem. Rep. Congo, as the list writes it", ["COD"]),  # a variant of the table, spelt out as keys are
        ("the Czech Rep. and the Slovak Rep.", ["CZE", "SVK"]),
        ("the Republic of the Congo", ["COG"]),
        ("Republic of Korea and the Democratic People's Republic of Korea", ["KOR", "PRK"]),
        ("Korea", []),
        ("statement by the USA and the U.K.", ["USA", "GBR"]),
        ("let us begin; thank us", []),  # acronyms count only in capitals
        ("Latin America and the Caribbean", []),
        ("Kenya, Kenya and KENYA", ["KEN"]),
        ("Türkiye then Turkey then Turkiye", ["TUR"]),
        ("", []),
        (None, []),
    ],
)
def test_find_in_text(text, found):
    assert countries.find_in_text(text) == found


def test_find_spans_point_at_the_name():
    text = "Mr. Mukongo (Democratic Republic of the Congo)"
    [(start, end, iso3)] = countries.find_spans(text)
    assert (text[start:end], iso3) == ("Democratic Republic of the Congo", "COD")


@pytest.mark.parametrize(
    "text, names",
    [
        ("It's late, so I'd now give the floor to Kenya.", ["Kenya"]),
        ("Thank you, Côte d'Ivoire. Trinidad & Tobago, then Côte d’Ivoire and Ghana.",
         ["Côte d'Ivoire", "Trinidad & Tobago", "Côte d’Ivoire", "Ghana"]),
        ("The ﬁrst speaker is Fiji.", ["Fiji"]),  # a ligature the fold writes as two letters
    ],
)  # fmt: skip
def test_find_spans_point_at_the_name_after_apostrophes_and_ampersands(text, names):
    """The scan folds apostrophes away and reads "&" as " and ": the spans still point into the text as given
    (they fell one character short per apostrophe before them and ran long after an "&")."""
    assert [text[start:end] for start, end, _ in countries.find_spans(text)] == names


@pytest.mark.parametrize(
    "text, names",
    [
        ("I give the floor to Kenya's delegate.", ["Kenya"]),
        ("Côte d’Ivoire’s view, then Türkiye's and the USA's.", ["Côte d’Ivoire", "Türkiye", "USA"]),
        ("The Philippines' view and the Democratic People's Republic of Korea's.",
         ["Philippines", "Democratic People's Republic of Korea"]),
        ("The United States's position.", ["United States"]),
        ("KENYA'S DELEGATION", ["KENYA"]),
        ("Kenyas and Kenyan's are no names; the usa's is not the USA.", ["USA"]),
        ("The Czech Rep's view, St Lucia's and Kenya''s.", ["Czech Rep", "St Lucia", "Kenya"]),
    ],
)  # fmt: skip
def test_a_name_in_the_possessive_is_the_name(text, names):
    """ "Kenya's delegate" names Kenya: the fold drops the apostrophe, and "Kenyas" is no name, so the chair's
    "I give the floor to Kenya's delegate." gave the floor to nobody. The span ends before the "'s"; an
    acronym still counts only in capitals, and a word that only ends in s is not a possessive."""
    assert [text[start:end] for start, end, _ in countries.find_spans(text)] == names


@pytest.mark.parametrize(
    "text, written",
    [
        ("thank you. côte d'ivoire and the republic of moldova",
         "thank you. Côte d'Ivoire and the Republic of Moldova"),
        ("I give the floor to saint vincent and the grenadines",
         "I give the floor to Saint Vincent and the Grenadines"),
        ("Thank you. We eat turkey.", "Thank you. We eat turkey."),  # capitals: the text writes its names
        ("water is life", "water is life"),
        ("I'm sure I thank ghana", "I'm sure I thank Ghana"),  # the pronoun is no capital of a name
    ],
)  # fmt: skip
def test_names_capitalised_only_in_a_text_without_capitals(text, written):
    assert countries.names_capitalised(text) == written


@pytest.mark.parametrize(
    "iso3, short",
    [
        ("KOR", "Republic of Korea"),
        ("TUR", "Türkiye"),
        ("USA", "United States"),
        ("VNM", "Viet Nam"),
        ("COD", "Democratic Republic of the Congo"),
        ("VEN", "Venezuela"),
        ("EU", "European Union"),
    ],
)
def test_name(iso3, short):
    assert countries.name(iso3) == short


@pytest.mark.parametrize(
    "iso3, status", [("KEN", "member_state"), ("PSE", "observer"), ("EU", "observer"), ("XXX", None)]
)
def test_status(iso3, status):
    assert countries.status(iso3) == status


def test_name_of_unknown_code_raises():
    with pytest.raises(KeyError):
        countries.name("XXX")


# --- against ../shared (skipped where it is absent) ------------------------------------------


def _yaml(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["includes"]


def test_table_covers_the_shared_group_lists(shared_dir, df):
    ref = shared_dir / "reference" / "un-regional-groups"
    by_iso2 = df.set_index("iso2")
    slips = {"AM", "AZ", "AU", "NZ"}  # in two lists in the source; see ../shared/README.md
    listed = set()
    for fname, group in [
        ("AFRICANGROUP.yaml", "African Group"),
        ("ASIAPACIFICGROUP.yaml", "Asia-Pacific Group"),
        ("EEG.yaml", "Eastern European Group"),
        ("GRULAC.yaml", "Latin American and Caribbean Group"),
        ("WEOG.yaml", "Western European and Others Group"),
    ]:
        for item in _yaml(ref / fname):
            assert item["id"] in by_iso2.index, item
            listed.add(item["id"])
            if item["id"] not in slips:
                assert by_iso2.at[item["id"], "un_group"] == group, item
            assert countries.lookup(item["name"]) == by_iso2.at[item["id"], "iso3"], item["name"]
    assert len(listed) == 193
    assert listed == set(df.loc[df["status"] == "member_state", "iso2"])
    arab = {item["id"] for item in _yaml(ref / "LAS.yaml")}
    assert arab == set(df.loc[df["arab_group"], "iso2"])
    for item in _yaml(ref / "LAS.yaml"):
        assert countries.lookup(item["name"]) == by_iso2.at[item["id"], "iso3"], item["name"]


def test_every_general_debate_speaker_code_is_in_the_table(shared_dir):
    files = list((shared_dir / "corpora" / "ungdc").glob("Session */*.txt"))
    if not files:
        pytest.skip("no General Debate speeches under ../shared/corpora/ungdc")
    found = {f.name.split("_")[0] for f in files}
    assert found - set(countries.codes()) == set()


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Socialist Republic of Romania", "ROU"),
        ("Democratic Republic of Sudan", "SDN"),
        ("Union of Myanmar", "MMR"),
    ],
)
def test_a_formal_name_the_table_does_not_list_is_the_country_after_its_last_of(text, iso3):
    """Older records give a state the formal name it had then: formal words before "of" and a country
    after it name that country, though the table lists no such variant."""
    assert countries.lookup(text) == iso3


# --- found in mutation sampling: the rules of a look-up, and the table's own checks ----------


def test_names_are_keyed_with_ampersands_and_abbreviations_written_out():
    assert countries.normalise("St. Kitts & Nevis") == "saint kitts and nevis"
    assert countries.normalise("the Czech Rep.") == "czech republic"


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Kenya (Republic of)", "KEN"),  # turned round, as "Netherlands (Kingdom of the)"
        ("Federal Kingdom of Belgium", "BEL"),  # formal words before "of": the country after it
        ("Socialist Republic of the Union of Burma", "MMR"),  # the country after the last "of"
        ("Democratic Party of Kenya", None),  # a word that is not formal before "of": no country
        ("Nairobi, Kenya, Africa", None),  # two commas: not "X, Republic of" turned round
    ],
)
def test_a_name_is_turned_round_or_cut_after_formal_words_only_as_the_rules_say(text, iso3):
    assert countries.lookup(text) == iso3


def test_a_speakers_label_of_two_letters_is_a_country_only_as_a_listed_variant():
    """ "CA:" is as often a person's initials as Canada; "US" is a variant a meeting says."""
    assert countries.lookup("CA") == "CAN"
    assert countries.lookup("CA", two_letter_codes=False) is None
    assert countries.lookup("US", two_letter_codes=False) == "USA"
    assert countries.lookup("CAN", two_letter_codes=False) == "CAN"


def test_an_acronym_of_five_letters_counts_only_in_capitals():
    assert countries.find_in_text("the fyrom and the FYROM") == ["MKD"]
    assert countries.find_spans("the fyrom and the FYROM") == [(18, 23, "MKD")]


def test_unknown_codes_have_no_name_and_are_not_arab():
    with pytest.raises(KeyError, match="unknown country code 'XXX'"):
        countries.name("XXX")
    assert countries.is_arab("XXX") is False


def test_the_table_given_out_is_a_copy():
    edited = countries.table()
    edited.loc[0, "name"] = "Narnia"
    assert countries.table().loc[0, "name"] != "Narnia"


@pytest.fixture
def own_table(tmp_path, monkeypatch):
    """Point the look-ups at a table written by the test; the real one is read again afterwards."""

    def clear():
        for cached in (countries._table, countries._index, countries.lookup, countries.find_in_text):
            cached.cache_clear()

    def write(text: str):
        path = tmp_path / "countries.csv"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(config, "COUNTRY_TABLE", path)
        clear()
        return path

    yield write
    monkeypatch.undo()
    clear()


HEADER = "iso3,iso2,name,un_group,arab_group,status,variants,other_languages\n"


def test_a_table_edited_in_a_spreadsheet_is_read_sorted_with_its_capitalised_booleans(own_table):
    tun, ken = (
        "TUN,TN,Tunisia,African Group,TRUE,member_state,,",
        "KEN,KE,Kenya,African Group,FALSE,member_state,,",
    )
    own_table(f"{HEADER}{tun}\n{ken}\n")
    assert countries.table()["iso3"].tolist() == ["KEN", "TUN"]
    assert countries.is_arab("TUN") and not countries.is_arab("KEN")


@pytest.mark.parametrize(
    "rows, message",
    [
        (None, "countries.csv: country table not found"),
        ("iso3,iso2,name\nKEN,KE,Kenya\n", "countries.csv:1: country table lacks columns"),
        (HEADER + "KEN,KE,Kenya,African Group,false,member_state,,\nXKX,XK,Kosovo,,false,guest,,\n",
         "countries.csv:3: status 'guest' is not one of member_state, observer"),
        (HEADER + "NER,NE,Niger,African Group,false,member_state,Niger,\nNGA,NG,Nigeria,African Group,false,"
         "member_state,The Niger,\n", "countries.csv: variant 'The Niger' names both NER and NGA"),
    ],
)  # fmt: skip
def test_a_broken_country_table_is_refused_naming_the_file_and_line(own_table, tmp_path, rows, message):
    path = own_table(rows or "")
    if rows is None:
        path.unlink()
    with pytest.raises(InputError) as caught:
        countries.lookup("Kenya")
    assert str(caught.value).startswith(str(tmp_path / message))
