"""The matrix for LGA staff: download a framework's spreadsheet, upload a new version, check what
it changes, then apply it (all or nothing, once)."""

from functools import cached_property
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.framework_io import stored
from assessments.framework_io.data import FrameworkImportError
from assessments.framework_io.forms import FrameworkUploadForm
from assessments.framework_io.preview import (
    MatrixChanged,
    applied_event,
    apply_checked_file,
    count_lines,
    preview_file,
)
from assessments.framework_io.selectors import framework_rows
from assessments.framework_io.spreadsheet import CONTENT_TYPES, spreadsheet_bytes
from assessments.models import Framework

PERMISSION = "assessments.manage_framework"
GONE = "The file you uploaded is no longer available or has changed; upload it again"
NO_LONGER_FITS = (
    "Nothing was applied: the matrix changed after you checked your file, and the file no longer "
    "fits it. Upload the file again to see what to correct"
)
FORMATS = CONTENT_TYPES


# What each family is, and how councils use it, for the staff who look after its text.
FAMILY_SENTENCES = {
    Framework.Family.NPS: "The National Procurement Strategy's maturity matrix: councils answer it "
    "in rounds.",
    Framework.Family.CCIAF: "The Cabinet Office's Commercial Continuous Improvement Assessment "
    "Framework (CCIAF): councils do not answer it, but see their answers against it through a "
    "mapping.",
    Framework.Family.NPPS: "The National Procurement Policy Statement (NPPS): councils do not "
    "answer it, but see their answers against its priorities through a mapping and record how "
    "they had regard to each.",
}


class MatrixView(PermissionRequiredMixin, TemplateView):
    """Every framework, with its spreadsheet to download and a way to upload a new version."""

    permission_required = PERMISSION
    template_name = "assessments/matrix/index.html"

    def get_context_data(self, **kwargs):
        in_use = Q(themes__key_areas__statements__is_retired=False)
        frameworks = Framework.objects.annotate(
            statement_count=Count("themes__key_areas__statements", filter=in_use)
        ).order_by("-is_current", "-year", "name")
        # The NPS versions first, the frameworks seen through mappings after them.
        families = list(FAMILY_SENTENCES)
        frameworks = sorted(frameworks, key=lambda framework: families.index(framework.family))
        for framework in frameworks:
            framework.family_sentence = FAMILY_SENTENCES[framework.family]
        return super().get_context_data(frameworks=frameworks, **kwargs)


@permission_required(PERMISSION, raise_exception=True)
def matrix_download(request, framework, format):
    """The framework's spreadsheet, exactly as export_framework writes it."""
    if format not in FORMATS:
        raise Http404("No such format")
    framework = get_object_or_404(Framework, slug=framework)
    content = spreadsheet_bytes(framework_rows(framework), format)
    response = HttpResponse(content, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}.{format}"'
    return response


class FrameworkMixin(PermissionRequiredMixin):
    permission_required = PERMISSION

    @cached_property
    def framework(self) -> Framework:
        return get_object_or_404(Framework, slug=self.kwargs["framework"])

    def get_context_data(self, **kwargs):
        # The URL's slug arrives as `framework`; the page wants the framework itself.
        return super().get_context_data(**{**kwargs, "framework": self.framework})


class MatrixUploadView(FrameworkMixin, FormView):
    """Takes a new version of the spreadsheet and checks it; the changes come next, unapplied."""

    template_name = "assessments/matrix/upload.html"
    form_class = FrameworkUploadForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"framework": self.framework}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        file = stored.store_file(
            content=form.content, name=upload.name, extension=Path(upload.name).suffix.lower()
        )
        url = reverse("assessments:matrix_preview", args=[self.framework.slug])
        return redirect(f"{url}?upload={stored.sign(file)}")


class MatrixPreviewView(FrameworkMixin, TemplateView):
    """What the uploaded file changes ("Check the changes"), and applying them."""

    template_name = "assessments/matrix/preview.html"

    def get(self, request, *args, **kwargs):
        return self.show(request.GET.get("upload"))

    def post(self, request, *args, **kwargs):
        found = stored.unsign(request.POST.get("checked"))
        if found is None or "fingerprint" not in found[1]:
            return self.upload_again()
        file, values = found
        if applied_event(framework=self.framework, upload=file.id):
            return self.applied(file)
        content = stored.read_file(file)
        if content is None:
            return self.upload_again()
        try:
            preview = apply_checked_file(
                framework=self.framework,
                content=content,
                fingerprint=values["fingerprint"],
                upload=file.id,
                file_name=file.name,
            )
        except MatrixChanged:
            return self.show(stored.sign(file), changed=True)
        if preview is not None:
            transaction.on_commit(lambda: stored.discard_file(file))
        return self.applied(file)

    def show(self, token, changed=False):
        found = stored.unsign(token)
        if found is None:
            return self.upload_again()
        file, _ = found
        if applied_event(framework=self.framework, upload=file.id):
            return self.applied(file)
        content = stored.read_file(file)
        if content is None:
            return self.upload_again()
        try:
            preview = preview_file(framework=self.framework, content=content)
        except FrameworkImportError:
            # Checked before, so the framework changed under it (someone applied another file).
            return self.upload_again(NO_LONGER_FITS)
        context = self.get_context_data(
            file=file,
            preview=preview,
            counts=count_lines(preview.counts),
            changed=changed,
            checked=stored.sign(file, fingerprint=preview.fingerprint),
        )
        return render(self.request, self.template_name, context)

    def upload_again(self, message=GONE):
        messages.error(self.request, message)
        return redirect("assessments:matrix_upload", framework=self.framework.slug)

    def applied(self, file):
        return redirect("assessments:matrix_applied", framework=self.framework.slug, upload=file.id)


class MatrixAppliedView(FrameworkMixin, TemplateView):
    """What applying an upload changed, from its audit event."""

    template_name = "assessments/matrix/applied.html"

    def get_context_data(self, **kwargs):
        event = applied_event(framework=self.framework, upload=self.kwargs["upload"])
        if event is None:
            raise Http404("No such upload was applied")
        counts = count_lines(event.details)
        return super().get_context_data(event=event, counts=counts, **kwargs)
