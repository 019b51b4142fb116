"""Tests for helpers.plotting: Chinese text renders with the shipped font and no missing glyphs."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from helpers.plotting import CJK_FONT_FAMILY, plot_history, set_plot_style, show_images  # noqa: E402


@pytest.fixture(autouse=True)
def plot_style():
    set_plot_style()
    yield
    plt.close("all")


def render(figure) -> None:
    """Draw the figure to memory, so that every glyph is looked up in a font."""
    figure.canvas.draw()


def test_chinese_title_and_minus_signs_render_without_warnings():
    figure, axis = plt.subplots()
    axis.plot(np.linspace(-1, 1, 21), np.linspace(-1, 1, 21) ** 3)
    axis.set_title("卷积 (convolution) 的输出：−1 到 1")
    axis.set_xlabel("输入")
    axis.set_ylabel("输出")
    axis.set_xticks([-1, 0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib reports a missing glyph as a UserWarning
        render(figure)
    tick_labels = [label.get_text() for label in axis.get_xticklabels()]
    assert tick_labels[0] == "\N{MINUS SIGN}1"


def test_default_font_is_the_shipped_cjk_font():
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert font_manager.FontProperties(fname=path).get_name() == CJK_FONT_FAMILY


def test_missing_glyph_warning_is_detectable_with_default_style():
    # Guard against a test that cannot fail: without the CJK font, DejaVu Sans lacks these glyphs.
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        figure, axis = plt.subplots()
        axis.set_title("卷积")
        with pytest.warns(UserWarning, match="missing from font"):
            render(figure)


def test_show_images_titles_and_axes_off():
    images = np.zeros((5, 28, 28), dtype=np.uint8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = show_images(images, ["短靴", "包", "衬衫", "裤子", "外套"], ncols=3, suptitle="样本")
        render(figure)
    axes = figure.axes
    assert len(axes) == 6
    assert [axis.get_title() for axis in axes[:5]] == ["短靴", "包", "衬衫", "裤子", "外套"]
    assert all(not axis.axison for axis in axes)


def test_show_images_rejects_mismatched_titles():
    with pytest.raises(ValueError, match="titles 有 1 个，images 有 2 张"):
        show_images(np.zeros((2, 28, 28)), ["包"])


def test_show_images_rejects_single_image():
    with pytest.raises(ValueError, match=r"images\[None\]"):
        show_images(np.zeros((28, 28)))


def test_plot_history_draws_train_and_validation_curves():
    history = {"loss": [0.5, 0.3], "accuracy": [0.8, 0.9], "val_loss": [0.4, 0.35], "val_accuracy": [0.85, 0.88]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plot_history(history)
        render(figure)
    loss_axis, accuracy_axis = figure.axes
    assert len(loss_axis.lines) == 2
    assert [text.get_text() for text in accuracy_axis.get_legend().get_texts()] == ["训练集准确率", "验证集准确率"]


def test_plot_history_needs_accuracy():
    with pytest.raises(ValueError, match="metrics=\\['accuracy'\\]"):
        plot_history({"loss": [1.0]})
