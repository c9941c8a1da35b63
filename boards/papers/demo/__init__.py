"""Demo papers: the report templates of seeds 001 and 002 (reports.py) and the reports,
appendices and packs made with them (papers.py). load_demo runs them after boards.demo."""
