"""transfer@ mailbot: the domain, the store, the pipeline, the mail loops, config and CLI."""

__version__ = "0.1.0"
