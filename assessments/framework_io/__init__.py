"""The matrix as a spreadsheet: read, validate, apply and write framework text (issue 3)."""
