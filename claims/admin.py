"""
The desk's admin: where reviewers and editors do their daily work.

Status and publication change only through Claim.rate() / retract() /
publish() / unpublish(), which ask the workflow's one rule
(Claim.status_change), check the user's permission, record the reason and
issue corrections. The claim form (claims/forms.py) asks the same rule, and
writes an edit through those methods as it validates, so a refusal is a form
error; the list's actions call them claim by claim. The roles are in
claims/roles.py; the history pages and the recent changes page are in
claims/admin_history.py.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import BigIntegerField, Q
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from claims.admin_history import ClaimHistoryAdmin, LedgerHistoryAdmin, recent_changes_view
from claims.admin_import import import_view
from claims.forms import ClaimAdminForm
from claims.models import (
    Claim,
    Correction,
    Delivery,
    Evidence,
    ExternalReview,
    Partner,
    Source,
    Speaker,
    Topic,
    VoteDecision,
)
from claims.models.notices import new_secret
from claims.roles import EDITORS, REVIEWERS


def claims_list(claims, *, with_speaker=False):
    """A linked list of claims for a speaker's or a source's page."""
    items = format_html_join(
        "",
        # Each text in <bdi>: a bidi control in one cannot reorder the rest.
        '<li><a href="{}"><bdi>{}</bdi></a> ({}, {}){}</li>',
        (
            (
                reverse("admin:claims_claim_change", args=[claim.pk]),
                Truncator(claim.text).chars(120),
                claim.get_status_display(),
                gettext("published") if claim.is_published else gettext("draft"),
                format_html(gettext(" by <bdi>{}</bdi>"), claim.speaker) if with_speaker else "",
            )
            for claim in claims
        ),
    )
    return format_html('<ul class="claims-list">{}</ul>', items) if items else gettext("None yet.")


def slug_fixed_once_saved(readonly_fields, obj):
    """
    A saved speaker's, source's or topic's slug is its page's address, which links
    and search engines keep: it is shown, not edited (URLs are permanent).
    """
    return [*readonly_fields, "slug"] if obj is not None else readonly_fields


@admin.register(Speaker)
class SpeakerAdmin(LedgerHistoryAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    readonly_fields = ["its_claims"]

    # No prepopulated slug: its script would fill in what the model's rule
    # then never checks ("12" for a speaker named 12, a namesake's slug
    # refused instead of numbered). Left empty, the model makes it.
    def get_readonly_fields(self, request, obj=None):
        return slug_fixed_once_saved(super().get_readonly_fields(request, obj), obj)

    @admin.display(description=_("claims"))
    def its_claims(self, speaker):
        """One query, however many claims."""
        return claims_list(speaker.claims.order_by("-said_on", "-created_at"))


@admin.register(Source)
class SourceAdmin(LedgerHistoryAdmin):
    list_display = ["__str__", "kind", "published_on"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["claims_that_appeared_here"]

    def get_readonly_fields(self, request, obj=None):
        return slug_fixed_once_saved(super().get_readonly_fields(request, obj), obj)

    @admin.display(description=_("claims that appeared here"))
    def claims_that_appeared_here(self, source):
        """One query, however many claims."""
        return claims_list(
            source.claims.select_related("speaker").order_by("-said_on", "-created_at"),
            with_speaker=True,
        )


@admin.register(Topic)
class TopicAdmin(LedgerHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        return slug_fixed_once_saved(super().get_readonly_fields(request, obj), obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    # Deleting takes the topic off each claim through the claim's history.
    def delete_model(self, request, obj):
        obj.delete_recorded(reason=f"Topic “{obj}” deleted", by=request.user)

    def delete_queryset(self, request, queryset):
        for topic in queryset:
            self.delete_model(request, topic)


@admin.register(Evidence)
class EvidenceAdmin(LedgerHistoryAdmin):
    list_display = ["__str__", "claim", "stance", "position"]
    list_filter = ["stance"]
    list_select_related = ["claim"]
    search_fields = ["title", "url", "publisher", "excerpt", "claim__text"]
    autocomplete_fields = ["claim"]

    # Readers see evidence as part of its claim: each change moves the
    # claim's "last updated" (Claim.mark_updated()), and the claim an item
    # was moved away from changed too.
    def save_model(self, request, obj, form, change):
        moved_from = form.initial.get("claim") if "claim" in form.changed_data else None
        super().save_model(request, obj, form, change)
        reason = f"Evidence “{obj}” {'changed' if change else 'added'}"
        for claim in Claim.objects.filter(pk__in=[obj.claim_id, moved_from]):
            claim.mark_updated(reason=reason, by=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        obj.claim.mark_updated(reason=f"Evidence “{obj}” deleted", by=request.user)

    def delete_queryset(self, request, queryset):
        # One claim history entry for all of a claim's evidence deleted at once.
        deleted = {}
        for evidence in queryset.select_related("claim").order_by("claim_id", "pk"):
            super().delete_model(request, evidence)
            deleted.setdefault(evidence.claim, []).append(f"“{evidence}”")
        for claim, names in deleted.items():
            claim.mark_updated(reason=f"Evidence {', '.join(names)} deleted", by=request.user)


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "stance", "url", "title", "publisher", "excerpt", "archived_url"]


class ExternalReviewInline(admin.TabularInline):
    """Who else has checked the claim, as they published it: shown, not edited here."""

    model = ExternalReview
    extra = 0
    can_delete = False
    fields = ["publisher_name", "label", "mapped_status", "reviewed_on", "language", "review_link"]
    readonly_fields = fields
    verbose_name = _("review by another desk")
    verbose_name_plural = _("also checked by (other desks' reviews, never our verdict)")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("review"))
    def review_link(self, review):
        if not review.url:
            return "-"
        return format_html(
            '<a href="{}" rel="nofollow noopener"><bdi>{}</bdi></a>',
            review.url,
            review.title or review.url,
        )


@admin.register(ExternalReview)
class ExternalReviewAdmin(LedgerHistoryAdmin):
    """
    Other desks' reviews, to triage by: who checked what, and what they
    found. They are records of what others published, so only the claim
    they attach to is edited here (a review matched to the wrong claim).
    """

    list_display = [
        "publisher_name",
        "short_label",
        "mapped_status",
        "reviewed_on",
        "language",
        "short_claim",
    ]
    list_filter = ["mapped_status", "language", "publisher_name"]
    list_select_related = ["claim"]
    search_fields = ["publisher_name", "label", "title", "url", "claim__text"]
    date_hierarchy = "reviewed_on"
    autocomplete_fields = ["claim"]
    readonly_fields = [
        *("publisher_name", "publisher_site", "url", "title", "reviewed_on", "language"),
        *("label", "rating_value", "best_rating", "worst_rating", "mapped_status", "created_at"),
    ]
    change_list_template = "admin/claims/externalreview/change_list.html"

    def has_add_permission(self, request):
        # They come from imports, with the publisher's own words.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("label"), ordering="label")
    def short_label(self, review):
        return format_html("<bdi>{}</bdi>", Truncator(review.label).chars(60))

    @admin.display(description=_("claim"), ordering="claim__text")
    def short_claim(self, review):
        return format_html("<bdi>{}</bdi>", Truncator(review.claim.text).chars(80))

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(import_view(self)),
                name="claims_externalreview_import",
            ),
            *super().get_urls(),
        ]


class PublishedFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", _("Published")), ("no", _("Draft"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.published()
        if self.value() == "no":
            return queryset.drafts()
        return queryset


class SignOffFilter(admin.SimpleListFilter):
    title = _("sign-off")
    parameter_name = "sign_off"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for sign-off"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting_for_sign_off()
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = _("reviewer")
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        reviewers = (
            get_user_model()
            .objects.filter(claims_to_review__isnull=False)
            .distinct()
            .order_by("username")
        )
        return [
            ("me", _("Assigned to me")),
            ("none", _("Unassigned")),
            *((str(user.pk), user.get_username()) for user in reviewers),
        ]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(reviewer=request.user)
        if self.value() == "none":
            return queryset.filter(reviewer=None)
        if self.value():
            return queryset.filter(reviewer_id=self._reviewer_id())
        return queryset

    def _reviewer_id(self):
        # A hand-edited ?reviewer= that is no user id: the admin's own answer
        # to a bad lookup (the list again, with ?e=1), not an error page.
        value = self.value()
        if not (value.isascii() and value.isdigit()) or int(value) > BigIntegerField.MAX_BIGINT:
            raise IncorrectLookupParameters(f"No reviewer has the id {value!r}.")
        return int(value)


# How the claim's page lists each vote.
DECISION_WORDS = {
    VoteDecision.APPROVE: _("approved"),
    VoteDecision.REJECT: _("rejected"),
    VoteDecision.PROPOSE: _("proposed"),
}


def _html(message, **values):
    """
    A translated `message` (trusted markup, with %(name)s placeholders a
    translation may reorder) filled with `values`, each escaped.
    """
    return mark_safe(message % {name: conditional_escape(value) for name, value in values.items()})


@admin.register(Claim)
class ClaimAdmin(ClaimHistoryAdmin):
    form = ClaimAdminForm
    change_list_template = "admin/claims/claim/change_list.html"
    list_display = ["short_text", "speaker", "status", "publication", "reviewer", "updated_at"]
    list_filter = [
        "status",
        PublishedFilter,
        SignOffFilter,
        ("topics", admin.RelatedOnlyFieldListFilter),
        ReviewerFilter,
        ("speaker", admin.RelatedOnlyFieldListFilter),
    ]
    # Every column's related row comes in the changelist's one query.
    list_select_related = ["speaker", "reviewer"]
    search_fields = ["text", "speaker__name", "source__title", "source__publisher", "external_id"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["speaker", "source", "topics"]
    # The external id is the import's idempotency key: only an import sets it.
    readonly_fields = [
        *("external_id", "published_at", "created_at", "updated_at", "rated_by", "sign_off")
    ]
    fieldsets = [
        (None, {"fields": ["text", "speaker", "source", "said_on", "context", "language"]}),
        (_("Topics"), {"fields": ["topics"]}),
        (
            _("Verification"),
            {
                "fields": [
                    *("reviewer", "status", "summary", "is_published"),
                    *("change_reason", "version"),
                ]
            },
        ),
        (_("Sign-off"), {"fields": ["rated_by", "sign_off"]}),
        (_("Record"), {"fields": ["slug", "published_at", "created_at", "updated_at"]}),
    ]
    inlines = [EvidenceInline, ExternalReviewInline]
    actions = [
        *("assign_to_me", "mark_in_review", "approve", "reject", "publish", "unpublish"),
    ]

    @admin.display(description=_("claim"), ordering="text")
    def short_text(self, claim):
        return Truncator(claim.text).chars(90)

    @admin.display(description=_("published"), ordering="published_at")
    def publication(self, claim):
        return _("Published") if claim.is_published else _("Draft")

    @admin.display(description=_("votes"))
    def sign_off(self, claim):
        """
        The panel's votes, newest first, and where it stands on the claim's
        verdict and on its pending proposal, if any. The notes are the
        desk's: shown here, never to readers. Five queries at most.
        """
        if claim.pk is None:
            return gettext("None yet.")
        votes = claim.votes.select_related("editor").order_by("-created_at", "-pk")
        proposal = claim.pending_proposal()

        def standing_of(vote):
            if (vote.status, vote.summary) == (claim.status, claim.summary):
                if vote.editor_id in (claim.reviewer_id, claim.rated_by_id):
                    # Translators: a vote by the claim's reviewer or the verdict's author.
                    return gettext("not counted: their own work")
                return gettext("counts")
            if proposal and (vote.status, vote.summary) == (proposal.status, proposal.summary):
                if vote.pk >= proposal.pk:
                    return gettext("on the proposal")
                return gettext("on an earlier proposal")
            return gettext("on an earlier verdict")

        def row_of(vote):
            if vote.note:
                # Translators: a vote on the claim's page, with its note: "2026-01-05 10:30:
                # Ann Lee approved Mostly false (counts): checked the figures".
                message = gettext(
                    "%(when)s: <bdi>%(editor)s</bdi> %(decision)s %(status)s (%(standing)s): "
                    "<bdi>%(note)s</bdi>"
                )
            else:
                # Translators: a vote on the claim's page: "2026-01-05 10:30: Ann Lee approved
                # Mostly false (counts)".
                message = gettext(
                    "%(when)s: <bdi>%(editor)s</bdi> %(decision)s %(status)s (%(standing)s)"
                )
            return _html(
                message,
                when=vote.created_at.strftime("%Y-%m-%d %H:%M"),
                editor=vote.editor.get_full_name() or vote.editor.get_username(),
                decision=DECISION_WORDS[vote.decision],
                status=vote.get_status_display(),
                standing=standing_of(vote),
                note=vote.note,
            )

        rows = format_html_join("", "<li>{}</li>", ((row_of(vote),) for vote in votes))
        standing = ""
        if claim.has_verdict:
            standing = format_html(
                "<p>{}</p>",
                gettext("This verdict: %(standing)s.") % {"standing": claim.sign_off().standing},
            )
        if proposal is not None:
            # What the approve and reject actions vote on while it waits. The
            # buttons submit the page's #proposal-vote form (the claim's
            # change_form.html): the list's actions for this claim.
            proposed = _html(
                gettext(
                    "<strong>Proposed</strong> by <bdi>%(editor)s</bdi>: %(status)s, "
                    "“<bdi>%(summary)s</bdi>” (reason: <bdi>%(reason)s</bdi>): %(standing)s. "
                    "The published verdict changes once the panel agrees."
                ),
                editor=proposal.editor.get_full_name() or proposal.editor.get_username(),
                status=proposal.get_status_display(),
                summary=proposal.summary,
                reason=proposal.note,
                standing=claim.proposal_sign_off(proposal).standing,
            )
            standing += format_html(
                "<p>{}</p>"
                '<button type="submit" form="proposal-vote" name="action" value="approve">'
                "{}</button> "
                '<button type="submit" form="proposal-vote" name="action" value="reject">'
                "{}</button>",
                proposed,
                gettext("Approve the proposal"),
                gettext("Reject the proposal"),
            )
        if rows:
            return format_html("{}<ul>{}</ul>", standing, rows)
        return standing or gettext("None yet.")

    def has_delete_permission(self, request, obj=None):
        # A claim's record, once kept, is the desk's; only a superuser removes one.
        return request.user.is_superuser

    def has_publish_permission(self, request):
        return request.user.has_perm("claims.publish_claim")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class ClaimForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, user=user, **kwargs)

        if "reviewer" in ClaimForm.base_fields:
            ClaimForm.base_fields["reviewer"].queryset = _reviewers_to_offer(obj)
        return ClaimForm

    def get_urls(self):
        return [
            path(
                "recent-changes/",
                self.admin_site.admin_view(recent_changes_view(self)),
                name="claims_claim_recent_changes",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_view_recent_changes": request.user.has_perm("claims.view_recent_changes"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # Saving ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """
        Save a new claim, then publish it if the form asks, with the form's
        reason; the admin runs this inside one transaction. An edit of a saved
        claim is already written: the form writes it as it validates
        (ClaimAdminForm._save_edit), so that a refusal is an error on the form.
        """
        if change:
            if form.proposal is not None:
                tally = obj.proposal_sign_off(form.proposal)
                self.message_user(
                    request,
                    ngettext(
                        "Proposed: waiting for %(majority)d approval from editors other than "
                        "the claim's reviewer and you (%(standing)s so far). The published "
                        "verdict stays until the panel agrees.",
                        "Proposed: waiting for %(majority)d approvals from editors other than "
                        "the claim's reviewer and you (%(standing)s so far). The published "
                        "verdict stays until the panel agrees.",
                        tally.majority,
                    )
                    % {"majority": tally.majority, "standing": tally.standing},
                    messages.WARNING,
                )
            return
        reason = form.cleaned_data["change_reason"].strip()
        obj.save_recorded(reason=reason or "Created in the admin", by=request.user)
        if form.cleaned_data["is_published"]:
            obj.publish(by=request.user, reason=reason)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if change and request.method == "POST" and form.is_valid():
            # The page is shown again after a valid claim form: the evidence
            # forms refused, after the claim form had written its edit as it
            # validated. Keep none of it.
            transaction.set_rollback(True, using=router.db_for_write(self.model))
            form.discard_edit()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        # Topic changes and evidence edits carry the form's reason into history.
        reason = form.cleaned_data["change_reason"].strip() or None
        form.instance._change_reason = reason
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del form.instance._change_reason
        evidence_changed = any(
            formset.new_objects or formset.changed_objects or formset.deleted_objects
            for formset in formsets
        )
        # The claim's row was saved, and "last updated" moved, if the form's
        # edit or save_model() wrote it at all.
        claim_saved = not change or form.instance.updated_at != form.saved["updated_at"]
        if evidence_changed and not claim_saved:
            # Readers see new or changed evidence as an update of the claim.
            form.instance.mark_updated(reason=reason or "Evidence edited", by=request.user)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data["change_reason"].strip() or None
        for evidence in formset.save(commit=False):
            evidence.save_recorded(reason=reason, by=request.user)
        for evidence in formset.deleted_objects:
            evidence._change_reason = reason
            evidence.delete()
        formset.save_m2m()

    # Actions --------------------------------------------------------------

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        user = request.user
        self._run_on_each(
            request,
            queryset,
            ngettext_lazy(
                "%(count)d claim assigned to you.", "%(count)d claims assigned to you.", "count"
            ),
            lambda claim: claim.assign(user, by=user),
        )

    @admin.action(description=_("Mark in review"))
    def mark_in_review(self, request, queryset):
        user = request.user

        def mark(claim):
            with transaction.atomic():
                # Asked of the row as saved, locked until rate() has written.
                claim.refresh_from_db(
                    fields=["status", "published_at"],
                    from_queryset=Claim._base_manager.select_for_update(),
                )
                change = Claim.status_change(
                    claim.status,
                    Claim.Status.IN_REVIEW,
                    was_published=claim.is_published,
                    published=claim.is_published,
                )
                # A public correction would quote this action's stock reason:
                # that change is made on the claim's page, with its own.
                if change.correction:
                    raise ValidationError(
                        gettext(
                            "It is published; change its status on its own page, with a "
                            "reason for the public correction."
                        )
                    )
                return claim.rate(
                    Claim.Status.IN_REVIEW, reason="Marked in review from the claim list", by=user
                )

        self._run_on_each(
            request,
            queryset,
            ngettext_lazy(
                "%(count)d claim marked in review.", "%(count)d claims marked in review.", "count"
            ),
            mark,
        )

    # The claim's own methods refuse the reviewer and anyone but an editor,
    # so a crafted POST of these actions is refused like the button.
    @admin.action(description=_("Approve the verdict"), permissions=["publish"])
    def approve(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            ngettext_lazy("%(count)d claim approved.", "%(count)d claims approved.", "count"),
            lambda claim: claim.approve(by=request.user, note="Approved from the claim list"),
        )

    @admin.action(description=_("Reject the verdict"), permissions=["publish"])
    def reject(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            ngettext_lazy("%(count)d claim rejected.", "%(count)d claims rejected.", "count"),
            lambda claim: claim.reject(
                by=request.user, note="Rejected from the claim list: see the claim's reviewer"
            ),
        )

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            ngettext_lazy("%(count)d claim published.", "%(count)d claims published.", "count"),
            lambda claim: claim.publish(by=request.user, reason="Published from the claim list"),
        )

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            ngettext_lazy(
                "%(count)d claim unpublished.", "%(count)d claims unpublished.", "count"
            ),
            lambda claim: claim.unpublish(
                reason="Unpublished from the claim list", by=request.user
            ),
        )

    def _run_on_each(self, request, queryset, done, step):
        """
        Run `step` on each claim in its own transaction (the model methods are
        atomic), so one refusal does not undo the others; report both. `done`
        says what was done, for a `count` of claims.
        """
        changed, unchanged, refused = 0, 0, []
        for claim in queryset.select_related("speaker", "source"):
            try:
                result = step(claim)
            except (ValidationError, PermissionDenied) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                # Translators: a claim the action refused, and why.
                refused.append(
                    gettext("“%(claim)s”: %(reasons)s")
                    % {"claim": claim, "reasons": " ".join(reasons)}
                )
                continue
            if result is False:
                unchanged += 1
            else:
                changed += 1
        self.message_user(
            request,
            done % {"count": changed},
            messages.SUCCESS if changed else messages.WARNING,
        )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim already so; left as they were.",
                    "%(count)d claims already so; left as they were.",
                    unchanged,
                )
                % {"count": unchanged},
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim refused: %(reasons)s",
                    "%(count)d claims refused: %(reasons)s",
                    len(refused),
                )
                % {"count": len(refused), "reasons": "; ".join(refused)},
                messages.WARNING,
            )


def _reviewers_to_offer(claim):
    """
    The desk's active users, and the claim's saved reviewer even once
    deactivated (the desk deactivates accounts instead of deleting them), or
    the next save of the claim would quietly unassign it. Read from the saved
    row: a revert form's claim is an old version, whose reviewer may have
    left the desk since. A subquery, so no query of its own.
    """
    desk = Q(groups__name__in=[REVIEWERS, EDITORS]) | Q(is_superuser=True)
    saved_reviewer = Q(pk__in=[])
    if claim is not None and claim.pk is not None:
        saved_reviewer = Q(pk__in=Claim._base_manager.filter(pk=claim.pk).values("reviewer_id"))
    return (
        get_user_model()
        .objects.filter((desk & Q(is_active=True)) | saved_reviewer)
        .distinct()
        .order_by("username")
    )


@admin.register(Correction)
class CorrectionAdmin(LedgerHistoryAdmin):
    list_display = ["claim", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["claim"]
    # Corrections are issued by Claim.rate(), retract() and issue_correction(),
    # and once issued they are public: a note is amended by issuing another
    # correction, never rewritten in place.
    readonly_fields = [
        *("claim", "kind", "note", "previous_status", "new_status", "created_at", "created_by")
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A public correction, once issued, stays on the record.
        return request.user.is_superuser


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """Who hears of corrections. A superuser's (no role holds these permissions)."""

    list_display = ["name", "webhook_url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "webhook_url"]

    def get_changeform_initial_data(self, request):
        return {"secret": new_secret(), **super().get_changeform_initial_data(request)}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Each notice sent or queued, and what the partner answered: a record, not an editor."""

    list_display = ["pk", "partner", "status", "attempts", "last_response_code", "created_at"]
    list_filter = ["status", "partner"]
    list_select_related = ["partner"]
    readonly_fields = [
        *("partner", "body", "status", "attempts", "next_attempt_at"),
        *("last_response_code", "last_response", "created_at", "delivered_at"),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
