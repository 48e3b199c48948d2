"""`make load`'s check of saved work (tests/load/verify_saved.py) finds what it is there to find:
a confirmed save that is missing, a save stored only in part, a response without its receipt, and
a response found by its token when its confirmation page never arrived."""

import json

import pytest

from npsportal.outbox import queue_email
from tests.assessments.factories import AnswerFactory, AssessmentFactory, StatementFactory
from tests.load import verify_saved
from tests.strategies.factories import (
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "saved.jsonl"

    def write(*lines: dict):
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        return str(path)

    return write


def key_area_save(token: str, saved: int, of: int) -> dict:
    """A key-area save of `of` statements, `saved` of them stored with the token's evidence."""
    assessment = AssessmentFactory()
    statements = [StatementFactory() for _ in range(of)]
    for statement in statements[:saved]:
        AnswerFactory(
            assessment=assessment, statement=statement, evidence_text=f"{token} s{statement.pk}"
        )
    return {"token": token, "assessment": assessment.pk, "statements": [s.pk for s in statements]}


def sent_response(token: str, *, answers: int = 2, receipt: bool = True):
    response = ConsultationResponseFactory(email=f"load-{token}@example.org")
    questions = [QuestionFactory(consultation=response.consultation) for _ in range(2)]
    for question in questions[:answers]:
        ResponseAnswerFactory(response=response, question=question, text=f"load-{token}")
    if receipt:
        queue_email(
            to=response.email, subject="Receipt", body="", key=f"receipt:{response.reference}"
        )
    return response


def test_every_confirmed_save_found_whole_passes(record):
    save = key_area_save("load-a", saved=3, of=3)
    response = sent_response("b")
    path = record(
        {"kind": "answers sent", **save},
        {"kind": "answers", **save},
        {"kind": "response sent", "token": "b"},
        {"kind": "response", "token": "b", "reference": response.reference},
    )
    assert verify_saved.main(path) == 0


def test_a_confirmed_save_that_is_missing_fails(record, capsys):
    save = key_area_save("load-a", saved=0, of=2)
    assert (
        verify_saved.main(record({"kind": "answers sent", **save}, {"kind": "answers", **save}))
        == 1
    )
    assert "confirmed save load-a: 2 answers missing" in capsys.readouterr().out


def test_an_unconfirmed_save_may_be_absent_but_never_half_stored(record, capsys):
    absent = key_area_save("load-a", saved=0, of=2)
    assert verify_saved.main(record({"kind": "answers sent", **absent})) == 0
    half = key_area_save("load-b", saved=1, of=2)
    assert verify_saved.main(record({"kind": "answers sent", **half})) == 1
    assert "unconfirmed save load-b half-saved" in capsys.readouterr().out


def test_a_response_without_its_confirmation_page_is_found_by_its_token(record):
    sent_response("c")
    path = record(
        {"kind": "response sent", "token": "c"}, {"kind": "response", "token": "c", "reference": ""}
    )
    assert verify_saved.main(path) == 0


def test_a_stored_response_without_its_receipt_or_with_part_of_its_answers_fails(record, capsys):
    no_receipt = sent_response("d", receipt=False)
    half = sent_response("e", answers=1)
    path = record({"kind": "response sent", "token": "d"}, {"kind": "response sent", "token": "e"})
    assert verify_saved.main(path) == 1
    out = capsys.readouterr().out
    assert f"response {no_receipt.reference}: no receipt queued" in out
    assert f"response {half.reference} half-saved" in out


def test_a_confirmed_response_that_is_missing_fails(record, capsys):
    path = record(
        {"kind": "response sent", "token": "f"},
        {"kind": "response", "token": "f", "reference": "NPS-LOST-0001"},
    )
    assert verify_saved.main(path) == 1
    assert "confirmed response f missing" in capsys.readouterr().out
