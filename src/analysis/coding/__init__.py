"""Code sentences with the versioned codebook: the spaCy pipeline and its parse cache, the
`theme_matcher` component, turns -> `sentences` and `evidence`, the sentence view every consumer
uses, people's coded sheets (overrides, validation samples) and agreement with human coders."""
