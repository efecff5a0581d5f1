"""The inbound pipeline: guards, threading, and processing one mail in one transaction."""
