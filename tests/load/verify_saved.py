"""After a load run: every save the portal confirmed to Locust is in the database, every save sent
but never confirmed (refused as busy, or its answer lost on the way back) is there whole or not at
all, and everyone whose response was saved has its reference: on the confirmation page, or in the
receipt queued with it. Saves are found by the token Locust sent, not by what came back.

Usage: python tests/load/verify_saved.py RECORD_FILE, with the portal's settings in the environment.
Exits 1 and names each problem otherwise.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
django.setup()

from assessments.models import Answer  # noqa: E402
from npsportal.models import OutgoingEmail  # noqa: E402
from strategies.models import ConsultationResponse  # noqa: E402


def answer_problems(sent: list[dict], confirmed: set[str]) -> list[str]:
    """A key-area save leaves a version of every statement with its evidence text, or none."""
    stored = set(
        Answer.history.filter(evidence_text__startswith="load-").values_list(
            "assessment_id", "statement_id", "evidence_text"
        )
    )
    problems = []
    for save in sent:
        found = [
            (save["assessment"], s, f"{save['token']} s{s}") in stored for s in save["statements"]
        ]
        if save["token"] in confirmed and not all(found):
            problems.append(f"confirmed save {save['token']}: {found.count(False)} answers missing")
        elif any(found) and not all(found):
            problems.append(f"unconfirmed save {save['token']} half-saved")
    return problems


def response_problems(sent: list[dict], confirmed: dict[str, str]) -> list[str]:
    """A sent response is stored whole with its receipt (and its reference, if shown, matches),
    or, if the portal never confirmed it, not at all."""
    emails = {f"load-{s['token']}@example.org": s["token"] for s in sent}
    stored = {
        emails[r.email]: r
        for r in ConsultationResponse.objects.filter(email__in=emails).prefetch_related("answers")
    }
    receipts = set(
        OutgoingEmail.objects.filter(key__startswith="receipt:").values_list("key", flat=True)
    )
    first = next(iter(stored.values()), None)
    questions = first.consultation.questions.count() if first else 0
    problems = []
    for token in emails.values():
        response = stored.get(token)
        if response is None:
            if token in confirmed:
                problems.append(f"confirmed response {token} missing")
            continue
        shown = confirmed.get(token)
        if response.answers.count() != questions:
            problems.append(f"response {response.reference} half-saved")
        if f"receipt:{response.reference}" not in receipts:
            problems.append(f"response {response.reference}: no receipt queued")
        if shown and shown != response.reference:
            problems.append(f"response {token}: shown {shown}, stored {response.reference}")
    return problems


def main(path: str) -> int:
    lines = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    kinds = Counter(line["kind"] for line in lines)
    saves = [r for r in lines if r["kind"] == "answers sent"]
    saved = {r["token"] for r in lines if r["kind"] == "answers"}
    sent = [r for r in lines if r["kind"] == "response sent"]
    received = {r["token"]: r["reference"] for r in lines if r["kind"] == "response"}
    problems = answer_problems(saves, saved) + response_problems(sent, received)
    without_page = sum(1 for reference in received.values() if not reference)
    print(
        f"Key-area saves sent {kinds['answers sent']}, confirmed {kinds['answers']}; "
        f"consultation responses sent {kinds['response sent']}, confirmed {kinds['response']} "
        f"({without_page} without their confirmation page: found by token, receipt queued). "
        f"Lost or half-saved: {len(problems)}."
    )
    for problem in problems[:20]:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
