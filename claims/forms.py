"""
The claim form the desk edits in the admin, and the public list's filter form.

Status and publication are fields here, but the form decides nothing about
them: it asks the workflow's one rule, Claim.status_change(), what the edit
asks for (the permissions, a reason, a summary; whether it retracts), shows
what the user may not do next to the field, and writes the edit through
Claim.rate() / propose() / retract() / publish() / unpublish(), which ask the
same rule again on the same locked row and issue the corrections (propose()
keeps a change of a published verdict the panel has not agreed on as a
proposal for the editors instead).

An edit of a saved claim is written as the last step of the form's
validation, under the row lock the stale-edit check takes and in a
savepoint: should the model or a workflow method still refuse, the refusal
is an error on this form, the user's input stays on it and nothing of the
edit is kept. (ClaimAdmin keeps nothing either when the evidence forms below
it refuse.) A new claim has no row anyone else could change: ClaimAdmin
saves it.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic

from claims.models import Claim, ClaimStatus, Evidence
from claims.models.claim import CHANGE_REASON_MAX_LENGTH, SUMMARY_NEEDED, reason_validator

# Every column of the claim's row, by attname: what the form reads as saved.
CLAIM_COLUMNS = [field.attname for field in Claim._meta.concrete_fields]

# How the form words a workflow permission the user lacks, next to the field
# that asked for it. Others are refused in the words of Claim.check_permission().
REFUSALS = {
    "claims.publish_claim": {
        "is_published": _("Only editors may publish or unpublish a claim.")
    },
    "claims.retract_claim": {"status": _("Only editors may retract a published verdict.")},
    "claims.rate_published_claim": {
        "status": _("Only editors may change the status of a published claim."),
        "summary": _("Only editors may change the summary of a published claim."),
    },
}


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


class StaleEditCheckForm(forms.ModelForm):
    """
    The change form of every tracked model (LedgerHistoryAdmin's form):
    refuses a save when someone changed the object after the form was
    opened, naming who and when, and keeps the user's input, so two people
    editing the same row never silently revert each other's work. The form
    carries the version it was opened at in a hidden field: the id of the
    object's latest history entry.
    """

    version = forms.CharField(label=_("Version"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.current_version()

    def _history(self):
        model = self._meta.model
        return model.history.filter(**{model._meta.pk.attname: self.instance.pk})

    def current_version(self):
        """The id of the object's latest history entry. One query."""
        return str(self._history().aggregate(latest=Max("history_id"))["latest"] or 0)

    def latest_change(self):
        """The object's newest history entry, with its user."""
        return self._history().select_related("history_user").first()

    def lock_row(self):
        """Lock the object's row for the rest of the request (the admin's transaction)."""
        list(self._meta.model._base_manager.select_for_update().filter(pk=self.instance.pk))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_edit()
        return cleaned_data

    def _refuse_stale_edit(self):
        """
        Under the row lock, compare the version the form was opened at with
        the current one. On a clash the form keeps the user's input and now
        carries the current version, so saving again, after reading the other
        change, overwrites it knowingly.
        """
        self.lock_row()
        current = self.current_version()
        if self.cleaned_data.get("version") == current:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        name = self._meta.model._meta.verbose_name
        change = self.latest_change()
        if change is None:
            # No history to name (rows restored without it): the version
            # posted is simply not the object's.
            raise ValidationError(
                gettext(
                    "This %(name)s is not at the version this form was opened at. Nothing was "
                    "saved and your changes are still on this form: save again to keep them."
                )
                % {"name": name}
            )
        who = gettext("An import or a command")
        if change.history_user:
            who = change.history_user.get_username()
        values = {
            "who": who,
            "name": name,
            "when": timezone.localtime(change.history_date).strftime("%Y-%m-%d %H:%M:%S %Z"),
            # The reason as the history keeps it, in the words it was written in.
            "reason": change.history_change_reason,
        }
        if change.history_change_reason:
            message = gettext(
                "%(who)s changed this %(name)s at %(when)s (%(reason)s) after you opened it. "
                "Nothing was saved and your changes are still on this form: read their "
                "change in the history, then save again to keep yours."
            )
        else:
            message = gettext(
                "%(who)s changed this %(name)s at %(when)s after you opened it. Nothing was "
                "saved and your changes are still on this form: read their change in the "
                "history, then save again to keep yours."
            )
        raise ValidationError(message % values)


class ClaimAdminForm(StaleEditCheckForm):
    """
    Built for the signed-in `user` (ClaimAdmin.get_form passes it): the
    workflow's rule is asked what this user may do. Its version covers the
    claim's evidence too (edit_version): the page edits both.
    """

    is_published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_(
            "Ticked, the claim is on the public site. Editors publish and unpublish; a verdict "
            "is published by an editor who did not write it."
        ),
    )
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        # The history keeps it as text (SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD)
        # and a correction's note is text: this bounds only what one form posts.
        max_length=CHANGE_REASON_MAX_LENGTH,
        validators=[reason_validator],
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_(
            "Required when the status or publication changes. It goes in the history "
            "and, on a published claim, in the public correction."
        ),
    )

    class Meta:
        model = Claim
        fields = [
            *("text", "speaker", "source", "said_on", "context", "language", "topics"),
            *("reviewer", "status", "summary", "slug"),
        ]
        # The fields' labels are the model's verbose names, in the desk's language.
        help_texts = {
            "status": _(
                "Reviewers move drafts between Unverified and In review and propose a "
                "verdict; editors change the verdict of a published claim. Setting a published "
                "verdict back to Unverified retracts it."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The claim as it is saved now (clean() reads it again under the row
        # lock). A revert form's instance carries an old version's values, so
        # the workflow compares with the row, not the instance; the admin
        # tells by `updated_at` whether the edit moved it.
        self.saved, self._validated = None, {}
        # The proposal this edit recorded instead of changing the published verdict.
        self.proposal = None
        if self.instance.pk:
            self.saved = Claim._base_manager.values(*CLAIM_COLUMNS).get(pk=self.instance.pk)
        self.initial["is_published"] = self.was_published
        version = to_historic(self.instance)
        if version is not None:
            # A revert form: simple-history rebuilds the old version's fields
            # but not its topics (one query).
            self.initial["topics"] = [row.topic_id for row in version.topics.all()]
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
            field.help_text = gettext(
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
        # StaleEditCheckForm.clean() locks the row and refuses a stale edit.
        cleaned_data = super().clean()
        status = cleaned_data.get("status") or self.saved_status
        summary = cleaned_data.get("summary", "")
        # A new claim's summary is part of it, not a change to a saved one.
        summary_changed = self.saved is not None and summary != self.saved["summary"]
        self.status_change = change = Claim.status_change(
            self.saved_status,
            status,
            was_published=self.was_published,
            published=cleaned_data.get("is_published", False),
            summary_changed=summary_changed,
        )
        # A reason the field refused (invisible, too long) has its error already.
        given = cleaned_data.get("change_reason", "")
        if change.needs_reason and "change_reason" not in self.errors and not given.strip():
            self.add_error(
                "change_reason",
                gettext(
                    "Give a reason for this change of status or publication; it goes in the "
                    "history."
                ),
            )
        self._refuse_what_the_user_may_not_do(
            change, status_changed=status != self.saved_status, summary_changed=summary_changed
        )
        if change.needs_summary and not summary.strip():
            self.add_error("summary", SUMMARY_NEEDED)
        self._check_new_verdict_sign_off(change)
        self._check_slug_change(cleaned_data, given)
        return cleaned_data

    def _check_new_verdict_sign_off(self, change):
        """A new claim saved published asks the panel's rule (Claim.new_claim_sign_off)."""
        if self.saved is not None or not change.needs_sign_off:
            return
        tally = Claim.new_claim_sign_off(self.user)
        if tally is not None and not tally.agreed:
            self.add_error(
                "is_published",
                gettext(
                    "The sign-off panel has not agreed on this verdict (%(standing)s from "
                    "editors other than its author): save it as a draft and have another "
                    "editor sign it off."
                )
                % {"standing": tally.standing},
            )

    def _check_slug_change(self, cleaned_data, reason):
        """What Claim.slug_change asks of a new slug for a saved claim."""
        if self.saved is None or "slug" not in cleaned_data:
            return
        if not cleaned_data["slug"]:
            # Left empty, a saved claim keeps its slug (and its URL).
            cleaned_data["slug"] = self.instance.slug = self.saved["slug"]
        if cleaned_data["slug"] == self.saved["slug"]:
            return
        rule = Claim.slug_change(published=self.was_published)
        try:
            Claim.check_permission(self.user, rule.permission)
        except PermissionDenied:
            self.add_error(
                "slug", gettext("Only editors may change the URL of a published claim.")
            )
        if rule.needs_reason and "change_reason" not in self.errors and not reason.strip():
            self.add_error(
                "change_reason",
                gettext(
                    "Give a reason for changing a published claim's URL; it goes in the history."
                ),
            )

    def _refuse_what_the_user_may_not_do(self, change, *, status_changed, summary_changed):
        """Each permission the change asks for and the user lacks, next to the field that asked."""
        changed = {"status": status_changed, "summary": summary_changed}
        for permission in sorted(change.permissions):
            try:
                Claim.check_permission(self.user, permission)
            except PermissionDenied as refusal:
                words = {"status" if status_changed else "summary": str(refusal)}
                for field, message in REFUSALS.get(permission, words).items():
                    if changed.get(field, True):
                        self.add_error(field, message)

    def current_version(self):
        return edit_version(self.instance.pk)

    def latest_change(self):
        return latest_change(self.instance.pk)

    def lock_row(self):
        # The workflow compares the edit with the row read under the lock.
        self.saved = (
            Claim._base_manager.select_for_update().values(*CLAIM_COLUMNS).get(pk=self.instance.pk)
        )

    def _post_clean(self):
        # The model's own validation of the edit (ModelForm's), then the edit
        # itself, once nothing refused it.
        super()._post_clean()
        if self.saved is not None and not self.errors:
            self._save_edit()

    def _save_edit(self):
        """
        Write the edit of the saved claim under the row lock clean() took, in
        a savepoint. A refusal undoes all of it and is an error on this form.
        """
        claim = self.instance
        self._validated = {attname: getattr(claim, attname) for attname in CLAIM_COLUMNS}
        try:
            with transaction.atomic():
                self._write(claim)
        except (ValidationError, PermissionDenied) as refusal:
            self.discard_edit()
            self._add_refusal(refusal)

    def discard_edit(self):
        """
        The edit this form wrote is not kept (refused, or rolled back by the
        admin): put back on the claim the values it was validated with, so
        the page shows those again, not the undone write's dates.
        """
        for attname, value in self._validated.items():
            setattr(self.instance, attname, value)

    def _write(self, claim):
        """
        The plain edits first, then the workflow steps the rule's answer
        calls for, each through the claim's own method with the same reason:
        off the site, the new status (or the retraction), on the site.
        """
        saved, user, change = self.saved, self.user, self.status_change
        reason = self.cleaned_data["change_reason"].strip()
        publish = self.cleaned_data["is_published"]
        wanted_status, wanted_summary = claim.status, claim.summary
        rates = wanted_status != saved["status"]
        # A change of the published verdict (status or summary) goes through
        # propose(), which makes it once the panel agrees or records it as a
        # proposal for the editors, keeping the published verdict meanwhile.
        proposes = publish and self.was_published and change.needs_sign_off
        # A revert's instance is the old version whole. History records every
        # field of it, so the columns the form does not edit (the external id,
        # the creation date) take the saved row's values, or the entry would
        # record a change nobody made.
        for attname in _unedited_columns(self):
            setattr(claim, attname, saved[attname])
        claim.status, claim.published_at = saved["status"], saved["published_at"]
        if rates or proposes:
            # The summary travels with the status change through rate() or propose().
            claim.summary = saved["summary"]
        new_slug = claim.slug
        claim.slug = saved["slug"]
        edited = _changed_columns(claim, self, saved, rates=rates or proposes)
        if edited:
            claim.save_recorded(
                reason=reason or None, by=user, update_fields=[*edited, "updated_at"]
            )
        elif _topics_change(claim, self):
            # A change of topics alone moves the claim's "last updated" too;
            # form.save_m2m() records the topics next, with the reason.
            claim._touch_for_topics()
        if new_slug != saved["slug"]:
            # Through its own verb, which keeps a published claim's old URL working.
            claim.change_slug(new_slug, reason=reason, by=user)
        if self.was_published and not publish:
            claim.unpublish(reason=reason, by=user)
        if change.withdraws_summary:
            claim.retract(reason=reason, by=user)
        elif proposes:
            self.proposal = claim.propose(
                wanted_status, summary=wanted_summary, reason=reason or "Summary edited", by=user
            )
        elif rates:
            claim.rate(wanted_status, summary=wanted_summary, reason=reason, by=user)
        if publish and not self.was_published:
            claim.publish(by=user, reason=reason)
        # A revert saves the topics next (form.save_m2m()), without the
        # admin's save_related(): their history entry carries the reason too.
        claim._change_reason = reason or None

    def _add_refusal(self, refusal):
        """A refusal, next to the field it names where the form has it."""
        if isinstance(refusal, PermissionDenied):
            refusal = ValidationError(str(refusal))
        if not hasattr(refusal, "error_dict"):
            self.add_error(None, refusal)
            return
        for field, errors in refusal.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


def _unedited_columns(form):
    """The attnames of the claim's columns the form does not edit."""
    return [field.attname for field in Claim._meta.concrete_fields if field.name not in form.fields]


def _topics_change(claim, form):
    """Whether the form's topics differ from the claim's saved ones (one query)."""
    if "topics" not in form.cleaned_data:
        return False
    saved = set(claim.topics.values_list("pk", flat=True))
    return {topic.pk for topic in form.cleaned_data["topics"]} != saved


def _changed_columns(claim, form, row, *, rates):
    """The claim's columns the form changed, compared with its saved row."""
    names = [
        field.name
        for field in Claim._meta.concrete_fields
        if field.name in form.fields and field.name not in ("status", "summary")
    ]
    if not rates:
        names.append("summary")
    return [
        name
        for name in names
        if row[Claim._meta.get_field(name).attname]
        != getattr(claim, Claim._meta.get_field(name).attname)
    ]


class ClaimFilterForm(forms.Form):
    """
    The public list's search box and filters (`?q=&status=&speaker=&topic=&source=`),
    and the one place their values are checked: the API validates with it too.
    """

    q = forms.CharField(label=_("Search claims"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ClaimStatus.choices]
    )
    # The hidden filters' labels name them in "Showing only claims with ...".
    # Slugs in every script (claims/models/base.py).
    speaker = forms.SlugField(
        label=_("speaker"), allow_unicode=True, required=False, widget=forms.HiddenInput
    )
    topic = forms.SlugField(
        label=_("topic"), allow_unicode=True, required=False, widget=forms.HiddenInput
    )
    # A slug, or the id a link made before sources had slugs names.
    source = forms.SlugField(
        label=_("source"), allow_unicode=True, required=False, widget=forms.HiddenInput
    )

    def clean_source(self):
        value = self.cleaned_data["source"]
        # Digits are an id (a slug always has a letter), bounded by the id
        # column's range: a bigger number is no id, and SQLite would refuse
        # it with an OverflowError.
        is_id = value.isascii() and value.isdigit()
        if is_id and not 1 <= int(value) <= BigIntegerField.MAX_BIGINT:
            raise forms.ValidationError(_("No source has this id."))
        return value

    def active_filters(self):
        """(name, value) for each filter given, so the page can say what it shows."""
        return [
            (self.fields[name].label, self.data[name])
            for name in ("speaker", "topic", "source")
            if self.data.get(name)
        ]
