"""A `.qdpx`'s project file checked against the REFI-QDA project schema, on import.

The schema is the standard's `Project-mrt2019.xsd` (MIT licence, in the package data, as published).
A file that breaks it is still read as far as it goes, as QualCoder reads one: suites write files
with small departures from the schema (a missing GUID, an element out of order) whose codings are
still sound, and every element the import cannot use is reported where it is met. What the schema
check adds is one warning that says the file is not what the standard describes, and where it
first departs from it, so that a sentence read without its codes can be traced to the file.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from analysis import config
from analysis.exchange.qdc import PROJECT_NS

PROJECT_XSD = config.PACKAGE_DATA / "Project-mrt2019.xsd"
_CLARK = re.compile(r"\{[^}]*\}")  # `{urn:QDA-XML:project:1.0}Coding` -> `Coding` in lxml's messages


@functools.cache
def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(file=str(PROJECT_XSD))


def problems(root, member: str = "project.qde") -> str | None:
    """One warning on how `root` (a parsed project file) departs from the REFI-QDA project schema:
    how many problems, the first with its line; None when it follows the schema."""
    what = f"{member} does not follow the REFI-QDA project schema ({PROJECT_XSD.name})"
    namespace = etree.QName(root).namespace
    if namespace != PROJECT_NS:
        found = f"in {namespace}" if namespace else "in no namespace"
        return f"{what}: its elements are {found}, not in {PROJECT_NS}; read by their names as far as they go"
    dtd = root.getroottree().docinfo.internalDTD  # its entities' uses are taken out (`read_project`)
    if dtd is not None and next(dtd.iterentities(), None) is not None:
        return (
            f"{what}: it declares entities (`&name;`, in a DOCTYPE), which a project file has no "
            "use for; they are not read (one could name a file of this machine), the rest as far as it goes"
        )
    schema = project_schema()
    if schema.validate(root.getroottree()):
        return None
    errors = list(schema.error_log)
    first = errors[0]
    return (
        f"{what}: {len(errors)} problem(s), the first at line {first.line}: "
        f"{_CLARK.sub('', first.message).rstrip('.')}; read as far as it goes"
    )
