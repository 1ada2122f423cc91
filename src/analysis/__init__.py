"""Clean, code and compare the transcripts of multilateral policy dialogues."""

__version__ = "0.1.0"
