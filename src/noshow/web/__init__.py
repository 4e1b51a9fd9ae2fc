"""`noshow serve`: a local web page over the same functions as the command line.

``settings`` holds what the server was started with, ``uploads`` reads bounded form posts into
memory, ``security`` adds the CSRF token, the host check and the security headers,
``pictures`` lays out the day strip and the week grid (pure geometry), ``cards`` turns a
checked invite into what a card shows, ``app`` has the routes (pages and the JSON API), and
``server`` runs it with uvicorn. Starlette and uvicorn are imported only here, never by the
command line's modules at import time.
"""
