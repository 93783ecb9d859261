"""
A claim's public revision log, drawn from its audit history.

Readers see what changed in the fields they can see, from the moment the claim
was first published: drafting before publication and internal fields (the
reviewer, the slug) stay with the desk. While a claim is off the site its
changes are not shown one by one; when it returns, one entry shows what
changed since readers last saw it.

Each record carries its entry in the tamper-evident ledger (`ledger_entry`),
so a reader can check the page against the chain published on /ledger/.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import ClaimStatus, LedgerEntry, Source, Speaker, Topic, VoteDecision

PUBLIC_FIELDS = {
    "text": _("Claim"),
    "speaker": _("Speaker"),
    "source": _("Source"),
    "said_on": _("Said on"),
    "context": _("Context"),
    "status": _("Status"),
    "summary": _("Summary"),
    "topics": _("Topics"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str
    field: str = ""


@dataclass
class SignedOff:
    """How many editors signed off a verdict, and when the last of them did. Never their notes."""

    editors: int
    date: object


@dataclass
class Revision:
    """
    One entry. `records` are the historical records it stands for, oldest
    first: usually one, more when one edit was recorded in several entries
    (setting topics records each addition and removal).
    """

    records: list
    kind: str  # "published", "changed" or "withdrawn"
    before: dict | None = None  # the public state readers saw before it
    changes: list = field(default_factory=list)
    # The panel's sign-off of the verdict this entry made public, if any.
    signed_off: "SignedOff | None" = None

    @property
    def record(self):
        return self.records[0]

    @property
    def date(self):
        # A claim loaded with its publication date keeps that date.
        if self.kind == "published":
            return self.record.published_at
        return self.record.history_date

    @property
    def reason(self):
        return self.record.history_change_reason or ""


# Entries this close together, by the same user with the same reason, are one edit.
SAME_EDIT = timedelta(minutes=1)


def public_revisions(claim):
    """
    The public log of `claim`, oldest first. Five queries: its history
    records (with speaker and source), their topic rows, those topics, the
    ledger entries of the records shown, and the panel's votes (without
    their notes, which are the desk's).
    """
    records = (
        claim.history.order_by("history_date", "history_id")
        .select_related("speaker", "source")
        .prefetch_related("historicalclaim_topics_set__topic")
    )
    revisions, seen = [], None
    for record in records:
        last = revisions[-1] if revisions else None
        if record.published_at is None:
            if last is not None and last.kind != "withdrawn":
                revisions.append(Revision([record], "withdrawn"))
            continue
        state = _public_state(record)
        if last is not None and last.kind != "withdrawn" and _same_edit(last.records[-1], record):
            last.records.append(record)
            if last.before is not None:
                last.changes = _changes(last.before, state)
            if last.kind == "changed" and not last.changes:
                revisions.pop()  # the edit undid itself
        elif last is None:
            revisions.append(Revision([record], "published"))
        elif last.kind == "withdrawn":
            revisions.append(Revision([record], "published", seen, _changes(seen, state)))
        elif changes := _changes(seen, state):
            revisions.append(Revision([record], "changed", seen, changes))
        seen = state
    _attach_ledger_entries(revisions)
    _attach_sign_offs(claim, revisions)
    return revisions


def _attach_sign_offs(claim, revisions):
    """
    On each entry that made a verdict public (published, or a new status or
    summary), the editors whose latest vote on that verdict, cast by then,
    approved it: the reviewer's and the verdict's author's never count.
    """
    votes = list(
        claim.votes.order_by("created_at", "pk").values_list(
            "editor_id", "status", "summary", "decision", "created_at"
        )
    )
    if not votes:
        return
    for revision in revisions:
        record = revision.records[-1]
        if revision.kind == "withdrawn" or not ClaimStatus(record.status).is_verdict:
            continue
        if revision.kind == "changed" and not {"Status", "Summary"} & {
            change.label for change in revision.changes
        }:
            continue
        latest = {}
        for editor_id, status, summary, decision, created_at in votes:
            if created_at > record.history_date or editor_id in (
                record.reviewer_id,
                record.rated_by_id,
            ):
                continue
            if (status, summary) == (record.status, record.summary):
                latest[editor_id] = (decision, created_at)
        approvals = [at for decision, at in latest.values() if decision == VoteDecision.APPROVE]
        if approvals:
            revision.signed_off = SignedOff(len(approvals), max(approvals))


def _attach_ledger_entries(revisions):
    records = [record for revision in revisions for record in revision.records]
    entries = LedgerEntry.objects.entries_for(records)
    for record in records:
        record.ledger_entry = entries.get(record.pk)


def _same_edit(earlier, later):
    return (
        earlier.history_change_reason == later.history_change_reason
        and earlier.history_user_id == later.history_user_id
        and later.history_date - earlier.history_date < SAME_EDIT
    )


def _public_state(record):
    return {
        "text": record.text,
        "speaker": _name_as_recorded(record.speaker, Speaker, record.speaker_id, record),
        "source": _name_as_recorded(record.source, Source, record.source_id, record),
        "said_on": record.said_on.isoformat() if record.said_on else "",
        "context": record.context,
        "status": ClaimStatus(record.status).label,
        "summary": record.summary,
        "topics": ", ".join(
            sorted(
                _name_as_recorded(row.topic, Topic, row.topic_id, record)
                for row in record.historicalclaim_topics_set.all()
            )
        ),
    }


def _name_as_recorded(related, model, pk, record):
    """
    The name of the speaker, source or topic `pk` a claim's history `record`
    points to. Once a superuser has deleted it, the row is gone and its name
    is read from its own history, as it stood when the record was made (or
    its first entry, should the record be older than that history): one
    query for each name so read.
    """
    if related is not None:
        return str(related)
    entries = model.history.filter(id=pk)
    entry = (
        entries.filter(history_date__lte=record.history_date).order_by("-history_date").first()
        or entries.order_by("history_date").first()
    )
    if entry is None:
        return gettext("(deleted %(name)s)") % {"name": model._meta.verbose_name}
    return str(entry.instance)


def _changes(before, after):
    return [
        Change(label, before[name], after[name], field=name)
        for name, label in PUBLIC_FIELDS.items()
        if before[name] != after[name]
    ]
