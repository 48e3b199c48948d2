"""The stepped mode of `make load`: the crowd grows by LOAD_STEP_USERS people (the public: officers
and councillors are a fixed number, as on deadline day) every LOAD_STEP_SECONDS, and each step's
last LOAD_STEP_HOLD seconds are measured: requests a second served and refused as busy, p50 and
p95, errors. The first step whose p95 passes 500 ms or whose errors and busy pages pass 0.1% ends
the climb; one more step, with 40% more people than that, shows what happens beyond capacity; then
the run stops. Each step is a line of JSON in LOAD_STEPS_RECORD.
"""

import json
import os
import statistics
import time
from dataclasses import dataclass, field

from locust import LoadTestShape, events

FIRST = int(os.environ.get("LOAD_STEP_FIRST", "600"))
INCREMENT = int(os.environ.get("LOAD_STEP_USERS", "100"))
STEP_SECONDS = int(os.environ.get("LOAD_STEP_SECONDS", "60"))
HOLD = int(os.environ.get("LOAD_STEP_HOLD", "40"))
SPAWN_RATE = float(os.environ.get("LOAD_STEP_SPAWN_RATE", "20"))
MOST = int(os.environ.get("LOAD_STEP_MOST", "6000"))
P95_LIMIT_MS = 500
ERROR_LIMIT = 0.001


@dataclass
class Step:
    users: int
    times: list[float] = field(default_factory=list)
    busy: int = 0
    busy_pages: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict:
        served = len(self.times)
        asked = served + self.busy + self.errors
        ordered = sorted(self.times)
        return {
            "users": self.users,
            "seconds": HOLD,
            "requests": asked,
            "offered_rps": asked / HOLD,
            "served_rps": served / HOLD,
            "p50_ms": statistics.median(ordered) if ordered else 0,
            "p95_ms": ordered[max(0, round(0.95 * served) - 1)] if ordered else 0,
            "busy": self.busy,
            "busy_pages": self.busy_pages,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
        }


STEPS: list[Step] = []
STARTED = time.monotonic()


def measuring() -> Step | None:
    """The step whose measured window this moment falls in, if any."""
    elapsed = time.monotonic() - STARTED
    index, into = divmod(elapsed, STEP_SECONDS)
    if int(index) < len(STEPS) and into >= STEP_SECONDS - HOLD:
        return STEPS[int(index)]
    return None


@events.request.add_listener
def _count(response_time, response, exception, name, **kwargs):
    step = measuring()
    if step is None or name.startswith("floor"):
        return
    if response is not None and response.status_code == 503 and "Retry-After" in response.headers:
        step.busy += 1
        step.busy_pages[name] = step.busy_pages.get(name, 0) + 1
    elif exception is not None:
        step.errors += 1
        kind = type(exception).__name__
        step.error_kinds[kind] = step.error_kinds.get(kind, 0) + 1
    else:
        step.times.append(response_time)


def passed(summary: dict) -> bool:
    refused = summary["busy"] + summary["errors"]
    return summary["p95_ms"] <= P95_LIMIT_MS and refused <= ERROR_LIMIT * summary["requests"]


class DeadlineDaySteps(LoadTestShape):
    def __init__(self):
        super().__init__()
        self.last_step = None  # the step past capacity, once capacity is found

    def tick(self):
        global STARTED
        if not STEPS:
            STARTED = time.monotonic()
            STEPS.append(Step(FIRST))
        index = int((time.monotonic() - STARTED) // STEP_SECONDS)
        if index >= len(STEPS):
            summary = STEPS[-1].summary()
            summary["passed"] = passed(summary)
            with open(os.environ["LOAD_STEPS_RECORD"], "a") as record:
                record.write(json.dumps(summary) + "\n")
            print(json.dumps(summary), flush=True)
            if self.last_step is not None and index > self.last_step:
                return None
            if not summary["passed"] and self.last_step is None:
                self.last_step = index
                STEPS.append(Step(int(round(STEPS[-1].users * 1.4, -2))))
            elif STEPS[-1].users + INCREMENT > MOST:
                return None
            else:
                STEPS.append(Step(STEPS[-1].users + INCREMENT))
        return STEPS[-1].users, SPAWN_RATE
