"""
The claim form the desk edits in the admin, and the public list's filter form.

Status and publication are fields here, but the form never writes them: it
works out which workflow steps the edit asks for (`ClaimAdminForm.plan`) and
the admin runs them through Claim.rate() / retract() / publish() /
unpublish(), which check the user's permission again, record the reason and
issue corrections. The form refuses up front what those methods would refuse,
so the user gets a form error next to the field instead of an error page.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Max
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Evidence

CHANGE_REASON_MAX_LENGTH = 1000


@dataclass(frozen=True)
class ClaimPlan:
    """What a submitted claim form asks the workflow to do, in the order it is done."""

    unpublish: bool = False
    new_status: str | None = None
    retract: bool = False
    publish: bool = False


def edit_version(claim_pk):
    """
    The version a form was opened at: the latest history entry of the claim
    (its topics included) and of its evidence. Two queries.
    """
    claim_entry = Claim.history.filter(id=claim_pk).aggregate(latest=Max("history_id"))
    evidence_entry = Evidence.history.filter(claim_id=claim_pk).aggregate(latest=Max("history_id"))
    return f"{claim_entry['latest'] or 0}-{evidence_entry['latest'] or 0}"


def latest_change(claim_pk):
    """The newest history entry of the claim or its evidence, with its user."""
    entries = [
        Claim.history.filter(id=claim_pk).select_related("history_user").first(),
        Evidence.history.filter(claim_id=claim_pk).select_related("history_user").first(),
    ]
    return max(filter(None, entries), key=lambda entry: entry.history_date, default=None)


class ClaimAdminForm(forms.ModelForm):
    is_published = forms.BooleanField(
        label="Published",
        required=False,
        help_text="Ticked, the claim is on the public site. Editors publish and unpublish.",
    )
    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        # The history keeps it as text (SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD)
        # and a correction's note is text: this bounds only what one form posts.
        max_length=CHANGE_REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="Required when the status or publication changes. It goes in the history "
        "and, on a published claim, in the public correction.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    # The admin sets these on the form class it builds per request: the
    # signed-in user, on a revert the old version's topics, and a workflow
    # method's refusal of this same input once the form had validated it.
    user = None
    version_topics = None
    late_refusal = None

    class Meta:
        model = Claim
        fields = [
            *("text", "speaker", "source", "said_on", "context", "language", "topics"),
            *("reviewer", "status", "summary", "slug"),
        ]
        help_texts = {
            "status": "Reviewers move drafts between Unverified and In review and propose a "
            "verdict; editors change the verdict of a published claim. Setting a published "
            "verdict back to Unverified retracts it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The claim as it is saved now. A revert form's instance carries an old
        # version's values, so the workflow compares with the row, not the
        # instance; the admin tells by `updated_at` whether its save moved it.
        self.saved = None
        if self.instance.pk:
            self.saved = Claim._base_manager.values(
                "status", "summary", "published_at", "updated_at", "reviewer_id"
            ).get(pk=self.instance.pk)
            self.initial["version"] = edit_version(self.instance.pk)
        self.initial["is_published"] = bool(self.saved and self.saved["published_at"])
        if self.version_topics is not None:
            self.initial["topics"] = self.version_topics
            self._keep_reviewer_the_desk_no_longer_offers()

    def _keep_reviewer_the_desk_no_longer_offers(self):
        """
        A revert form shows an old version, whose reviewer may have left the
        desk since and so is not in the menu: a browser would then submit the
        empty choice and the revert would unassign the claim without a word.
        Keep the claim's current reviewer instead, and say so. One query, and
        only when the version's reviewer is not the current one.
        """
        field = self.fields.get("reviewer")
        wanted = self.initial.get("reviewer")
        if field is None or self.is_bound or wanted in (None, self.saved["reviewer_id"]):
            return
        if not field.queryset.filter(pk=wanted).exists():
            self.initial["reviewer"] = self.saved["reviewer_id"]
            field.help_text = (
                "This version's reviewer has left the desk, so the claim keeps its "
                "current reviewer."
            )

    @property
    def saved_status(self):
        return self.saved["status"] if self.saved else Claim.Status.UNVERIFIED

    @property
    def was_published(self):
        return bool(self.saved and self.saved["published_at"])

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_edit()
        status = cleaned_data.get("status") or self.saved_status
        publish = cleaned_data.get("is_published", False)
        self.plan = ClaimPlan(
            unpublish=self.was_published and not publish,
            new_status=status if status != self.saved_status else None,
            retract=(
                self.was_published
                and publish
                and Claim.Status(self.saved_status).is_verdict
                and status == Claim.Status.UNVERIFIED
            ),
            publish=publish and not self.was_published,
        )
        changes_publication = self.plan.publish or self.plan.unpublish
        if (self.plan.new_status or changes_publication) and not cleaned_data.get(
            "change_reason", ""
        ).strip():
            self.add_error(
                "change_reason",
                "Give a reason for this change of status or publication; it goes in the history.",
            )
        self._refuse_what_the_user_may_not_do(cleaned_data, changes_publication)
        if (
            publish
            and Claim.Status(status).is_verdict
            and not self.plan.retract
            and not cleaned_data.get("summary", "").strip()
        ):
            self.add_error("summary", "A published verdict needs a summary explaining it.")
        if self.late_refusal is not None:
            self._add_late_refusal(self.late_refusal)
        return cleaned_data

    def _add_late_refusal(self, error):
        """A workflow method's refusal, next to the field it names where the form has it."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)

    def _refuse_what_the_user_may_not_do(self, cleaned_data, changes_publication):
        user = self.user
        if changes_publication and not user.has_perm("claims.publish_claim"):
            self.add_error("is_published", "Only editors may publish or unpublish a claim.")
        stays_published = self.was_published and not self.plan.unpublish
        if self.plan.retract and not user.has_perm("claims.retract_claim"):
            self.add_error("status", "Only editors may retract a published verdict.")
        elif (
            self.plan.new_status
            and not self.plan.retract
            and not user.has_perm(Claim.permission_to_rate(published=stays_published))
        ):
            self.add_error("status", "Only editors may change the status of a published claim.")
        summary_changes = self.saved and cleaned_data.get("summary", "") != self.saved["summary"]
        if stays_published and summary_changes and not user.has_perm("claims.rate_published_claim"):
            self.add_error("summary", "Only editors may change the summary of a published claim.")

    def _refuse_stale_edit(self):
        """
        Lock the claim's row for the rest of the request, then compare the
        version the form was opened at with the current one. On a clash the
        form keeps the user's input and now carries the current version, so
        saving again, after reading the other change, overwrites it knowingly.
        """
        Claim._base_manager.select_for_update().values_list("pk", flat=True).get(
            pk=self.instance.pk
        )
        current = edit_version(self.instance.pk)
        if self.cleaned_data.get("version") == current:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        change = latest_change(self.instance.pk)
        if change is None:
            # No history to name (rows restored without it): the version
            # posted is simply not the claim's.
            raise ValidationError(
                "This claim is not at the version this form was opened at. Nothing was saved "
                "and your changes are still on this form: save again to keep them."
            )
        who = "An import or a command"
        if change.history_user:
            who = change.history_user.get_username()
        when = timezone.localtime(change.history_date).strftime("%Y-%m-%d %H:%M:%S %Z")
        why = f" ({change.history_change_reason})" if change.history_change_reason else ""
        raise ValidationError(
            f"{who} changed this claim at {when}{why} after you opened it. Nothing was saved "
            "and your changes are still on this form: read their change in the history, "
            "then save again to keep yours."
        )


class ClaimFilterForm(forms.Form):
    """
    The public list's search box and filters (`?q=&status=&speaker=&topic=&source=`),
    and the one place their values are checked: the API validates with it too.
    """

    q = forms.CharField(label="Search claims", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ClaimStatus.choices]
    )
    speaker = forms.SlugField(required=False, widget=forms.HiddenInput)
    topic = forms.SlugField(required=False, widget=forms.HiddenInput)
    # Bounded by the id column's range: a bigger number is no id, and SQLite
    # would refuse it with an OverflowError.
    source = forms.IntegerField(
        required=False, min_value=1, max_value=BigIntegerField.MAX_BIGINT, widget=forms.HiddenInput
    )

    def active_filters(self):
        """(name, value) for each filter given, so the page can say what it shows."""
        return [
            (name, self.data[name])
            for name in ("speaker", "topic", "source")
            if self.data.get(name)
        ]
