"""Who may do what with strategies and consultations. Reading and responding are public."""

import rules

from npsportal.rules import is_lga_staff

rules.add_perm("strategies.preview_drafts", is_lga_staff)
rules.add_perm("strategies.view_responses", is_lga_staff)
rules.add_perm("strategies.manage_responses", is_lga_staff)
rules.add_perm("strategies.export_responses", is_lga_staff)
rules.add_perm("strategies.publish_outcome", is_lga_staff)
