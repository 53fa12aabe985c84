"""The payments benchmark (``manage.py payments_benchmark``): a stand-in gateway, a load client, figures.

The pieces, each small enough to run in its own process so that the harness does not share a
Python interpreter (and its GIL) with what it measures:

* :mod:`.midtrans` builds Midtrans' documented messages (status API answers, signed notifications);
  standard library only.
* :mod:`.standin` is a stand-in Midtrans status API on loopback with a configurable delay
  (``python -m gateways.bench.standin``); standard library only.
* :mod:`.load` is the load client: raw HTTP/1.1 over loopback sockets, a few threads per process
  (``python -m gateways.bench.load``); standard library only.
* :mod:`.prepare` runs under the benchmark settings: migrates the dedicated database, seeds a
  campaign and creates the pending donations (``python -m gateways.bench.prepare``).
* :mod:`.report` holds the arithmetic (percentiles, rates, goals) and the final table.
* :mod:`.runner` starts and stops every process and runs the phases in order.
"""
