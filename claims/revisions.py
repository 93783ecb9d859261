"""
A claim's public revision log, drawn from its audit history.

Readers see what changed in the fields they can see, from the moment the claim
was first published: drafting before publication and internal fields (the
reviewer, the slug) stay with the desk. While a claim is off the site its
changes are not shown one by one; when it returns, one entry shows what
changed since readers last saw it.
"""

from dataclasses import dataclass, field

from claims.models import ClaimStatus

PUBLIC_FIELDS = {
    "text": "Claim",
    "speaker": "Speaker",
    "source": "Source",
    "said_on": "Said on",
    "context": "Context",
    "status": "Status",
    "summary": "Summary",
    "topics": "Topics",
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Revision:
    """One entry: `record` is the underlying historical record, for anything more to show."""

    record: object
    kind: str  # "published", "changed" or "withdrawn"
    changes: list = field(default_factory=list)

    @property
    def date(self):
        return self.record.history_date

    @property
    def reason(self):
        return self.record.history_change_reason or ""


def public_revisions(claim):
    """
    The public log of `claim`, oldest first. Three queries: its history
    records (with speaker and source), their topic rows, and those topics.
    """
    records = (
        claim.history.order_by("history_date", "history_id")
        .select_related("speaker", "source")
        .prefetch_related("historicalclaim_topics_set__topic")
    )
    revisions, seen = [], None
    for record in records:
        if record.published_at is None:
            if seen is not None and revisions[-1].kind != "withdrawn":
                revisions.append(Revision(record, "withdrawn"))
            continue
        state = _public_state(record)
        if seen is None:
            revisions.append(Revision(record, "published"))
        elif revisions[-1].kind == "withdrawn":
            revisions.append(Revision(record, "published", _changes(seen, state)))
        else:
            changes = _changes(seen, state)
            if changes:
                revisions.append(Revision(record, "changed", changes))
        seen = state
    return revisions


def _public_state(record):
    return {
        "text": record.text,
        "speaker": str(record.speaker),
        "source": str(record.source),
        "said_on": record.said_on.isoformat() if record.said_on else "",
        "context": record.context,
        "status": ClaimStatus(record.status).label,
        "summary": record.summary,
        "topics": ", ".join(
            sorted(str(row.topic) for row in record.historicalclaim_topics_set.all())
        ),
    }


def _changes(before, after):
    return [
        Change(label, before[name], after[name])
        for name, label in PUBLIC_FIELDS.items()
        if before[name] != after[name]
    ]
