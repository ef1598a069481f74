"""Our spaCy components, registered in one place.

Importing this package registers the factories with spaCy's registry (and does
nothing else: no models or gazetteers load here):

=====================  ==============================================
factory                what it adds
=====================  ==============================================
``rashomon_toponyms``  place-name spans, ``doc.spans["rashomon_toponyms"]``
``rashomon_actors``    actor mentions, ``doc._.actor_mentions``, ``doc.spans["actors"]``
``rashomon_quantities`` counts with qualifiers, ``doc._.quantities``
=====================  ==============================================
"""

from __future__ import annotations

from rashomon.components.actors import ActorRecognizer, make_actors
from rashomon.components.quantities import QuantityRecognizer, make_quantities
from rashomon.components.toponyms import SPAN_GROUP, ToponymConfig, ToponymMatcher, make_toponyms

__all__ = [
    "SPAN_GROUP",
    "ActorRecognizer",
    "QuantityRecognizer",
    "ToponymConfig",
    "ToponymMatcher",
    "make_actors",
    "make_quantities",
    "make_toponyms",
]
