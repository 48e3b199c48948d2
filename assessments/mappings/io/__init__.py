"""Mappings as spreadsheets: read, checked, applied whole, written back (issue 17)."""
