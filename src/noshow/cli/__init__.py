"""The `noshow` command: thin click commands over the library, one error boundary."""
