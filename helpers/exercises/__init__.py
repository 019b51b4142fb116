"""练习的自动检查器。

每个笔记本的练习对应本包里的一个模块（按主题命名），模块里的 ``check_*`` 函数接收学习者的
答案，返回一个 ``CheckResult``：在 Jupyter 中显示为“✅ 正确”或“❌ 哪里不对 + 提示”。
检查器从不因为答案错误而抛出异常，所以笔记本始终可以从头运行到尾；还没作答（答案为
``None``）时只提示“尚未作答”。参考答案放在仓库的 ``solutions/`` 目录，测试会执行它们。
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    """一次检查的结论：是否通过，以及给学习者看的中文说明。"""

    passed: bool
    message: str
    hint: str = ""
    answered: bool = True

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if not self.answered:
            return f"⏳ 尚未作答：{self.message}"
        if self.passed:
            return f"✅ 正确：{self.message}"
        text = f"❌ 还不对：{self.message}"
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        color = "#2e7d32" if self.passed else ("#6d6d6d" if not self.answered else "#c62828")
        body = html.escape(str(self)).replace("\n", "<br>")
        return f'<div style="color:{color};font-weight:500">{body}</div>'


def passed(message: str) -> CheckResult:
    """构造一个“通过”的结论。"""
    return CheckResult(True, message)


def failed(message: str, hint: str = "") -> CheckResult:
    """构造一个“没通过”的结论，并附上提示。"""
    return CheckResult(False, message, hint)


def not_answered(what: str) -> CheckResult:
    """构造一个“尚未作答”的结论；``what`` 说明学习者该补全什么。"""
    return CheckResult(False, what, answered=False)
