"""Deadline day for Locust (run by `make load`, never by pytest): officers saving key areas,
councillors opening dashboards and PDF reports, the public reading case studies and responding
to the open consultation.

Reads the plan `seed_world.py` wrote (LOAD_PLAN) and appends to LOAD_RECORD every save it sends,
with the token it carries, and again when the portal confirmed it, so `verify_saved.py` can check
afterwards that nothing confirmed was lost and nothing was half-saved. With LOAD_HOSTS
(comma-separated base URLs) every request goes to the next app server in turn, so a session, a
CSRF token or a half-finished response begun on one server is carried on by another.

With LOAD_STEPS_RECORD set, the crowd grows in steps (steps.py) and each step's figures are
written there; the `Floor` user measures the machine's floor (a trivial page, no waiting).
A "service busy" page (503) ends a person's visit there, as it would a real person's: they come
back after their usual pause.
"""

import itertools
import json
import os
import random
import re
import uuid
from urllib.parse import urlsplit

from locust import HttpUser, between, constant, events, task
from locust.exception import RescheduleTask
from requests.cookies import RequestsCookieJar

if os.environ.get("LOAD_STEPS_RECORD"):
    from steps import DeadlineDaySteps  # noqa: F401 – Locust runs the shape it finds here

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 – read once at start
RECORD = open(os.environ["LOAD_RECORD"], "a", buffering=1)  # noqa: SIM115 – open for the run
HOSTS = [h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h]
CONSULTATION = os.environ.get("LOAD_CONSULTATION", "demo-construction-strategy-consultation")
OFFICERS = iter(PLAN["officers"])
COUNCILLORS = iter(PLAN["councillors"])

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="(s\d+)-version"(?: value="(\d*)")?')
RADIO = re.compile(r'type="radio"\s+name="answer"[^>]*?value="([^"]+)"')
CHECK_TOKEN = re.compile(r'name="checked" value="([^"]+)"')
REFERENCE = re.compile(r"Your reference number<br><strong>([A-Z0-9-]+)</strong>")
CASE_STUDY = re.compile(r'href="(/case-studies/[a-z0-9-]+/)"')


class LoopbackCookieJar(RequestsCookieJar):
    """The portal marks cookies Secure (it sits behind TLS in production); on loopback the load
    test speaks plain HTTP with X-Forwarded-Proto: https, as the TLS proxy would, so it keeps
    sending them."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def record(**fields) -> None:
    RECORD.write(json.dumps(fields) + "\n")


def is_busy(response) -> bool:
    """The portal's "service busy" page: past capacity it refuses a request whole."""
    return response.status_code == 503 and "Retry-After" in response.headers


@events.quitting.add_listener
def _close_record(environment, **kwargs):
    RECORD.close()


class PortalUser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.cookies = LoopbackCookieJar()
        self.client.headers.update({"X-Forwarded-Proto": "https"})
        self.servers = itertools.cycle(HOSTS or [self.host])
        send = self.client.request

        def to_next_server(method, url, *args, **kwargs):
            # The Referer names the server asked, as a browser behind the load balancer would.
            self.client.base_url = next(self.servers)
            self.client.headers["Referer"] = f"https://{urlsplit(self.client.base_url).netloc}/"
            return send(method, url, *args, **kwargs)

        self.client.request = to_next_server

    def sign_in_with(self, session_key: str):
        domain = urlsplit(self.host).hostname
        self.client.cookies.set("sessionid", session_key, domain=domain, path="/")

    def page(self, url: str, name: str) -> str:
        """The page's HTML; a busy page ends this visit."""
        response = self.client.get(url, name=name)
        if is_busy(response):
            raise RescheduleTask()
        return response.text

    def form_post(self, url: str, page: str, data: dict, name: str):
        token = CSRF.search(page)
        data = {"csrfmiddlewaretoken": token.group(1) if token else ""} | data
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}, expected a redirect")
        if is_busy(response):
            raise RescheduleTask()
        return response


class Officer(PortalUser):
    """Rates the statements of one key area of the council's draft assessment, again and again."""

    fixed_count = int(os.environ.get("LOAD_OFFICERS", "300"))
    # Reading five level descriptors and writing evidence takes minutes, not seconds.
    wait_time = between(60, 180)

    def on_start(self):
        super().on_start()
        self.me = next(OFFICERS)
        self.sign_in_with(self.me["session"])
        self.key_area = f"/assessments/{self.me['assessment']}/key-areas/{self.me['key_area']}/"
        self.wait()  # people arrive through the morning, not all in the same second

    @task
    def save_key_area(self):
        page = self.page(self.key_area, "key area")
        versions = VERSION.findall(page)
        if not versions:
            return
        token = f"load-{uuid.uuid4().hex}"
        data = {"later": "1"}
        for prefix, version in versions:
            data |= {f"{prefix}-version": version or "", f"{prefix}-current_level": "3"}
            data |= {f"{prefix}-evidence_text": f"{token} {prefix}"}
        save = {"token": token, "assessment": self.me["assessment"]}
        save["statements"] = [int(p[1:]) for p, _ in versions]
        record(kind="answers sent", **save)
        response = self.form_post(self.key_area, page, data, "key area: save")
        if response.status_code == 302:
            record(kind="answers", **save)
            self.page(response.headers["Location"], "assessment task list")


class Councillor(PortalUser):
    """Looks at the council's dashboard, and now and then downloads its PDF report."""

    fixed_count = int(os.environ.get("LOAD_COUNCILLORS", "40"))
    wait_time = between(60, 180)

    def on_start(self):
        super().on_start()
        self.me = next(COUNCILLORS)
        self.sign_in_with(self.me["session"])
        self.wait()

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(1)
    def report(self):
        self.client.get(f"/assessments/{self.me['report']}/report.pdf", name="report PDF")


class Public(PortalUser):
    """Reads case studies and the open consultation; one visit in three sends a response."""

    weight = 1
    wait_time = between(20, 60)

    @task(2)
    def read_case_studies(self):
        page = self.page("/case-studies/", "case studies")
        links = sorted(set(CASE_STUDY.findall(page)))
        if links:
            self.page(random.choice(links), "case study")  # nosec B311

    @task(1)
    def respond(self):
        base = f"/consultations/{CONSULTATION}/"
        self.page(base, "consultation")
        about = f"{base}respond/about-you/"
        page = self.page(about, "respond: pages")
        token = uuid.uuid4().hex
        details = {"name": "Load Tester", "email": f"load-{token}@example.org"}
        step = self.form_post(
            about, page, details | {"respondent_type": "individual"}, "respond: send page"
        )
        while step.status_code == 302 and "/question/" in step.headers["Location"]:
            url = step.headers["Location"]
            page = self.page(url, "respond: pages")
            choice = RADIO.search(page)
            answer = choice.group(1) if choice else f"load-{token}"
            step = self.form_post(url, page, {"answer": answer}, "respond: send page")
        if step.status_code != 302 or "/publication/" not in step.headers["Location"]:
            return
        url = step.headers["Location"]
        page = self.page(url, "respond: pages")
        step = self.form_post(url, page, {"publication": "anonymous"}, "respond: send page")
        check = step.headers.get("Location", "")
        page = self.page(check, "respond: check your answers")
        checked = CHECK_TOKEN.search(page)
        data = {"checked": checked.group(1) if checked else ""}
        record(kind="response sent", token=token)
        sent = self.form_post(check, page, data, "respond: send response")
        if sent.status_code == 302:
            record(kind="response", token=token, reference=self.reference(sent))

    def reference(self, sent) -> str:
        """The reference on the confirmation page; a person shown the busy page there reloads it
        once after a pause (the page is kept for them); "" if it still did not arrive."""
        for attempt in range(2):
            response = self.client.get(sent.headers["Location"], name="respond: confirmation")
            if found := REFERENCE.search(response.text if response.ok else ""):
                return found.group(1)
            if attempt == 0:
                self.wait()
        return ""


class Floor(HttpUser):
    """The machine's floor: as many requests a second as the app server answers for its health
    check (the full middleware stack and one query), nobody pausing. Chosen by name on Locust's
    command line; never part of the deadline-day mix."""

    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/healthz", name="floor: health check")
