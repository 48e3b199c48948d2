"""Mappings for LGA staff: download each as a spreadsheet, upload a new version, check what it
changes, then apply it (all or nothing, once)."""

from pathlib import Path

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.framework_io import stored
from assessments.framework_io.data import FrameworkImportError
from assessments.framework_io.spreadsheet import spreadsheet_bytes
from assessments.mappings.forms import MappingConfirmForm, MappingUploadForm, preview_mapping
from assessments.mappings.io.services import MappingChanged, applied_event
from assessments.mappings.io.writer import LAYOUT, mapping_rows
from assessments.models import Mapping
from assessments.views.matrix_upload import FORMATS, GONE

PERMISSION = "assessments.manage_mappings"
NO_LONGER_FITS = (
    "Nothing was applied: a framework changed after you checked your file, and the file no "
    "longer fits it. Upload the file again to see what to correct"
)


class MappingListView(PermissionRequiredMixin, TemplateView):
    """Every mapping, with its spreadsheet to download, and a way to upload a new version."""

    permission_required = PERMISSION
    template_name = "assessments/mappings/staff_list.html"

    def get_context_data(self, **kwargs):
        mappings = (
            Mapping.objects.select_related("source", "target")
            .annotate(link_count=Count("links"))
            .order_by("source__name", "target__name")  # a count drops Meta.ordering
        )
        return super().get_context_data(mappings=mappings, **kwargs)


@permission_required(PERMISSION, raise_exception=True)
def mapping_download(request, source, target, format):
    """The mapping's spreadsheet, exactly as export_mapping writes it."""
    if format not in FORMATS:
        raise Http404("No such format")
    mapping = get_object_or_404(Mapping, source__slug=source, target__slug=target)
    content = spreadsheet_bytes(mapping_rows(mapping), format, **LAYOUT)
    response = HttpResponse(content, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{source}-to-{target}.{format}"'
    return response


class MappingUploadView(PermissionRequiredMixin, FormView):
    """Takes a mapping's spreadsheet and checks it; what it changes comes next, unapplied."""

    permission_required = PERMISSION
    template_name = "assessments/mappings/staff_upload.html"
    form_class = MappingUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        file = stored.store_file(
            content=form.content, name=upload.name, extension=Path(upload.name).suffix.lower()
        )
        url = reverse("assessments:mapping_preview")
        return redirect(f"{url}?upload={stored.sign(file, kind='mapping')}")


class MappingPreviewView(PermissionRequiredMixin, TemplateView):
    """What the uploaded file changes (a dry run, in words), and applying it."""

    permission_required = PERMISSION
    template_name = "assessments/mappings/staff_preview.html"

    def get(self, request, *args, **kwargs):
        return self.show(request.GET.get("upload"))

    def post(self, request, *args, **kwargs):
        form = MappingConfirmForm(request.POST)
        found = stored.unsign(request.POST.get("checked"))
        if not form.is_valid() or found is None or "fingerprint" not in found[1]:
            return self.upload_again()
        file, values = found
        content = None if applied_event(upload=file.id) else stored.read_file(file)
        if content is None:
            return self.done_or_again(file)
        try:
            preview_mapping(
                content,
                checked=form.cleaned_data.get("links_checked", False),
                expected=values["fingerprint"],
                user=request.user,
                details={"upload": file.id, "file": file.name},
            )
        except MappingChanged:
            # A double click waited for the first apply: that one is the one to show.
            if applied_event(upload=file.id):
                return self.done_or_again(file)
            return self.show(stored.sign(file, kind="mapping"), changed=True)
        except FrameworkImportError:
            return self.upload_again(NO_LONGER_FITS)
        stored.discard_file(file)
        return self.done_or_again(file)

    def show(self, token, changed=False):
        found = stored.unsign(token)
        if found is None or found[1].get("kind") != "mapping":
            return self.upload_again()
        file, _ = found
        content = None if applied_event(upload=file.id) else stored.read_file(file)
        if content is None:
            return self.done_or_again(file)
        try:
            preview = preview_mapping(content, dry_run=True)
        except FrameworkImportError:
            return self.upload_again(NO_LONGER_FITS)
        token = stored.sign(file, kind="mapping", fingerprint=preview.fingerprint)
        context = self.get_context_data(
            file=file,
            preview=preview,
            changed=changed,
            form=MappingConfirmForm(initial={"checked": token}, draft=preview.was_draft),
        )
        return render(self.request, self.template_name, context)

    def upload_again(self, message=GONE):
        messages.error(self.request, message)
        return redirect("assessments:mapping_upload")

    def done_or_again(self, file):
        if applied_event(upload=file.id):
            return redirect("assessments:mapping_applied", upload=file.id)
        return self.upload_again()


class MappingAppliedView(PermissionRequiredMixin, TemplateView):
    """What applying an upload changed, from its audit event."""

    permission_required = PERMISSION
    template_name = "assessments/mappings/staff_applied.html"

    def get_context_data(self, **kwargs):
        event = applied_event(upload=self.kwargs["upload"])
        if event is None:
            raise Http404("No such upload was applied")
        mapping = Mapping.objects.filter(pk=event.object_id).select_related("source", "target")
        return super().get_context_data(event=event, mapping=mapping.first(), **kwargs)
