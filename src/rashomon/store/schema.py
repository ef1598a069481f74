"""The database schema (SQLAlchemy Core), the same for SQLite and PostgreSQL.

The tables here are the *current* schema. ``migrations.py`` holds the numbered steps
that bring any older database to it; a new column means a new migration there and
the column here, in the same commit.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: Key/value facts about the store itself: ``schema_version``, ``created_by``.
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Outlets, wires and agencies (rows of the shipped outlet table, or named from a domain).
sources = Table(
    "sources",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("domains", Text, nullable=False, default="[]"),  # JSON list
    Column("country", String(8)),
    Column("owner", Text),
    Column("state_affiliated", Boolean, nullable=False, default=False),
    Column("kind", String(32), nullable=False, default="outlet"),
    Column("notes", Text, nullable=False, default=""),
)

#: One article: the raw text byte-exact, and what the document layer understood.
documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),  # content hash of `text`
    Column("origin", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("title_reason", Text, nullable=False, default=""),
    Column("outlet_id", String(128), nullable=False),
    Column("outlet_name", Text, nullable=False),
    Column("outlet_reason", Text, nullable=False),
    Column("outlet_start", Integer),
    Column("outlet_end", Integer),
    Column("original_outlet_id", String(128)),
    Column("original_outlet_name", Text),
    Column("original_outlet_reason", Text),
    Column("original_outlet_start", Integer),
    Column("original_outlet_end", Integer),
    Column("reference_date", Date),
    Column("reference_date_precision", String(8), nullable=False),
    Column("reference_date_kind", String(16), nullable=False),
    Column("reference_date_reason", Text, nullable=False),
    Column("reference_date_start", Integer),
    Column("reference_date_end", Integer),
    Column("language", String(8), nullable=False, default="en"),
    Column("encoding", String(32), nullable=False),
    Column("published_meta", Text),  # the input's own date string, unparsed
    Column("source_meta", Text),  # the input's own outlet name
    Column("extra", Text, nullable=False, default="{}"),  # JSON object of other input fields
    Column("text", Text, nullable=False),
    Column("html", Text),
    Column("ingested_at", String(32), nullable=False),
    Column("run_id", Integer),
)
Index("ix_documents_outlet", documents.c.outlet_id)
Index("ix_documents_refdate", documents.c.reference_date)

#: Labelled spans of a document's raw text; together they cover all its non-blank text.
segments = Table(
    "segments",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("score", Float),
)
Index("ix_segments_label", segments.c.label)

#: Inputs that could not be used: kept, counted, shown.
rejects = Table(
    "rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer),
    Column("origin", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

#: One row per ingest run: what was asked and what came of it (for summaries and resume).
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("ingested", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
)

#: Normalised lines seen in several documents of one outlet: boilerplate, not body.
boilerplate = Table(
    "boilerplate",
    metadata,
    Column("outlet_id", String(128), primary_key=True),
    Column("line", Text, primary_key=True),
    Column("count", Integer, nullable=False),
)

#: Resolved mentions of the annotate stage: places, actors, times and quantities.
mentions = Table(
    "mentions",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # place, actor, time, quantity
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("resolved_id", String(64)),  # geonameid, actor id; None when unresolved
    Column("resolved_name", Text),
    Column("detail", Text, nullable=False, default="{}"),  # JSON: precision, lat/lon, range...
    Column("reason", Text, nullable=False, default=""),
)
Index("ix_mentions_kind_resolved", mentions.c.kind, mentions.c.resolved_id)

#: Event mentions of the extract stage: one account of one event in one document.
event_mentions = Table(
    "event_mentions",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("modality_cue", Text, nullable=False, default=""),
    Column("actor1", Text),  # JSON object {text, start, end, actor_id} or null
    Column("actor2", Text),
    Column("associated", Text, nullable=False, default="[]"),  # JSON list of actor objects
    Column("place", Text),  # JSON object (name, geonameid, lat, lon, precision, start, end)
    Column("geonameid", Integer),
    Column("geo_precision", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("time_precision", String(8)),
    Column("time_text", Text, nullable=False, default=""),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),  # null with fatalities_low set: no upper bound
    Column("fatalities_text", Text),
    Column("injuries_low", Integer),
    Column("injuries_high", Integer),
    Column("injuries_text", Text),
    Column("quantities", Text, nullable=False, default="[]"),  # JSON list of counts
    Column("claim_seq", Integer),  # the claim it comes from; null = the outlet's voice
    Column("is_main", Boolean, nullable=False, default=False),
    Column("reason", Text, nullable=False, default=""),
)
Index("ix_event_mentions_type", event_mentions.c.event_type, event_mentions.c.date_start)

#: Claims of the extract stage: attributed statements with speaker, channel and stance.
claims = Table(
    "claims",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("speaker", Text),  # JSON object {text, start, end, kind, actor_id} or null
    Column("speaker_actor_id", String(64)),
    Column("via", Text, nullable=False, default="[]"),  # JSON list of speaker objects
    Column("channel", Text),
    Column("verb", Text, nullable=False),
    Column("stance", String(16), nullable=False),
)
Index("ix_claims_speaker", claims.c.speaker_actor_id)

#: The linker's features of each document (JSON), so linking can be rebuilt
#: without re-running spaCy.
doc_features = Table(
    "doc_features",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("features", Text, nullable=False),
)

#: Stories: which documents report the same situation, and why each joined.
stories = Table(
    "stories",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("story_id", String(40), nullable=False),
    Column("matched", String(40)),  # the document it matched best; None for a story's first
    Column("score", Float),
    Column("reasons", Text, nullable=False, default="[]"),  # JSON: features that matched
)
Index("ix_stories_story", stories.c.story_id)

#: Incident days of undated documents, derived from their story's dated accounts
#: (link stage, ``link.story_dates``); replaced with the stories at every re-link.
story_dates = Table(
    "story_dates",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("story_id", String(40), nullable=False),
    Column("day", Date, nullable=False),
    Column("votes", Integer, nullable=False),  # dated accounts giving this day
    Column("dated", Integer, nullable=False),  # dated accounts in the story
    Column("sources", Text, nullable=False, default="[]"),  # JSON: the documents giving it
    Column("reason", Text, nullable=False, default=""),
)

#: Tolls an account takes from its story (link stage, ``link.story_tolls``): a later
#: account counts its wounded dead (``died``), or most accounts give another toll
#: (``consensus``); replaced with the stories at every re-link. The document's own
#: counts stay in its event mentions.
story_tolls = Table(
    "story_tolls",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("story_id", String(40), nullable=False),
    Column("kind", String(16), nullable=False),  # died | consensus
    Column("killed", Integer, nullable=False),
    Column("injured", Integer, nullable=False),
    Column("own_killed", Integer),  # None: its text gives no toll
    Column("own_injured", Integer),
    Column("sources", Text, nullable=False, default="[]"),  # JSON: the accounts giving it
    Column("source_day", Date),  # died: the later account's day
    Column("votes", Integer, nullable=False),  # accounts giving the toll
    Column("accounts", Integer, nullable=False),  # accounts of the story giving any toll
    Column("reason", Text, nullable=False, default=""),
)

#: Canonical events (link stage): accounts of many documents merged into one
#: ACLED-shaped row, with our own columns (fatality range, outlets, independence).
events = Table(
    "events",
    metadata,
    Column("event_id", String(40), primary_key=True),  # hash of the sorted member keys
    Column("group_id", String(40), nullable=False),  # the blocking group it was built in
    Column("event_date", Date),
    Column("time_precision", Integer),  # ACLED: 1 day, 2 week, 3 month
    Column("date_reason", Text, nullable=False, default=""),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1_id", String(64)),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("actor2_id", String(64)),
    Column("actor2", Text),
    Column("geonameid", Integer),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text, nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("fatalities", Integer, nullable=False, default=0),  # ACLED's: the low figure
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("mentions", Integer, nullable=False),
    Column("outlets", Text, nullable=False, default="[]"),  # JSON list of outlet objects
    Column("primary_sources", Text, nullable=False, default="[]"),  # JSON list
    Column("primary_source_count", Integer, nullable=False),
    Column("owner_groups", Text, nullable=False, default="[]"),  # JSON list
    Column("owner_group_count", Integer, nullable=False),
    Column("independence", Integer, nullable=False),
    Column("independence_text", Text, nullable=False, default=""),
    Column("figures", Text, nullable=False, default="[]"),  # JSON: each account's own figures
    Column("reasons", Text, nullable=False, default="[]"),  # JSON: the links that merged it
)
Index("ix_events_group", events.c.group_id)
Index("ix_events_date", events.c.event_date)

#: Which event mention is an account of which canonical event, and its provenance.
event_members = Table(
    "event_members",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),  # event_mentions.seq
    Column("event_id", String(40), nullable=False),
    Column("group_id", String(40), nullable=False),
    Column("claim_seq", Integer),  # the claim it is attributed to after carry-over
    Column("attribution", Text, nullable=False, default=""),
    Column("chain", Text, nullable=False, default="[]"),  # JSON list of steps
    Column("primary_source", Text, nullable=False),  # JSON object
    Column("owner_group", Text, nullable=False),  # JSON object
    Column("ambiguous", Boolean, nullable=False, default=False),
)
Index("ix_event_members_event", event_members.c.event_id)
Index("ix_event_members_group", event_members.c.group_id)

#: Contradictions between accounts, attached to the canonical events they concern.
event_contradictions = Table(
    "event_contradictions",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("contradiction_id", String(40), primary_key=True),  # hash of Contradiction.key()
    Column("group_id", String(40), nullable=False),
    Column("kind", String(16), nullable=False),  # control, fatalities, injuries, denial
    Column("geonameid", Integer),
    Column("reason", Text, nullable=False),
    Column("a", Text, nullable=False),  # JSON: document, kind, seq, outlet, speaker, span, text
    Column("b", Text, nullable=False),
)
Index("ix_event_contradictions_group", event_contradictions.c.group_id)

#: Each claim's provenance chain and primary source.
claim_provenance = Table(
    "claim_provenance",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),  # claims.seq
    Column("chain", Text, nullable=False, default="[]"),
    Column("primary_source", Text, nullable=False),
    Column("owner_group", Text, nullable=False),
)

#: The event builder's state: each document it has seen and the story it was in then
#: (a document that is new or changed story makes its groups rebuild).
event_sources = Table(
    "event_sources",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("story_id", String(40)),
)
