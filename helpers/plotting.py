"""课程统一的绘图风格和几种常用图：图像网格、训练曲线。

中文字体来自 PyPI 包 mplfonts 附带的 Noto Sans CJK SC（SIL Open Font License 1.1），
随 requirements.txt 安装，不依赖操作系统里装了什么字体。
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"


def cjk_font_path() -> str:
    """返回 mplfonts 包附带的 Noto Sans CJK SC 字体文件的路径。"""
    font = resources.files("mplfonts") / "fonts" / CJK_FONT_FILE
    if not font.is_file():
        raise FileNotFoundError(
            f"找不到中文字体文件 {font}。请在仓库根目录运行 `python course.py test` 或 "
            "`pip install -r requirements.txt` 重新安装依赖（字体由 mplfonts 包提供）。"
        )
    return str(font)


def set_plot_style() -> None:
    """设置课程的绘图风格：注册并使用中文字体，负号用 Unicode 减号正常显示。"""
    font_manager.fontManager.addfont(cjk_font_path())
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            # Noto Sans CJK SC 覆盖中文、拉丁字母和减号；DejaVu Sans 兜底其余符号。
            "font.sans-serif": [CJK_FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": True,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": False,
            "image.cmap": "gray",  # 像素值 0 画成黑色，和数据本身一致：Fashion-MNIST 是黑底亮物
        }
    )


def show_images(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    suptitle: str | None = None,
    title_colors: Sequence[str] | None = None,
) -> plt.Figure:
    """把一批灰度图排成网格显示，每张图上方可以带一个标题（可以有多行）。

    参数：
        images：形状 (N, H, W) 或 (N, H, W, 1) 的数组，uint8（0…255）或浮点（0…1）。
        titles：长度为 N 的标题列表，通常是中文类别名。
        ncols：每行放几张图。
        suptitle：整张图的总标题。
        title_colors：长度为 N 的颜色列表，例如把预测错的标成红色。

    返回：
        matplotlib 的 Figure。
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(
            f"images 的形状应为 (N, H, W) 或 (N, H, W, 1)，收到的是 {images.shape}；"
            "单张图请先用 images[None] 加上批量维度。"
        )
    count = len(images)
    if titles is not None and len(titles) != count:
        raise ValueError(f"titles 有 {len(titles)} 个，images 有 {count} 张，两者应一样多。")
    if title_colors is not None and len(title_colors) != count:
        raise ValueError(f"title_colors 有 {len(title_colors)} 个，images 有 {count} 张，两者应一样多。")

    ncols = max(1, min(ncols, count))
    nrows = int(np.ceil(count / ncols))
    title_lines = max((title.count("\n") + 1 for title in titles), default=0) if titles is not None else 0
    row_height = 1.4 + 0.25 * title_lines  # 每多一行标题，给它留出 0.25 英寸，避免压住上一行的图
    figure, axes = plt.subplots(nrows, ncols, figsize=(1.4 * ncols, row_height * nrows), squeeze=False)
    vmax = 255 if images.dtype == np.uint8 else 1.0
    for index, axis in enumerate(axes.flat):
        axis.axis("off")
        if index >= count:
            continue
        axis.imshow(images[index], vmin=0, vmax=vmax)
        if titles is not None:
            color = title_colors[index] if title_colors is not None else "black"
            axis.set_title(titles[index], fontsize=9, color=color)
    if suptitle:
        figure.suptitle(suptitle)
    figure.tight_layout()
    return figure


def plot_history(history: dict[str, Sequence[float]], *, title: str = "训练曲线") -> plt.Figure:
    """并排画出训练集与验证集的损失和准确率随轮次（epoch）的变化。

    参数：
        history：``model.fit(...).history``，至少含 ``loss`` 和 ``accuracy``，
            有验证集时还含 ``val_loss`` 和 ``val_accuracy``。
    """
    for key in ("loss", "accuracy"):
        if key not in history:
            raise ValueError(
                f"history 里没有 {key!r}，现有的键是 {sorted(history)}；"
                "请传入 model.fit(...).history，并在 compile 时加上 metrics=['accuracy']。"
            )
    epochs = np.arange(1, len(history["loss"]) + 1)
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(10, 3.6))
    for axis, key, label in ((loss_axis, "loss", "损失"), (accuracy_axis, "accuracy", "准确率")):
        axis.plot(epochs, history[key], "o-", label=f"训练集{label}")
        if f"val_{key}" in history:
            axis.plot(epochs, history[f"val_{key}"], "s--", label=f"验证集{label}")
        axis.set_xlabel("轮次（epoch）")
        axis.set_ylabel(label)
        axis.set_xticks(epochs)
        axis.grid(True, alpha=0.3)
        axis.legend()
    figure.suptitle(title)
    figure.tight_layout()
    return figure
