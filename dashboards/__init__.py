"""Dashboards: the OMS's, a provincial network's and the nation's figures, charts and to-do lists.

``scope.py`` says who sees which dashboard; ``charts.py`` draws the charts as SVG on the server
(each with a table beside it); ``oms.py``, ``province.py`` and ``national.py`` gather each
dashboard's figures in a fixed number of queries; ``reports.py`` renders the downloadable reports.
"""
