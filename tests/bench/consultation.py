"""The benchmark's synthetic consultation (issue 18): 50,000 responses marked as synthetic, a
campaign's template among the free-text answers, tags; and what is measured on it."""

import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from strategies.models import (
    AnalysisTheme,
    CategoryStrategy,
    Consultation,
    ConsultationResponse,
    GroupingRun,
    Question,
    ResponseAnswer,
    ThemeTag,
)
from tests.bench.measures import p95

CAMPAIGN_SHARE = 0.3  # of free-text answers sent from a campaign's template
CAMPAIGN = (
    "We oppose centralising ICT buying: local suppliers lose work, councils lose control of "
    "social value and small firms cannot bid for national lots."
)
# Words that synthetic answers are drawn from, so their trigrams are spread as real text's are.
WORDS = """frameworks lots suppliers local social value small firms contracts data sharing cloud
licences training skills carbon energy savings prices quality support delivery councils regions
markets competition innovation risk security standards""".split()  # noqa: SIM905
TYPES = ConsultationResponse.RespondentType.values
CHANNELS = ["online"] * 8 + ["post", "email"]


def build_consultation(
    responses: int, councils, *, slug: str = "synthetic-consultation", seed: int = 18
) -> Consultation:
    """A closed synthetic consultation with `responses` responses, a choice and a free-text
    question each answered, a fifth of the free-text answers tagged with a theme."""
    rng = random.Random(seed)  # nosec B311 # synthetic benchmark data, repeatable by seed
    now = timezone.now()
    strategy = CategoryStrategy.objects.create(
        title=f"Synthetic strategy (benchmark, {slug})", slug=slug, category="ict",
        summary="Synthetic, for benchmarks only.",
    )  # fmt: skip
    consultation = Consultation.objects.create(
        strategy=strategy,
        title=f"Synthetic consultation (benchmark, {responses:,} responses)",
        slug=slug,
        description="Synthetic, for benchmarks only.",
        contact_email="bench@synthetic.test",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        is_draft=False,
    )
    choice = Question.objects.create(
        consultation=consultation, order=1, text="Do you agree?", kind="choice",
        choices="Agree\nNeither agree nor disagree\nDisagree",
    )  # fmt: skip
    text = Question.objects.create(consultation=consultation, order=2, text="What should change?")
    vocabulary = _vocabulary(rng)
    rows = ConsultationResponse.objects.bulk_create(
        (_response(consultation, n, rng, councils, now) for n in range(responses)), batch_size=5000
    )
    if rows and rows[0].pk is None:  # an SQLite too old to return the new primary keys
        rows = list(consultation.responses.order_by())
    ResponseAnswer.objects.bulk_create(
        (
            answer
            for r in rows
            for answer in (
                ResponseAnswer(response=r, question=choice, text=rng.choice(choice.choice_list)),
                ResponseAnswer(response=r, question=text, text=_text(rng, vocabulary)),
            )
        ),
        batch_size=5000,
    )
    _tag(consultation, text, rng)
    return consultation


def _response(consultation, n: int, rng, councils, now) -> ConsultationResponse:
    kind = rng.choice(TYPES)
    return ConsultationResponse(
        consultation=consultation,
        reference=f"SYN-{consultation.pk}-{n:06d}",
        name=f"Synthetic respondent {n}",
        email=f"respondent-{n}@synthetic.test",
        respondent_type=kind,
        council=rng.choice(councils) if kind == "council" else None,
        publication="anonymous",
        submitted_at=now - timedelta(minutes=n),
        digest=f"synthetic-{n:054d}",
        channel=rng.choice(CHANNELS),
    )


SYLLABLES = "ba ko ri mu te sa lo ne vi du pa ge fo ra zi".split()  # noqa: SIM905


def _vocabulary(rng) -> list[str]:
    """The common words and 3,000 made-up ones: people's own answers share few rare words."""
    made_up = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)
    }
    return WORDS + sorted(made_up)


def _text(rng, vocabulary) -> str:
    if rng.random() < CAMPAIGN_SHARE:
        # The template, sometimes with a word or two of the respondent's own.
        return CAMPAIGN if rng.random() < 0.6 else f"{CAMPAIGN} {rng.choice(WORDS).title()}."
    words = rng.choices(vocabulary, k=rng.randint(8, 24))
    return " ".join(words).capitalize() + "."


def _tag(consultation, question, rng) -> None:
    themes = AnalysisTheme.objects.bulk_create(
        AnalysisTheme(consultation=consultation, name=f"Synthetic theme {i}", order=i)
        for i in range(6)
    )
    answers = ResponseAnswer.objects.filter(question=question).values_list("pk", flat=True)
    ThemeTag.objects.bulk_create(
        (ThemeTag(answer_id=pk, theme=rng.choice(themes)) for pk in answers if rng.random() < 0.2),
        batch_size=5000,
    )


def timed(samples: int, work) -> dict:
    """Median and p95 milliseconds and the queries of `work()`, after one warm-up."""
    work()
    timings = []
    for _ in range(samples):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            work()
            timings.append((time.perf_counter() - started) * 1000)
    return {"median": statistics.median(timings), "p95": p95(timings), "queries": len(queries)}


def export_peak_memory(client: Client, url: str) -> int:
    """Peak Python memory (KiB) while streaming a responses export, in a traced run."""
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak // 1024


def time_grouping(consultation, budget: float) -> dict:
    """The grouping task over every free-text answer, called directly in a forked process while
    this one reads its progress as the staff page does; stopped after `budget` seconds if it
    has not finished. (answers, done, seconds, finished, progress readings that moved)"""
    import multiprocessing

    from django.db import connections

    from strategies.analysis import grouping
    from strategies.analysis.services import text_answers

    run = GroupingRun.objects.create(
        consultation=consultation, method=grouping.method(), threshold=grouping.THRESHOLD,
        total=text_answers(consultation).count(),
    )  # fmt: skip
    connections.close_all()  # the forked process opens its own connection
    process = multiprocessing.get_context("fork").Process(target=_group, args=(run.pk,))
    started, moves, shown = time.perf_counter(), 0, -1
    process.start()
    while process.is_alive() and time.perf_counter() - started < budget:
        done = GroupingRun.objects.values_list("done", flat=True).get(pk=run.pk)
        moves, shown = moves + (done != shown), done
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if process.is_alive():
        process.terminate()
    process.join()
    run.refresh_from_db()
    return {
        "answers": run.total, "done": min(run.done, run.total), "seconds": seconds,
        "finished": run.state == GroupingRun.State.DONE, "moves": moves,
        "groups": run.groups.count(),
    }  # fmt: skip


def _group(run_id: int) -> None:
    from strategies.analysis.tasks import group_similar_answers

    group_similar_answers.call(run_id)
