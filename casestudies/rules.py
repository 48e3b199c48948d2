"""Who may do what with case studies. Every rule is one line, built from named predicates."""

import rules

from npsportal.rules import is_lga_staff

rules.add_perm("casestudies.manage_case_study", is_lga_staff)
rules.add_perm("casestudies.view_draft_case_study", is_lga_staff)
rules.add_perm("casestudies.moderate_reply", is_lga_staff)
rules.add_perm("casestudies.add_reply", rules.is_authenticated)
