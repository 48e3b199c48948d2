import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter your name"})
    level = forms.ChoiceField(
        choices=[("1", "Minimum"), ("2", "Developing")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a level"},
    )
    areas = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name"), Field.radios("level"), Field.checkboxes("areas")
        )


def test_each_error_summary_link_points_at_an_element_on_the_page():
    form = ExampleForm(data={})
    html = Template('{% include "components/error_summary.html" %}{% crispy form %}').render(
        Context({"form": form})
    )
    targets = re.findall(r'<a href="#([^"]+)">', html)
    assert len(targets) == 3
    for target in targets:
        assert f'id="{target}"' in html, f"#{target} is not on the page"
