"""Figures for managers (digitisation progress, Decision 766 rates, throughput, review load,
quarantine), their charts and exports. Plain functions over the pipeline database: no web framework,
no environment reads; the station's pages and exports, and any API, call the same code."""
