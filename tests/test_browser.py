"""The browser helpers wait for the next page, however late it comes."""

import pytest

from npsportal.roles import Role
from tests.browser import click_and_wait, visit
from tests.factories import CouncilFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A busy machine, made certain: every form is sent half a second after its button is clicked, so
# the click returns while the browser still shows the page being left.
LATE_FORMS = """
document.addEventListener('submit', event => {
  const form = event.target;
  if (form.dataset.late) return;
  event.preventDefault();
  form.dataset.late = 'sent';
  setTimeout(() => form.requestSubmit(event.submitter), 500);
}, true);
"""


def test_click_and_wait_returns_on_the_next_page_when_it_comes_late(page, live_server):
    member_of(CouncilFactory(), Role.OFFICER, email="officer@stockport.test")
    page.add_init_script(LATE_FORMS)
    visit(page, f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("officer@stockport.test")
    page.get_by_label("Password").fill("wrong-password")
    # The form comes back to the same address with its errors: a new page all the same.
    click_and_wait(page, page.get_by_role("button", name="Sign in"))  # axe checks the new page
    assert page.title().startswith("Error: Sign in")  # read at once: no waiting here
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
