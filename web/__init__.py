"""The review station: `sohoa serve` (FastAPI, server-rendered Jinja2 pages, Vietnamese first)."""
