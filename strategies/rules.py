"""Who may do what with strategies and consultations. Reading and responding are public."""

import rules

from npsportal.rules import is_lga_staff

rules.add_perm("strategies.preview_drafts", is_lga_staff)
rules.add_perm("strategies.view_responses", is_lga_staff)
rules.add_perm("strategies.manage_responses", is_lga_staff)
rules.add_perm("strategies.export_responses", is_lga_staff)
# Names and emails in exports: a separate rule, so who sees personal data is decided explicitly.
rules.add_perm("strategies.view_respondent_personal_data", is_lga_staff)
rules.add_perm("strategies.publish_outcome", is_lga_staff)


@rules.predicate
def is_response_sender(user, response):
    """Whether the person signed in is the one who sent this response."""
    return bool(response and user.is_authenticated and response.user_id == user.pk)


# Through the signed link in the receipt, the link itself is the permission (see
# strategies.services.change_token): it names one response and works until the close.
rules.add_perm("strategies.change_response", is_response_sender)
rules.add_perm("strategies.enter_responses", is_lga_staff)
rules.add_perm("strategies.publish_responses", is_lga_staff)
rules.add_perm("strategies.analyse_responses", is_lga_staff)
rules.add_perm("strategies.view_summary", is_lga_staff)
