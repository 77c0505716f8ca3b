"""Training and evaluating the procedure classifier; its versioned artefacts in the object store."""
