"""Taking dropped scans in: dossiers found in a drop folder, private copies checked against their hashes."""
