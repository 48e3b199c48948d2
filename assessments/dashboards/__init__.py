"""The reporting side: the council dashboard, the national picture, charts, PDFs and exports."""
