"""记录笔记本的关键结果，供测试检查。

``record(name, value)`` 在笔记本里显示一行 “name = value”，同时把结果作为一个
自定义 MIME 类型（``RESULT_MIME_TYPE``）写进单元格输出。测试从已提交的笔记本或新执行
的笔记本里读出这些结果，再对它们做断言（例如完整配置下的测试准确率不低于 0.90）。
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

import numpy as np
from IPython.display import display

RESULT_MIME_TYPE = "application/vnd.dl-image-course.result+json"


def _to_json_value(name: str, value: object) -> object:
    """把 NumPy 标量、元组等转成可写入 JSON 的值；其他类型报错。"""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (tuple, list)):
        return [_to_json_value(name, item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"结果 {name!r} 的值是 {value}，不是有限数，不能记录；请先检查训练是否发散。")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(
        f"结果 {name!r} 的类型是 {type(value).__name__}，只能记录数字、字符串、布尔值或它们的列表；"
        "NumPy 数组请先用 .tolist() 转换。"
    )


def _format_value(value: object) -> str:
    if isinstance(value, float) and value != 0 and abs(value) < 1e-3:
        return f"{value:.2e}"  # 梯度检查的误差等很小的数：四位小数会显示成 0.0000
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list):
        return "[" + ", ".join(_format_value(item) for item in value) + "]"
    return str(value)


class RecordedResult:
    """一条已记录的结果；在 Jupyter 中显示为一行文字，并带上机器可读的 JSON。"""

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, object]:
        return {
            "text/plain": f"记录结果：{self.name} = {_format_value(self.value)}",
            RESULT_MIME_TYPE: {"name": self.name, "value": self.value},
        }

    def __repr__(self) -> str:
        return f"记录结果：{self.name} = {_format_value(self.value)}"


def record(name: str, value: object) -> None:
    """记录一个关键结果并立即显示为一行 “记录结果：name = value”。"""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"结果名应为英文标识符（如 'test_accuracy'），收到的是 {name!r}。")
    json_value = _to_json_value(name, value)
    json.dumps(json_value)  # 现在就确认能写成 JSON，而不是等到测试时才出错
    display(RecordedResult(name, json_value))


def read_recorded_results(cells: Iterable[Mapping]) -> dict[str, object]:
    """从笔记本单元格（nbformat 的 cell 字典）的输出里取出全部已记录的结果，键为结果名。

    同名结果出现多次时，以最后一次为准。
    """
    results: dict[str, object] = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(RESULT_MIME_TYPE)
            if payload is not None:
                results[payload["name"]] = payload["value"]
    return results
