"""Residents' orders (三单制), volunteer teams, service hours and points (时间银行/积分)."""
