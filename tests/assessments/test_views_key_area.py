"""The key area page: every kind of bad input gets a clear answer and nothing is lost."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.models import Action, Answer, Assessment, Evidence
from tests.assessments.factories import ActionFactory, AssessmentFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def assessment(world):
    return AssessmentFactory(council=world.own)


@pytest.fixture
def officer(world, client_as):
    return client_as(world.users["officer"])


def page_url(assessment, index=0):
    key_area = selectors.key_area_answers(assessment)[index].key_area
    return reverse("assessments:key_area", kwargs={"pk": assessment.pk, "key_area": key_area.pk})


def form_data(assessment, index=0, button="continue", versions=None, **per_field):
    """POST data rating each statement of the key area; per_field overrides one field for all."""
    data = {button: "1"}
    for statement in selectors.key_area_answers(assessment)[index].statements:
        prefix = f"s{statement.pk}-"
        data |= {
            prefix + "version": (versions or {}).get(statement.pk, 0),
            prefix + "current_level": 3,
            prefix + "confidence": "evidenced",
            prefix + "evidence_text": f"Evidence for {statement.code}",
        }
        data |= {prefix + name: value for name, value in per_field.items()}
    return data


def future(days=100):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_page_shows_the_key_area_and_each_level_with_its_descriptor(officer, assessment):
    response = officer.get(page_url(assessment))
    page = response.content.decode()
    assert "What it is" in page
    assert "Why it is important" in page
    assert "SL1.1 at innovator" in page  # the descriptor is the radio's hint
    assert "Save and continue" in page
    assert "Save and come back later" in page
    assert "Draft wording" not in page


def test_draft_wording_is_marked_on_the_key_area_page(officer, assessment):
    key_area = selectors.key_area_answers(assessment)[0].key_area
    key_area.is_draft_wording = True
    key_area.save()
    page = officer.get(page_url(assessment)).content.decode()
    assert "govuk-tag" in page
    assert "Draft wording" in page
    assert "will be replaced by the LGA" in page


def test_save_and_continue_saves_and_goes_to_the_next_key_area(officer, assessment):
    response = officer.post(page_url(assessment), form_data(assessment))
    assert response.status_code == 302
    assert response["Location"] == page_url(assessment, 1)
    assert list(Answer.objects.values_list("current_level", flat=True)) == [3, 3]


def test_save_and_continue_on_the_last_key_area_goes_to_check_your_answers(officer, assessment):
    response = officer.post(page_url(assessment, 1), form_data(assessment, 1))
    assert response["Location"] == reverse("assessments:check_answers", args=[assessment.pk])


def test_save_and_come_back_later_keeps_a_partial_answer(officer, assessment):
    data = form_data(assessment, button="later", current_level="")
    response = officer.post(page_url(assessment), data)
    assert response["Location"] == reverse("assessments:assessment_detail", args=[assessment.pk])
    assert set(Answer.objects.values_list("current_level", "evidence_text")) == {
        (None, "Evidence for SL1.1"),
        (None, "Evidence for SL1.2"),
    }
    task_list = officer.get(response["Location"]).content.decode()
    assert "In progress" in task_list


def assert_refused(response, message, anchor=None):
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert page.count(message) >= 2, "the message is in the summary and at the field"
    if anchor:
        assert f'href="#{anchor}"' in page
    assert not Answer.objects.exists()
    assert not Action.objects.exists()


def test_no_level_chosen_is_refused_and_the_other_input_kept(officer, assessment):
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    response = officer.post(page_url(assessment), form_data(assessment, current_level=""))
    assert_refused(
        response,
        f"Select the current level for {statement.label}",
        f"id_s{statement.pk}-current_level_1",
    )
    assert "Evidence for SL1.1</textarea>" in response.content.decode()


def test_a_target_below_the_current_level_is_refused(officer, assessment):
    response = officer.post(page_url(assessment), form_data(assessment, target_level=2))
    assert_refused(response, "Target level must be the same as or above the current level")


def test_a_target_date_in_the_past_is_refused(officer, assessment):
    past = timezone.localdate() - datetime.timedelta(days=1)
    data = form_data(
        assessment, target_date_0=past.day, target_date_1=past.month, target_date_2=past.year
    )
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    response = officer.post(page_url(assessment), data)
    assert_refused(
        response, "Target date must be today or in the future", f"id_s{statement.pk}-target_date_0"
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("12", "", "2030", "Target date must include a month"),
        ("", "", "2030", "Target date must include a day and month"),
        ("12", "3", "", "Target date must include a year"),
        ("12", "3", "30", "Year must include 4 numbers"),
        ("12", "3", "99999999999", "Year must include 4 numbers"),
        ("31", "2", "2030", "Target date must be a real date"),
        ("1", "13", "2030", "Target date must be a real date"),
        ("first", "3", "2030", "Target date must be a real date"),
    ],
)
def test_a_wrong_target_date_is_refused_in_the_govuk_date_inputs_words(
    officer, assessment, day, month, year, message
):
    date = {"target_date_0": day, "target_date_1": month, "target_date_2": year}
    response = officer.post(page_url(assessment), form_data(assessment, **date))
    assert_refused(response, message)
    assert response.content.decode().count("There is a problem") == 1


def test_only_the_wrong_part_of_a_date_is_highlighted(officer, assessment):
    date = {"target_date_0": "12", "target_date_1": "3", "target_date_2": "30"}
    page = officer.post(page_url(assessment), form_data(assessment, **date)).content.decode()
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    inputs = {
        part: re.search(rf'<input[^>]*id="id_s{statement.pk}-target_date_{part}"[^>]*>', page)[0]
        for part in range(3)
    }
    assert "govuk-input--error" in inputs[2]
    assert "govuk-input--error" not in inputs[0] + inputs[1]


def test_every_bad_link_is_named_by_its_number_and_text(officer, assessment):
    links = "https://stockport.gov.uk/minutes\nwww.stockport.gov.uk/plan\n\nhttps://not a link"
    response = officer.post(page_url(assessment), form_data(assessment, evidence_links=links))
    assert_refused(response, "Link 2 (“www.stockport.gov.uk/plan”) must start with https://")
    assert_refused(response, "Link 3 (“https://not a link”) must be a web address")
    assert "Link 1" not in response.content.decode()


def test_the_error_summary_lists_errors_in_the_order_of_the_page(officer, assessment):
    wrong = {
        "current_level": "",
        "target_date_0": "31",
        "target_date_1": "2",
        "target_date_2": "2030",
        "evidence_links": "stockport.gov.uk",
        "action_what": "Brief the cabinet",
    }
    page = officer.post(page_url(assessment), form_data(assessment, **wrong)).content.decode()
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    messages = re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)
    first, second = selectors.key_area_answers(assessment)[0].statements
    in_page_order = [
        f"Select the current level for {first.label}",
        "Target date must be a real date",
        "Link 1 (“stockport.gov.uk”) must start with https://",
        "Enter who owns the improvement action",
        "Enter the improvement action&#x27;s due date",
    ]
    assert messages == in_page_order + [m.replace(first.label, second.label) for m in in_page_order]


def test_files_and_actions_already_added_come_before_the_fields_that_add_more(officer, assessment):
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    upload(assessment, officer, "minutes.pdf", PDF)
    ActionFactory(answer=Answer.objects.get(statement=statement), what="Brief the cabinet")
    page = officer.get(page_url(assessment)).content.decode()
    prefix = f"s{statement.pk}-"
    assert page.index("minutes.pdf") < page.index(f'name="{prefix}upload"')
    assert page.index("Brief the cabinet") < page.index(f'name="{prefix}action_what"')
    # Each row a GOV.UK summary list row, its links in the actions column, aligned.
    rows = re.findall(r'<div class="govuk-summary-list__row">(.*?)</div>', page, re.S)
    file_row = next(row for row in rows if "minutes.pdf" in row)
    action_row = next(row for row in rows if "Brief the cabinet" in row)
    assert re.search(r"govuk-summary-list__actions.*>Remove<", file_row, re.S)
    assert re.search(r"govuk-summary-list__actions.*>Change<.*>Remove<", action_row, re.S)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("action_owner", "Enter who owns the improvement action"),
        ("action_due_on_0", "Enter the improvement action&#x27;s due date"),
    ],
)
def test_an_action_without_owner_or_due_date_is_refused(officer, assessment, missing, message):
    due = future()
    action = {
        "action_what": "Brief the cabinet",
        "action_owner": "Head of procurement",
        "action_due_on_0": due.day,
        "action_due_on_1": due.month,
        "action_due_on_2": due.year,
        "action_status": "not_started",
    }
    if missing == "action_due_on_0":
        action |= {"action_due_on_0": "", "action_due_on_1": "", "action_due_on_2": ""}
    else:
        action[missing] = ""
    response = officer.post(page_url(assessment), form_data(assessment, **action))
    assert_refused(response, message)


def test_an_action_is_added_and_can_be_removed(officer, assessment):
    due = future()
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    data = form_data(assessment)
    data |= {
        f"s{statement.pk}-action_what": "Brief the cabinet",
        f"s{statement.pk}-action_owner": "Head of procurement",
        f"s{statement.pk}-action_due_on_0": due.day,
        f"s{statement.pk}-action_due_on_1": due.month,
        f"s{statement.pk}-action_due_on_2": due.year,
        f"s{statement.pk}-action_status": "in_progress",
    }
    officer.post(page_url(assessment), data)
    action = Action.objects.get()
    assert (action.what, action.status, action.due_on) == ("Brief the cabinet", "in_progress", due)
    remove = reverse("assessments:action_remove", args=[assessment.pk, action.pk])
    assert "Are you sure" in officer.get(remove).content.decode()
    assert officer.post(remove)["Location"] == page_url(assessment)
    assert not Action.objects.exists()


def upload(assessment, officer, name, content):
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    data = form_data(assessment)
    data[f"s{statement.pk}-upload"] = SimpleUploadedFile(name, content)
    return officer.post(page_url(assessment), data)


def test_a_file_larger_than_10mb_is_refused(officer, assessment):
    response = upload(assessment, officer, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert_refused(response, "The selected file must be smaller than 10MB")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"just text pretending to be a PDF"),
        ("tool.pdf", b"MZ\x90\x00" + b"\0" * 200),
        ("picture.exe", PNG),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_of_a_type_not_allowed_is_refused_by_its_content(officer, assessment, name, content):
    response = upload(assessment, officer, name, content)
    assert_refused(response, "The selected file must be a PDF, Word document, Excel spreadsheet")
    assert not Evidence.objects.exists()


def test_an_allowed_file_is_stored_and_served_only_as_an_attachment(
    officer, assessment, client_as, world
):
    upload(assessment, officer, "Cabinet plan.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    download = reverse("assessments:evidence_download", args=[assessment.pk, evidence.pk])
    assert "Cabinet plan.pdf" in officer.get(page_url(assessment)).content.decode()
    response = officer.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Cabinet plan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as(world.users["other_officer"]).get(download).status_code == 404


def test_an_image_is_allowed(officer, assessment):
    upload(assessment, officer, "Photo.PNG", PNG)
    assert Evidence.objects.get().content_type == "image/png"


def test_a_second_save_over_a_stale_copy_is_refused_showing_what_changed(
    world, client_as, assessment
):
    # Both open the page at version 0; the lead saves first.
    client_as(world.users["lead"]).post(
        page_url(assessment), form_data(assessment, current_level=2)
    )
    officer = client_as(world.users["officer"])
    response = officer.post(page_url(assessment), form_data(assessment, current_level=4))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in page
    assert "Someone else saved this key area while you were editing it" in page
    assert f"saved by {world.users['lead']}" in page
    assert "Current level" in page
    # The lead's answers stand, and the officer's are still in the form, not lost.
    assert set(Answer.objects.values_list("current_level", flat=True)) == {2}
    assert len(re.findall(r'value="4"\s+checked', page)) == 2
    # Saving again, now over the version shown, is a deliberate overwrite.
    versions = dict(Answer.objects.values_list("statement_id", "version"))
    response = officer.post(
        page_url(assessment), form_data(assessment, current_level=4, versions=versions)
    )
    assert response.status_code == 302
    assert set(Answer.objects.values_list("current_level", flat=True)) == {4}


def test_the_conflict_names_levels_by_label_and_the_time_the_govuk_way(
    world, client_as, assessment
):
    lead = client_as(world.users["lead"])
    with time_machine.travel(datetime.datetime(2026, 11, 30, 6, 24, 25, tzinfo=datetime.UTC)):
        lead.post(page_url(assessment), form_data(assessment, current_level=2))
    response = client_as(world.users["officer"]).post(
        page_url(assessment), form_data(assessment, current_level=4, confidence="checked")
    )
    cells = re.findall(
        r'<t[hd][^>]*class="govuk-table__(?:cell|header)"[^>]*>([^<]*)<',
        response.content.decode(),
    )
    assert cells[3:9] == ["Current level", "Developing", "Leader"] + [
        "Confidence",
        "Supported by evidence",
        "Independently checked",
    ]
    assert "30 November 2026, 6:24am" in response.content.decode()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_editing_a_submitted_or_approved_assessment_is_refused_with_an_explanation(
    world, client_as, status
):
    assessment = AssessmentFactory(council=world.own, status=status)
    officer = client_as(world.users["officer"])
    response = officer.post(page_url(assessment), form_data(assessment), follow=True)
    assert f"This self-assessment has been {status}" in response.content.decode()
    assert not Answer.objects.exists()
    response = officer.get(page_url(assessment), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/assessments/{assessment.pk}/")


def test_editing_after_the_round_closed_is_refused_with_an_explanation(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    assessment.round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    assessment.round.opens_on = assessment.round.closes_on - datetime.timedelta(days=90)
    assessment.round.save()
    response = client_as(world.users["officer"]).post(
        page_url(assessment), form_data(assessment), follow=True
    )
    assert "round closed on" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_key_area_of_another_framework_is_not_found(officer, assessment):
    other = AssessmentFactory()
    key_area = selectors.key_area_answers(other)[0].key_area
    url = reverse("assessments:key_area", kwargs={"pk": assessment.pk, "key_area": key_area.pk})
    assert officer.get(url).status_code == 404


def test_a_key_area_id_too_large_for_the_database_is_not_found(officer, assessment):
    url = reverse("assessments:key_area", kwargs={"pk": assessment.pk, "key_area": 2**63})
    assert officer.get(url).status_code == 404


def test_a_key_area_without_descriptors_is_not_asked(officer, assessment):
    enabler = assessment.round.framework.themes.get(kind="enabler").key_areas.get()
    url = reverse("assessments:key_area", kwargs={"pk": assessment.pk, "key_area": enabler.pk})
    assert officer.get(url).status_code == 404


def change_action_data(due, **overrides):
    data = {
        "what": "Brief the cabinet",
        "owner": "Category manager",
        "due_on_0": due.day,
        "due_on_1": due.month,
        "due_on_2": due.year,
        "status": "done",
    }
    return data | overrides


def test_an_action_is_changed_for_example_its_status(officer, assessment):
    from tests.assessments.factories import ActionFactory, AnswerFactory

    statement = selectors.key_area_answers(assessment)[0].statements[0]
    action = ActionFactory(answer=AnswerFactory(assessment=assessment, statement=statement))
    url = reverse("assessments:action_change", args=[assessment.pk, action.pk])
    assert "Change improvement action" in officer.get(url).content.decode()
    response = officer.post(url, change_action_data(future(30)))
    assert response["Location"] == page_url(assessment)
    action.refresh_from_db()
    assert (action.owner, action.status, action.due_on) == ("Category manager", "done", future(30))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"owner": ""}, "Enter who owns the action"),
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the improvement action"),
    ],
)
def test_changing_an_action_without_owner_or_due_date_is_refused(
    officer, assessment, overrides, message
):
    from tests.assessments.factories import ActionFactory, AnswerFactory

    statement = selectors.key_area_answers(assessment)[0].statements[0]
    action = ActionFactory(answer=AnswerFactory(assessment=assessment, statement=statement))
    url = reverse("assessments:action_change", args=[assessment.pk, action.pk])
    response = officer.post(url, change_action_data(future(), **overrides))
    page = response.content.decode()
    assert "<title>Error: " in page
    assert page.count(message) >= 2
    assert 'value="Brief the cabinet"' in page
    action.refresh_from_db()
    assert action.status == "not_started"


def test_a_save_that_fails_after_a_file_is_written_leaves_neither_row_nor_file(
    officer, assessment, monkeypatch, settings
):
    def database_gone(self, *args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(Assessment, "save", database_gone)
    with pytest.raises(OperationalError):
        upload(assessment, officer, "Cabinet plan.pdf", PDF)
    assert not Evidence.objects.exists()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("evidence_text", "e" * 10_001, "Evidence must be 10,000 characters or fewer"),
        (
            "evidence_links",
            "\n".join([f"https://example.org/{'p' * 90}"] * 50),
            "Links to evidence must be 5,000 characters or fewer",
        ),
        ("action_what", "w" * 501, "Improvement action must be 500 characters or fewer"),
        ("action_owner", "o" * 151, "Owner must be 150 characters or fewer"),
    ],
)
def test_text_over_its_cap_is_refused_at_the_field_and_the_other_input_kept(
    officer, assessment, field, value, message
):
    due = future()
    statement = selectors.key_area_answers(assessment)[0].statements[0]
    data = form_data(assessment) | {
        f"s{statement.pk}-action_what": "Brief the cabinet",
        f"s{statement.pk}-action_owner": "Head of procurement",
        f"s{statement.pk}-action_due_on_0": due.day,
        f"s{statement.pk}-action_due_on_1": due.month,
        f"s{statement.pk}-action_due_on_2": due.year,
        f"s{statement.pk}-{field}": value,
    }
    response = officer.post(page_url(assessment), data)
    assert_refused(response, message, f"id_s{statement.pk}-{field}")
    page = response.content.decode()
    assert "Evidence for SL1.2</textarea>" in page
    assert re.search(r'value="3"\s+checked', page)


def test_an_action_changed_to_text_over_its_cap_is_refused_and_kept_as_it_was(officer, assessment):
    from tests.assessments.factories import ActionFactory, AnswerFactory

    statement = selectors.key_area_answers(assessment)[0].statements[0]
    action = ActionFactory(answer=AnswerFactory(assessment=assessment, statement=statement))
    url = reverse("assessments:action_change", args=[assessment.pk, action.pk])
    response = officer.post(url, change_action_data(future(), what="w" * 501))
    page = response.content.decode()
    assert "<title>Error: " in page
    assert page.count("Improvement action must be 500 characters or fewer") == 2
    assert 'value="Category manager"' in page
    action.refresh_from_db()
    assert (action.what, action.status) == (
        "Brief cabinet members on the procurement strategy",
        "not_started",
    )


def test_the_page_and_its_save_read_the_database_a_fixed_number_of_times(
    officer, assessment, django_assert_num_queries
):
    """Pinned so that the page officers open and save most on deadline day does not grow back:
    the page reads its own key area's rows, not the whole matrix's, and a save reads the
    answers it compares and writes over once. The key area's statements come with their answers
    in one query; "Councils that did this" is read once, then kept under the library's version."""
    url, data = page_url(assessment), form_data(assessment, button="later")
    officer.get(url)  # the session and the two-factor check settle on the first request
    with django_assert_num_queries(12):
        assert officer.get(url).status_code == 200
    with django_assert_num_queries(21):
        assert officer.post(url, data).status_code == 302
    saved = {a.statement_id: a.version for a in assessment.answers.all()}
    # Saving over answers with files and actions, and going on to the next key area.
    for answer in assessment.answers.all():
        ActionFactory(answer=answer)
    data = form_data(assessment, versions=saved)
    with django_assert_num_queries(22):
        assert officer.post(url, data).status_code == 302
