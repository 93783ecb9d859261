from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import SluggedModel, SlugQuerySet, xml_text_validator

# The CSV and JSONL interchange lists a claim's topics in one cell split on
# ";" (claims/interchange/rows.py): a name holding one would come back from an
# export as two topics.
topic_name_validator = RegexValidator(
    r";",
    _("A topic name cannot contain “;”: exports list a claim's topics separated by it."),
    inverse_match=True,
)



class Topic(SluggedModel):
    name = models.CharField(
        _("name"), max_length=100, validators=[topic_name_validator, xml_text_validator]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=_("Left empty, it is made for you."),
    )

    history = HistoricalRecords()
    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            # "Human rights" and "human rights" are one topic.
            models.UniqueConstraint(
                Lower("name"),
                name="topic_name_unique_ignoring_case",
                violation_error_message=_("A topic with this name already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="topic_name_not_blank",
                violation_error_message=_("A topic needs a name."),
            ),
            # No constraint refuses a ";" (topic_name_validator does, on every
            # form and full_clean()): topics saved before it may hold one, and
            # adding the constraint would fail on them, while renaming them in
            # a migration would write no history. Rename those in the admin.
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic", args=[self.slug])

    @transaction.atomic
    def delete_recorded(self, *, reason, by):
        """
        Take the topic off every claim, each through Claim.set_topics() so the
        claim's history records it, then delete it. A plain delete() would drop
        it from claims by a cascade that writes no claim history. Costs a few
        queries per claim that has the topic.
        """
        for claim in self.claims.prefetch_related("topics"):
            remaining = [topic for topic in claim.topics.all() if topic.pk != self.pk]
            claim.set_topics(remaining, reason=reason, by=by)
        self._change_reason = reason
        if by is not None:
            self._history_user = by
        self.delete()
