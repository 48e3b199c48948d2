"""Forms of the case-study library: search and filters, replies, document uploads."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from casestudies.models import REPLY_MAX_LENGTH, CaseStudyDocument, Category
from casestudies.selectors import Filters, key_area_choices
from npsportal.models import Council
from npsportal.uploads import check_upload

SORTS = [("relevance", "Relevance"), ("newest", "Newest")]


class CaseStudySearchForm(forms.Form):
    """Words and filters from the URL, so a list of results can be shared."""

    q = forms.CharField(label="Search case studies", required=False, max_length=200)
    key_area = forms.MultipleChoiceField(required=False, choices=[])
    category = forms.MultipleChoiceField(required=False, choices=[])
    region = forms.MultipleChoiceField(required=False, choices=Council.Region.choices)
    kind = forms.MultipleChoiceField(required=False, choices=Council.Kind.choices)
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_area"].choices = key_area_choices()
        self.fields["category"].choices = list(Category.objects.values_list("key", "name"))

    def filters(self) -> Filters:
        """The valid part of what was asked; unknown values in a hand-made URL are ignored."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            query=data.get("q") or "",
            key_areas=tuple(data.get("key_area") or ()),
            categories=tuple(data.get("category") or ()),
            regions=tuple(data.get("region") or ()),
            kinds=tuple(data.get("kind") or ()),
            sort=data.get("sort") or "relevance",
        )


class ReplyForm(forms.Form):
    """A plain-text reply; `website` is a honeypot that people never see or fill in."""

    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Plain text, up to {REPLY_MAX_LENGTH:,} characters. "
        "LGA staff read replies before they appear.",
        error_messages={
            "required": "Enter your reply",
            "max_length": f"Your reply must be {REPLY_MAX_LENGTH:,} characters or fewer",
        },
    )
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("body", max_characters=REPLY_MAX_LENGTH),
            Button("submit", "Post reply"),
        )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Enter your reply")
        return body


class CaseStudyDocumentForm(forms.ModelForm):
    """An uploaded document, checked by its content; stored under a random name."""

    class Meta:
        model = CaseStudyDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            checked = check_upload(upload)
            # The stored name takes the real type's extension, never the uploaded one.
            upload.name = f"document{checked.extension}"
            self.instance.content_type = checked.content_type
            self.instance.size = upload.size
        return upload
