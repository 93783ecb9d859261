"""
The admin's import page: an editor uploads a file in any import format, sees
what a dry run would do and every problem, and confirms to import it as
themselves. The same ClaimImporter as `manage.py import_claims` decides
everything; this page only keeps the upload between the check and the
confirmation (in a folder of its own under the system's temporary folder,
named by a token kept in the editor's session).
"""

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims.interchange.files import FORMATS
from claims.interchange.importer import ClaimImporter, ImportFailed

UPLOADS = Path(tempfile.gettempdir()) / "ledger-admin-imports"
SESSION_KEY = "claims_admin_imports"
# An upload checked but never confirmed is removed at the next check after this long.
UPLOAD_KEPT_SECONDS = 24 * 60 * 60


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        # The check runs inside the request; a larger file is the command's.
        file = self.cleaned_data["file"]
        limit = settings.LEDGER_IMPORT_UPLOAD_MAX_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                gettext(
                    "This file is %(size)s MB; an upload takes at most %(limit)s MB. Import "
                    "larger files with manage.py import_claims."
                )
                % {"size": f"{file.size / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"}
            )
        return file
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Guess from the file")), *((name, name) for name in FORMATS)],
        required=False,
    )
    as_own = forms.BooleanField(
        required=False,
        label=_("The reviews are our own verdicts"),
        help_text=_(
            "An archive of this desk's from another system: its reviews rate our claims, "
            "whoever their author. Leave unticked for other desks' feeds."
        ),
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label=_("Skip rows with problems"),
        help_text=_(
            "Import every valid row and list the rest; unticked, one problem imports nothing."
        ),
    )


def import_view(model_admin):
    def view(request):
        if not request.user.has_perm("claims.add_claim"):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "title": gettext("Import a file"),
            "opts": model_admin.model._meta,
            "form": ImportForm(),
        }
        if request.method == "POST" and "confirm" in request.POST:
            return _confirm(request, model_admin)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                context.update(_check(request, form.cleaned_data))
        return TemplateResponse(request, "admin/claims/externalreview/import.html", context)

    return view


def _check(request, options):
    """Keep the upload, dry-run it, and say what the import would do."""
    _remove_stale_uploads()
    upload = options["file"]
    token = secrets.token_urlsafe(16)
    # Only the file's own name: a name from the browser may hold a path.
    name = os.path.basename(upload.name.replace("\\", "/")) or "upload"
    folder = UPLOADS / token
    folder.mkdir(parents=True, mode=0o700)
    with open(folder / name, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    options = {key: options[key] for key in ("format", "as_own", "skip_invalid")}
    request.session.setdefault(SESSION_KEY, {})[token] = {"name": name, **options}
    request.session.modified = True
    summary, problems, warnings, rows = _run(request, folder, name, options, dry_run=True)
    can_confirm = summary is not None and rows > 0
    if not can_confirm:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "checked": True,
        "file_name": name,
        "upload": token,
        "skip_invalid": options["skip_invalid"],
        "summary_lines": list(summary.lines()) if summary else [],
        "problems": problems,
        "warnings": warnings,
        "can_confirm": can_confirm,
    }


def _remove_stale_uploads():
    """One directory listing: the uploads checked a day ago or more and never confirmed."""
    if not UPLOADS.is_dir():
        return
    oldest = time.time() - UPLOAD_KEPT_SECONDS
    for folder in UPLOADS.iterdir():
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)


def _confirm(request, model_admin):
    token = request.POST.get("upload", "")
    kept = request.session.get(SESSION_KEY, {}).pop(token, None)
    request.session.modified = True
    changelist = reverse(f"admin:claims_{model_admin.model._meta.model_name}_changelist")
    if kept is None:
        messages.error(request, gettext("That upload is no longer here; upload the file again."))
        return HttpResponseRedirect(reverse("admin:claims_externalreview_import"))
    folder = UPLOADS / token
    try:
        summary, problems, _, _ = _run(request, folder, kept["name"], kept, dry_run=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if summary is None:
        for line in problems:
            messages.error(request, line)
        messages.error(
            request,
            ngettext(
                "%(count)d problem found; nothing was imported.",
                "%(count)d problems found; nothing was imported.",
                len(problems),
            )
            % {"count": len(problems)},
        )
        return HttpResponseRedirect(reverse("admin:claims_externalreview_import"))
    # The summary's lines are the importer's, in English like its command's output.
    messages.success(
        request,
        gettext("Imported %(file)s: %(summary)s")
        % {"file": kept["name"], "summary": "; ".join(summary.lines())},
    )
    for line in problems:
        messages.warning(request, gettext("Left out: %(problem)s") % {"problem": line})
    return HttpResponseRedirect(changelist)


def _run(request, folder, name, options, *, dry_run):
    """
    The importer's run as the signed-in editor: (the summary, or None when
    nothing can be imported; the problems; the warnings; the rows kept).
    Each names the file as uploaded, not the folder it is kept in.
    """
    importer = ClaimImporter(user=request.user, by=request.user, as_own=options["as_own"])
    importer.read(str(folder / name), options["format"] or None)
    prefix = f"{folder}{os.sep}"

    def named(lines):
        return [line.removeprefix(prefix) for line in lines]

    summary = None
    try:
        summary = importer.run(dry_run=dry_run, skip_invalid=options["skip_invalid"])
        problems = named(importer.skipped)
    except ImportFailed as failure:
        problems = named(failure.errors)
    except DatabaseError as error:
        problems = [
            gettext("The database refused the import, so nothing was imported: %(error)s")
            % {"error": error}
        ]
    return summary, problems, named(importer.warnings.lines), len(importer.rows)
