"""What reviewers decide on dossiers the machine was unsure of (CLI and web station share it)."""
