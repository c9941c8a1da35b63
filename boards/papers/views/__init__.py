"""Board papers views by area, each with its own URL list in boards/papers/urls.py: reports
(drafting, appendices), report_workflow (clearance, comments, versions, publishing),
report_templates (the councils' layouts) and packs (publishing and downloading agenda packs)."""
