"""The event lexicon: trigger words and cue lists, read from data files.

``data/events/triggers.csv`` maps a trigger (a lemma, or several: "exchange fire") to
an ACLED event type and sub-type, with an optional condition on its dependents
(``requires``) and the sub-type to use when actor1 is a state force or the target is a
person. ``data/events/cues.json`` holds the word lists of modality, attribution and
casualty counting. A user adds rows with their own CSV (same columns); a row whose
``trigger`` and ``pos`` are already known replaces the packaged one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from rashomon.errors import ConfigError, ResourceError

#: Conditions a trigger row may require of its dependents.
Requirement = Literal["", "armed_actor", "place_object", "person_object", "force_object"]
_REQUIREMENTS = frozenset({"", "armed_actor", "place_object", "person_object", "force_object"})
_COLUMNS = ("trigger", "pos", "event_type", "sub_event_type", "requires",
            "state_sub_event_type", "person_target_type", "note")  # fmt: skip

#: ACLED's event types and sub-types: a lexicon row must name one of these pairs.
ACLED_TAXONOMY: Mapping[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerRule:
    """One row of the trigger lexicon.

    Attributes:
        words: the trigger's lemmas ("exchange", "fire").
        pos: VERB, NOUN or ANY: which part of speech the (first) word must have.
        event_type: ACLED event type.
        sub_event_type: ACLED sub-event type.
        requires: a condition on the trigger's dependents (see ``Requirement``).
        state_sub_event_type: sub-type when actor1 is a state force ("Government
            regains territory" for "capture"), else "".
        person_target_type: ``type/sub-type`` when the target is a person, else "".
        note: why the row maps as it does.
    """

    words: tuple[str, ...]
    pos: str
    event_type: str
    sub_event_type: str
    requires: Requirement
    state_sub_event_type: str = ""
    person_target_type: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLexicon:
    """Triggers and cue lists. Build with :meth:`load`; read-only, share it freely."""

    rules: tuple[TriggerRule, ...]
    by_first: Mapping[str, tuple[TriggerRule, ...]]
    cues: Mapping[str, frozenset[str]]
    reporting: Mapping[str, str]
    phrases: Mapping[str, tuple[str, ...]]
    multiple_victims: Mapping[str, tuple[int, int]]

    @classmethod
    def load(cls, extra_files: Sequence[Path | str] = (), *, data_dir: Path | str | None = None) -> EventLexicon:
        """Reads the packaged lexicon (or ``data_dir``'s) and merges the user's CSVs.

        Raises:
            ConfigError: R120 when a row names an unknown ACLED type or condition.
            ResourceError: R121 when packaged data is missing.
        """
        rows: dict[tuple[str, str], TriggerRule] = {}
        sources: list[tuple[str, str]] = [("triggers.csv", _read("triggers.csv", data_dir))]
        for extra in extra_files:
            sources.append((str(extra), Path(extra).read_text(encoding="utf-8")))
        for origin, text in sources:
            for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
                rule = _rule(row, f"{origin}:{n}")
                rows[(" ".join(rule.words), rule.pos)] = rule
        cues_raw = json.loads(_read("cues.json", data_dir))
        cues = {k: frozenset(v) for k, v in cues_raw.items() if isinstance(v, list)}
        phrases = {k: tuple(v) for k, v in cues_raw.items() if isinstance(v, list)}
        by_first: dict[str, list[TriggerRule]] = {}
        for rule in rows.values():
            by_first.setdefault(rule.words[0], []).append(rule)
        return cls(
            rules=tuple(rows.values()),
            # longest first, so "exchange fire" wins over a bare "exchange"
            by_first={k: tuple(sorted(v, key=lambda r: -len(r.words))) for k, v in by_first.items()},
            cues=cues,
            reporting=dict(cues_raw["reporting_verbs"]),
            phrases=phrases,
            multiple_victims={k: (int(v[0]), int(v[1]))
                              for k, v in cues_raw["multiple_victim_words"].items()},
        )

    def cue(self, name: str) -> frozenset[str]:
        """A cue list by name (``attempt_heads``, ``person_nouns``...); empty if absent."""
        return self.cues.get(name, frozenset())


def _read(name: str, data_dir: Path | str | None) -> str:
    try:
        if data_dir is not None:
            return Path(data_dir, name).read_text(encoding="utf-8")
        return resources.files("rashomon").joinpath("data", "events", name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"event lexicon file {name} is missing ({exc}): reinstall rashomon",
                            code="R121") from exc


def _rule(row: Mapping[str, str | None], where: str) -> TriggerRule:
    missing = [c for c in _COLUMNS[:4] if not (row.get(c) or "").strip()]
    if missing:
        raise ConfigError(f"{where}: trigger row lacks {', '.join(missing)}", code="R120")
    event_type = (row["event_type"] or "").strip()
    sub = (row["sub_event_type"] or "").strip()
    state_sub = (row.get("state_sub_event_type") or "").strip()
    person = (row.get("person_target_type") or "").strip()
    requires = (row.get("requires") or "").strip()
    if sub not in ACLED_TAXONOMY.get(event_type, ()):
        raise ConfigError(f"{where}: {event_type!r} / {sub!r} is not an ACLED type and sub-type",
                          code="R120")
    if state_sub and state_sub not in ACLED_TAXONOMY[event_type]:
        raise ConfigError(f"{where}: {state_sub!r} is not a sub-type of {event_type}", code="R120")
    if person:
        ptype, _, psub = person.partition("/")
        if ptype == "Explosions":  # "Explosions/Remote violence/..." has a slash in its name
            ptype, _, psub = person.rpartition("/")
        if psub not in ACLED_TAXONOMY.get(ptype, ()):
            raise ConfigError(f"{where}: {person!r} is not 'type/sub-type'", code="R120")
    if requires not in _REQUIREMENTS:
        raise ConfigError(f"{where}: unknown condition {requires!r} (one of "
                          f"{', '.join(sorted(_REQUIREMENTS - {''}))})", code="R120")
    pos = (row.get("pos") or "ANY").strip().upper()
    if pos not in {"VERB", "NOUN", "ANY"}:
        raise ConfigError(f"{where}: pos must be VERB, NOUN or ANY, not {pos!r}", code="R120")
    return TriggerRule(
        words=tuple((row["trigger"] or "").strip().lower().split()),
        pos=pos,
        event_type=event_type,
        sub_event_type=sub,
        requires=requires,  # type: ignore[arg-type]  # checked against _REQUIREMENTS above
        state_sub_event_type=state_sub,
        person_target_type=person,
        note=(row.get("note") or "").strip(),
    )
