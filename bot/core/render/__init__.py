"""Every text a person reads: findings, PR reports, announcement issues, results. Escaped, golden-tested."""
