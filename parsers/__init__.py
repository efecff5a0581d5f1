"""Pure functions that read mail: bytes in, facts out. No sockets, no clock, no config."""
