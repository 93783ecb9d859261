"""
History a reviewer can read: each entry's who, when, why and what changed,
field by field, on every model's history page, and one "recent changes" page
across all claims for editors (django-simple-history has none built in).
"""

import itertools

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from claims.forms import StaleEditCheckForm
from claims.models import Claim

RECENT_CHANGES_PER_PAGE = 50


class ReadableChanges(HistoricalRecordContextHelper):
    """Shows choices by their label ("Mostly false", not "mostly_false"), and empty as empty."""

    def __init__(self, model, historical_record):
        super().__init__(model, historical_record, max_displayed_delta_change_chars=300)

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            value = dict(field.flatchoices).get(value, value)
        if value in ("", None, []):
            return "(empty)"
        value = super().prepare_delta_change_value(change, value)
        if field.many_to_many:
            return ", ".join(sorted(map(str, value)))
        return value


class LedgerHistoryAdmin(SimpleHistoryAdmin):
    """
    SimpleHistoryAdmin with readable diffs on the history page and a revert
    that is an edit like any other: it needs the change permission (the stock
    view lets anyone who may view the history post a revert) and runs in one
    transaction through the admin's own form and save_model(). Its change
    form refuses a save over someone else's newer change (StaleEditCheckForm).
    """

    form = StaleEditCheckForm
    object_history_template = "admin/claims/object_history.html"
    object_history_list_template = "admin/claims/history_list.html"
    history_list_per_page = 50

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The stock method leaves the oldest entry of each page without a diff;
        # diff it against the entry before it (one more query a page).
        records = list(historical_records)
        before_page = records[-1].prev_record if records else None
        if before_page is not None:
            records.append(before_page)
        super().set_history_delta_changes(request, records, foreign_keys_are_objs)

    def render_history_view(self, request, template, context, **kwargs):
        # Renders both the history list and a version's page. On the list of a
        # deleted object, simple-history builds the object from its last entry,
        # so it was never loaded from the database; its versions cannot be
        # opened (history_form_view), so the list links none of them.
        if template == self.object_history_template:
            context["object_deleted"] = context["object"]._state.adding
        return super().render_history_view(request, template, context, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A hand-typed version id that is no number would fail in the stock
        # view's lookup. A deleted object's versions can be read on its history
        # page, not reverted to: the revert is an edit of the saved row.
        entry = self.get_version(object_id, version_id)
        obj = self.get_object(request, unquote(object_id)) if entry is not None else None
        if obj is None:
            raise Http404("No such object or version.")
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return self.revert_form_view(request, entry, object_id, version_id, extra_context)

    def revert_form_view(self, request, entry, object_id, version_id, extra_context):
        """The stock revert page of history entry `entry`, in one transaction."""
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_version(self, object_id, version_id):
        """The history entry `version_id` of the object `object_id`, or None (one query)."""
        pk_name = self.model._meta.pk.attname
        try:
            return self.model.history.filter(
                **{pk_name: unquote(object_id), "history_id": version_id}
            ).first()
        except (ValueError, ValidationError):
            return None


class ClaimHistoryAdmin(LedgerHistoryAdmin):
    """
    The claim's history page diffs topics from one batched query: the stock
    diff reads both entries' topic rows for every entry (two queries each).
    """

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        before_page = records[-1].prev_record if records else None
        if before_page is not None:
            records.append(before_page)
        topics = _topics_by_entry([record.history_id for record in records])
        for current, previous in itertools.pairwise(records):
            delta = current.diff_against(
                previous, excluded_fields=["topics"], foreign_keys_are_objs=foreign_keys_are_objs
            )
            helper = self.get_historical_record_context_helper(request, current)
            changes = helper.context_for_delta_changes(delta)
            changes += _topic_change(topics[previous.history_id], topics[current.history_id])
            current.history_delta_changes = changes


def recent_changes_view(model_admin):
    """The claims admin's "recent changes" page: every claim's history entries, newest first."""

    def view(request):
        if not request.user.has_perm("claims.view_recent_changes"):
            raise PermissionDenied
        paginator = Paginator(_recent_claim_entries(), RECENT_CHANGES_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        context = {
            **model_admin.admin_site.each_context(request),
            "title": gettext("Recent changes to claims"),
            "opts": Claim._meta,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "entries": _with_changes(page.object_list),
        }
        return TemplateResponse(request, "admin/claims/claim/recent_changes.html", context)

    return view


def _recent_claim_entries():
    history = Claim.history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return (
        Claim.history.select_related("history_user", "speaker", "source", "reviewer")
        .annotate(previous_history_id=Subquery(previous))
        .order_by("-history_date", "-history_id")
    )


def _with_changes(entries):
    """
    Each entry with its field-by-field changes from the entry before it. Runs
    two queries whatever the page size: one for the previous entries, one for
    both sides' topics.
    """
    entries = list(entries)
    previous = Claim.history.select_related("speaker", "source", "reviewer").in_bulk(
        [entry.previous_history_id for entry in entries if entry.previous_history_id],
        field_name="history_id",
    )
    topics = _topics_by_entry([*(e.history_id for e in entries), *previous])
    for entry in entries:
        before = previous.get(entry.previous_history_id)
        entry.changes = []
        if before is None:
            continue
        delta = entry.diff_against(before, excluded_fields=["topics"], foreign_keys_are_objs=True)
        entry.changes = ReadableChanges(Claim, entry).context_for_delta_changes(delta)
        entry.changes += _topic_change(topics[before.history_id], topics[entry.history_id])
    return entries


def _topic_change(old_topics, new_topics):
    """The topics row of a diff, as a list of none or one change."""
    if old_topics == new_topics:
        return []
    empty = gettext("(empty)")
    return [
        {
            # Named as the other fields of the diff are: by its verbose name.
            "field": str(capfirst(Claim._meta.get_field("topics").verbose_name)),
            "old": ", ".join(sorted(old_topics)) or empty,
            "new": ", ".join(sorted(new_topics)) or empty,
        }
    ]


def _topics_by_entry(history_ids):
    """Topic names each history entry recorded, in one query."""
    through = apps.get_model("claims", "HistoricalClaim_topics")
    names = {history_id: set() for history_id in history_ids}
    rows = through.objects.filter(history_id__in=history_ids).values_list(
        "history_id", "topic__name", "topic_id"
    )
    for history_id, name, topic_id in rows:
        names[history_id].add(name or f"deleted topic {topic_id}")
    return names
