"""The edges: files, standard input (and later CalDAV and SMTP). The core never does I/O."""
