"""Small helpers several test modules share."""

from __future__ import annotations

import spacy


def blank_model():
    """An untrained English pipeline that only splits sentences: fast, no model download."""
    model = spacy.blank("en")
    model.add_pipe("sentencizer")
    return model


def counting(model):
    """Wrap model.pipe so a test can see which texts were really parsed."""
    seen = []
    real = model.pipe

    def pipe(texts, **kw):
        texts = list(texts)
        seen.extend(texts)
        return real(texts, **kw)

    model.pipe = pipe
    return seen
