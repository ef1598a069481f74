"""spaCy component ``rashomon_quantities``: counts on ``doc._.quantities``.

Registered when this module is imported; it has no settings and loads nothing.
Needs the tagger, parser, lemmatizer and NER upstream (add it after "ner").
"""


from spacy.language import Language
from spacy.tokens import Doc

from rashomon.resolve.numbers import find_quantities

EXTENSION = "quantities"


class QuantityRecognizer:
    """Writes ``find_quantities(doc)`` to ``doc._.quantities`` as a tuple."""

    def __init__(self) -> None:
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=())

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, tuple(find_quantities(doc)))
        return doc


@Language.factory(
    "rashomon_quantities",
    default_config={},
    requires=["token.pos", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.quantities"],
)
def make_quantities(nlp: Language, name: str) -> QuantityRecognizer:
    """Factory for ``nlp.add_pipe("rashomon_quantities", after="ner")``."""
    return QuantityRecognizer()
