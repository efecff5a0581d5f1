"""The web door into the desk: the staff console (and, from Step 10, the parties' pages).

``app`` holds the routes, ``auth`` the sign-in, ``queries`` what the pages read, ``health``
the monitoring endpoints and ``serve`` how uvicorn runs it, alone or inside ``mailbot run``.
"""
