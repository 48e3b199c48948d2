"""The responses export's rows as first written (model instances with prefetched answers), kept
to check that the lighter export writes the same bytes."""

import csv

from npsportal.formatting import LONDON
from strategies.exports import _columns, header, neutralise


def reference_csv(consultation, *, personal: bool) -> str:
    questions = list(consultation.questions.all())
    lines, writer = ["\ufeff"], csv.writer(_Echo())
    lines.append(writer.writerow(header(questions, personal=personal)))
    responses = (
        consultation.responses.select_related("council")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    for response in responses:
        lines.append(writer.writerow(_row(response, questions, personal)))
    return "".join(lines)


class _Echo:
    def write(self, value):
        return value


def _row(response, questions, personal):
    answers = {a.question_id: a.text for a in response.answers.all()}
    confirmed = ("Yes" if response.council_confirmed else "No") if response.council_id else ""
    organisation = response.organisation
    if response.council_id:
        organisation = f"{response.organisation} ({response.council_confirmation})"
    fixed = {
        "Reference": response.reference,
        "Submitted (UK time)": response.submitted_at.astimezone(LONDON).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "Name": response.name,
        "Email": response.email,
        "Responding as": response.get_respondent_type_display(),
        "Council or organisation": organisation,
        "Sent by a signed-in member of the council": confirmed,
        "Publication": response.get_publication_display(),
        "Read": "Yes" if response.is_read else "No",
        "Flagged": "Yes" if response.is_flagged else "No",
        "How it was sent": response.get_channel_display(),
    }
    values = [fixed[c] for c in _columns(personal)] + [answers.get(q.pk, "") for q in questions]
    return [neutralise(v) for v in values]
