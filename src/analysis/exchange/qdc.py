"""The codebook as REFI-QDA codes: one code per theme, and the `.qdc` codebook file.

Each theme is a codable code named by its label, with its definition (and what it
excludes, and its theme id) as the description and a colour of its own; sets group the
codes by kind (impact areas, enablers, cross-cutting). The same elements go into a
project's `CodeBook` and into a stand-alone `.qdc` (REFI-QDA 1.5 section 5.2).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from analysis import __version__
from analysis.coding.codebook import Codebook, load
from analysis.exchange.sources import guid
from analysis.io import atomic_write_bytes

load_codebook = load  # the one place the exchange package gets its codebook from

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = {
    CODEBOOK_NS: "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd",
    PROJECT_NS: "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd",
}
# ColorBrewer Set3: light enough to highlight text under, distinct enough for 12 codes.
PALETTE = (
    "#8DD3C7", "#FFFFB3", "#BEBADA", "#FB8072", "#80B1D3", "#FDB462",
    "#B3DE69", "#FCCDE5", "#D9D9D9", "#BC80BD", "#CCEBC5", "#FFED6F",
)  # fmt: skip
KIND_NAMES = {"impact_area": "Impact areas", "enabler": "Enablers", "cross_cutting": "Cross-cutting"}
_XML_INVALID = str.maketrans(
    {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}
)


def xml_text(value) -> str:
    """Text safe in XML 1.0 (control characters, which XML cannot carry, become spaces)."""
    return str(value).translate(_XML_INVALID)


class Builder:
    """Elements in one REFI-QDA namespace; attributes that are None are left out."""

    def __init__(self, namespace: str):
        self.ns = namespace
        self._tags: dict[str, str] = {}

    def _tag(self, tag: str) -> str:
        return self._tags.setdefault(tag, f"{{{self.ns}}}{tag}")

    def __call__(self, tag: str, attrs: dict | None = None, *children, text: str | None = None):
        el = etree.Element(
            self._tag(tag), {k: xml_text(v) for k, v in (attrs or {}).items() if v is not None}
        )
        if text is not None:
            el.text = xml_text(text)
        for child in children:
            if child is not None:
                el.append(child)
        return el

    def root(self, tag: str, attrs: dict, *children):
        el = etree.Element(self._tag(tag), nsmap={None: self.ns, "xsi": XSI})
        el.set(f"{{{XSI}}}schemaLocation", f"{self.ns} {SCHEMA_LOCATION[self.ns]}")
        for key, value in attrs.items():
            if value is not None:
                el.set(key, xml_text(value))
        el.extend(c for c in children if c is not None)
        return el


def xml_bytes(root) -> bytes:
    """UTF-8 with the declaration in double quotes, as the standard's own examples write it."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="UTF-8", pretty_print=True
    )


def code_guid(theme_id: str) -> str:
    """A theme's code keeps its GUID across codebook versions, so codings map back to it."""
    return guid("code", theme_id)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def description(theme) -> str:
    parts = [theme.definition]
    if theme.exclude:
        parts.append(f"Excludes: {theme.exclude}.")
    parts.append(f"Theme id: {theme.id} ({KIND_NAMES.get(theme.kind, theme.kind)}).")
    return " ".join(parts)


def origin(codebook: Codebook) -> str:
    return f"dialogue-analysis {__version__}; codebook {codebook.version} (sha256 {codebook.hash})"


def codes_element(E: Builder, codebook: Codebook):
    return E(
        "Codes",
        None,
        *(
            E(
                "Code",
                {"guid": code_guid(t.id), "name": t.label, "isCodable": "true", "color": colour(i)},
                E("Description", text=description(t)),
            )
            for i, t in enumerate(codebook.themes)
        ),
    )


def kind_sets(E: Builder, codebook: Codebook, member_attr: str) -> list:
    """One set of codes per kind of theme; members by `guid` (.qdc) or `targetGUID` (project)."""
    sets = []
    for kind, name in KIND_NAMES.items():
        members = [t for t in codebook.themes if t.kind == kind]
        if members:
            sets.append(
                E(
                    "Set",
                    {"guid": guid("code-set", kind), "name": name},
                    E("Description", text=f"Codes of the codebook's {name.lower()}."),
                    *(E("MemberCode", {member_attr: code_guid(t.id)}) for t in members),
                )
            )
    return sets


def codebook_xml(codebook: Codebook) -> bytes:
    """The `.qdc` document: the codes and their sets, the codebook's version and hash as `origin`."""
    E = Builder(CODEBOOK_NS)
    sets = kind_sets(E, codebook, "guid")
    root = E.root(
        "CodeBook",
        {"origin": origin(codebook)},
        codes_element(E, codebook),
        E("Sets", None, *sets) if sets else None,
    )
    return xml_bytes(root)


def export_codebook(codebook: Codebook | None, out_path: str | Path) -> Path:
    """Write the codebook as a REFI-QDA `.qdc` file (atomically); the current codebook by default."""
    codebook = codebook if codebook is not None else load_codebook()
    return atomic_write_bytes(out_path, codebook_xml(codebook))
