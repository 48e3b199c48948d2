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
