"""No API: the formatted reports are files; the figures behind them are in the owning apps' APIs."""
