"""The checks: pure functions (records, context) -> findings.

Rules never open files and never read the clock: ``ctx.as_of`` is "today", and whatever a rule needs
beyond the register (ledger rows, callback records) a job puts into a named field of the context
(``kefu.rules.context.RuleContext``). Each rule is declared once (``kefu.core.rule.Rule``); the daily
check runs the checks of ``kefu.rules.daily.DAILY_RULES``; this package imports nothing itself, so a job
that needs one rule loads only that one.
"""
