"""The ingest stage: raw transcripts (captions, verbatim records, minutes, PDFs) -> turns and a cleaning log.

``clean_batch(raw_dir)`` (all-or-nothing: ``clean_corpus``) reads the manifest (``manifest``),
each transcript by its form (``readers``), cleans the words (``textclean``), attributes every turn
to a speaker and delegation (``speakers``, ``turns``, ``session``) and logs every removal
(``removals``); the words of meeting machinery it recognises are in ``vocabulary``.
"""

from analysis.ingest.corpus import OVERRIDES, Batch, clean_batch, clean_corpus

__all__ = ["OVERRIDES", "Batch", "clean_batch", "clean_corpus"]
