"""sohoa: batch digitisation of Vietnamese administrative-procedure dossiers."""

__version__ = "0.1.0"
