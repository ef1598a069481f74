"""spaCy component ``rashomon_actors``: actor mentions on ``doc._.actor_mentions``.

No ``from __future__ import annotations`` here: spaCy validates factory arguments from
their real annotations.

Registered when this module is imported (the pipeline builder imports it; nothing is
loaded at import). The KB loads on the first document, or is injected with ``set_kb``.

Config: ``extra_files`` (user actor CSVs merged into the packaged KB) and ``country``
(ISO2 of the corpus's country when every document is about one country; else the
country is guessed per document).
"""


from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from rashomon.resolve.actors import ActorKB, ActorMention, resolve_coreference

EXTENSION = "actor_mentions"
SPAN_KEY = "actors"


class ActorRecognizer:
    """Matches KB actors and resolves descriptions; writes mentions and a span group."""

    def __init__(
        self, *, extra_files: Sequence[str] = (), country: str | None = None, coreference: bool = True
    ) -> None:
        self.extra_files = tuple(extra_files)
        self.country = country
        # The annotate stage resolves descriptions itself, once the whole document's
        # places tell its country; it turns this off so the work is not done twice.
        self.coreference = coreference
        self._kb: ActorKB | None = None
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=())

    @property
    def kb(self) -> ActorKB:
        """The KB, loaded on first use."""
        if self._kb is None:
            self._kb = ActorKB.load(extra_files=self.extra_files)
        return self._kb

    def set_kb(self, kb: ActorKB) -> None:
        """Use this KB (tests, or a user who built one) instead of loading one."""
        self._kb = kb

    def __call__(self, doc: Doc) -> Doc:
        mentions = (
            annotate_actors(doc, self.kb, country=self.country)
            if self.coreference
            else self.kb.match(doc, country=self.country)
        )
        doc._.set(EXTENSION, tuple(mentions))
        spans = [doc.char_span(m.start, m.end, label=m.actor_id, alignment_mode="expand")
                 for m in mentions]
        doc.spans[SPAN_KEY] = [s for s in spans if isinstance(s, Span)]
        return doc


def annotate_actors(doc: Doc, kb: ActorKB, *, country: str | None = None) -> list[ActorMention]:
    """Named actors plus resolved descriptions, in text order (the component's work)."""
    return resolve_coreference(kb.match(doc, country=country), doc, kb, country=country)


@Language.factory(
    "rashomon_actors",
    default_config={"extra_files": [], "country": None, "coreference": True},
    requires=["token.pos", "token.dep", "token.lemma"],
    assigns=["doc._.actor_mentions", "doc.spans"],
)
def make_actors(
    nlp: Language, name: str, extra_files: list[str], country: str | None, coreference: bool
) -> ActorRecognizer:
    """Factory for ``nlp.add_pipe("rashomon_actors", config={...})``."""
    return ActorRecognizer(extra_files=extra_files, country=country, coreference=coreference)
