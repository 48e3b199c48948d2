"""Public pages of the case-study library: the list with search and filters, detail, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from rules.contrib.views import permission_required

from casestudies import selectors, services
from casestudies.forms import CaseStudySearchForm, ReplyForm
from casestudies.models import CaseStudy, CaseStudyDocument
from npsportal.audit import client_ip
from npsportal.public_cache import shared_part

PER_PAGE = 10


@method_decorator(login_not_required, name="dispatch")
class CaseStudyListView(ListView):
    """Anyone finds case studies by words, key area, category, region and council kind. The list
    is the same for everyone who asks the same query: rendered once, then shared."""

    template_name = "casestudies/case_study_list.html"
    context_object_name = "case_studies"
    paginate_by = PER_PAGE

    def get(self, request, *args, **kwargs):
        vary_on = [*selectors.library_version(), request.GET.urlencode()]
        results = shared_part("case-study-list", vary_on, self.render_results)
        return render(request, self.template_name, {"results": results})

    def render_results(self) -> dict:
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        title = "Case studies"
        if self.filters.query:
            title += f": {self.filters.query}"
        if context["page_obj"].number > 1:
            title += f" (page {context['page_obj'].number})"
        html = render_to_string(RESULTS_TEMPLATE, context, request=self.request)
        return {"title": title, "html": html}

    def get_queryset(self):
        self.form = CaseStudySearchForm(self.request.GET or None)
        self.filters = self.form.filters() if self.request.GET else selectors.Filters()
        return selectors.find_case_studies(self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = selectors.facet_counts(self.filters)
        context.update(
            search_form=self.form,
            filters=self.filters,
            facets=facets,
            selected_filters=selected_filters(self.request.GET, self.filters, facets),
            totals=selectors.outcome_totals(self.object_list),
            has_filters=self.filters.has_facets,
        )
        return context


RESULTS_TEMPLATE = "casestudies/_case_study_list_results.html"


# (query-string name, heading, facet) of the filter panel, in its order.
FACETS = [
    ("key_area", "Key area", "key_areas"),
    ("category", "Service category", "categories"),
    ("region", "Region", "regions"),
    ("kind", "Kind of council", "kinds"),
]


def selected_filters(query, filters, facets) -> list[dict]:
    """The search words and filters in use, grouped as the MoJ filter pattern shows them, each
    with a link to the same list without it."""
    groups = []
    if filters.query:
        tag = {"label": filters.query, "url": _without(query, "q", query.get("q"))}
        groups.append({"heading": "Search words", "tags": [tag]})
    for name, heading, facet in FACETS:
        tags = [
            {"label": option.label, "url": _without(query, name, option.value)}
            for option in facets[facet]
            if option.selected
        ]
        if tags:
            groups.append({"heading": heading, "tags": tags})
    return groups


def _without(query, name: str, value: str) -> str:
    """The list's address with one value of one filter taken out (and back to the first page)."""
    rest = query.copy()
    rest.setlist(name, [v for v in query.getlist(name) if v != value])
    rest.pop("page", None)
    return f"{reverse('casestudies:case_study_list')}?{rest.urlencode()}"


def detail_context(request, case_study: CaseStudy, reply_form=None, shared=None) -> dict:
    """What the detail page (and the staff preview) shows about a case study: its shared part
    (rendered here unless given), then the replies, which differ per person."""
    return {
        "case_study": case_study,
        "shared": shared or render_shared(request, case_study),
        "replies": selectors.visible_replies(case_study, request.user),
        "reply_form": reply_form or ReplyForm(),
        "can_reply": case_study.status == CaseStudy.Status.PUBLISHED,
    }


def render_shared(request, case_study: CaseStudy) -> dict:
    """The case study itself and its related ones, as everyone sees them."""
    context = {
        "case_study": case_study,
        "tags": case_study.tags.select_related("key_area"),
        "councils": case_study.councils.all(),
        "categories": case_study.categories.all(),
        "outcomes": case_study.outcomes.all(),
        "links": case_study.links.all(),
        "documents": case_study.documents.all(),
        "related": selectors.related_case_studies(case_study),
    }
    return {
        "article": render_to_string("casestudies/_case_study_article.html", context, request),
        "related": render_to_string("casestudies/_case_study_related.html", context, request),
    }


@method_decorator(login_not_required, name="dispatch")
class CaseStudyDetailView(DetailView):
    """A published (or archived, with a notice) case study; anything else is not found. The case
    study and its related ones are rendered once and shared until the library changes."""

    template_name = "casestudies/case_study_detail.html"

    def get_queryset(self):
        return selectors.public_case_studies()

    def get_context_data(self, **kwargs):
        # The whole library's fingerprint: related case studies change with the others.
        vary_on = [self.object.pk, *selectors.library_version()]
        shared = shared_part(
            "case-study", vary_on, lambda: render_shared(self.request, self.object)
        )
        return detail_context(self.request, self.object, shared=shared)


@login_not_required
def case_study_document(request, slug, pk):
    """A document as a download: anyone for a public case study, LGA staff for the rest."""
    document = get_object_or_404(
        CaseStudyDocument.objects.select_related("case_study"), pk=pk, case_study__slug=slug
    )
    case_study = document.case_study
    if not case_study.is_public and not request.user.has_perm("casestudies.view_draft_case_study"):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case_study.slug}-{document.pk}{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@permission_required("casestudies.add_reply", raise_exception=True)
def reply_create(request, slug):
    """A signed-in user replies; the reply waits for LGA staff; too many in an hour gets 429."""
    case_study = get_object_or_404(selectors.listed_case_studies(), slug=slug)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        context = detail_context(request, case_study, reply_form=form) | {"has_errors": True}
        return render(request, "casestudies/case_study_detail.html", context)
    try:
        services.post_reply(
            case_study=case_study,
            author=request.user,
            body=form.cleaned_data["body"],
            ip_address=client_ip(request),
            honeypot=form.cleaned_data["website"],
        )
    except services.RateLimited:
        context = {"case_study": case_study, "per_user": selectors.REPLIES_PER_USER_PER_HOUR}
        return render(request, "casestudies/reply_rate_limited.html", context, status=429)
    messages.success(request, "Thank you. Your reply will appear once LGA staff have approved it.")
    return redirect(reverse("casestudies:case_study_detail", args=[slug]) + "#replies")
