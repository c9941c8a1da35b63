"""Pledge views, one module per area: manage (versions, themes, commitments, progress and
approval), dashboard (councillors' view), public (young people's page), reports (progress
report page and PDF), imports (spreadsheet import and export)."""
