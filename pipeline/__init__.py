"""One dossier through the stages as a claimed work item: plain functions the Prefect tasks call."""
