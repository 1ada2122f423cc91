"""The ingest stage: raw transcripts (captions, verbatim records, minutes, PDFs) -> turns and a cleaning log.

``clean_corpus(raw_dir, manifest=None)`` reads the manifest (``manifest``), each transcript by its
form (``readers``), cleans the words (``textclean``), attributes every turn to a speaker and
delegation (``speakers``, ``turns``) and logs every removal (``removals``); the words of meeting
machinery it recognises are in ``vocabulary``.
"""

from analysis.ingest.corpus import OVERRIDES, clean_corpus

__all__ = ["OVERRIDES", "clean_corpus"]
