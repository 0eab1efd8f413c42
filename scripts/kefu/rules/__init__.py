"""The checks: pure functions (records, context) -> findings.

Rules never open files and never read the clock: ``ctx.as_of`` is "today", and whatever a rule needs
beyond the register (ledger rows, callback records) a job puts into ``ctx.extra``
(``kefu.rules.context.RuleContext``). The daily check runs ``kefu.rules.daily.DAILY_RULES``; this package
imports nothing itself, so a job that needs one rule loads only that one.
"""
