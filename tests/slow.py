"""A document that takes seconds of work, for the tests of time budgets, memory limits and busy workers.

A plan of 20,000 numbered items (about 3.5 MB), each naming units, a
deadline and a cited decision: every stage has work on every line, so the
document stays past a budget of half a second as the extraction gets
faster (about 1.5 s compiled on a 2-core test machine, more in pure Python).
"""

SLOW = "".join(f"{i}. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính báo cáo UBND tỉnh trước ngày 20/01/2026 "
               f"theo Quyết định số 66/QĐ-UBND ngày 10/01/2022.\n" for i in range(1, 20_001))
