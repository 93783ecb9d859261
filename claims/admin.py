"""
The desk's admin. Status and publication are read-only here: they change
only through Claim.rate() / publish() / unpublish(), which record a reason
and issue corrections; the reviewer workflow builds on those.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, Correction, Evidence, Source, Speaker, Topic


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "published_on"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ["position", "stance", "url", "title", "publisher", "excerpt", "archived_url"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "speaker", "status", "published_at", "reviewer", "updated_at"]
    list_filter = ["status", "topics"]
    list_select_related = ["speaker", "reviewer"]
    search_fields = ["text", "speaker__name", "source__title", "external_id"]
    autocomplete_fields = ["speaker", "source", "topics"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [EvidenceInline]


@admin.register(Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["claim"]
    # Corrections are issued by Claim.rate(), retract() and issue_correction().
    readonly_fields = ["claim", "kind", "previous_status", "new_status", "created_at", "created_by"]

    def has_add_permission(self, request):
        return False
