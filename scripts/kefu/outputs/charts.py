"""matplotlib set up for Chinese labels, found automatically on Windows and Linux."""
from __future__ import annotations

import warnings

CJK_FONTS = ["Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "PingFang SC", "Heiti SC", "Arial Unicode MS"]


def pyplot():
    """Return matplotlib.pyplot with the Agg backend and a CJK font list; raises if none is installed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {f.name for f in font_manager.fontManager.ttflist}
    available = [name for name in CJK_FONTS if name in installed]
    if not available:
        warnings.warn("没有找到中文字体,图表中的中文可能显示为方框。Windows 自带微软雅黑;"
                      "Linux 请安装 fonts-noto-cjk。", RuntimeWarning, stacklevel=2)
    plt.rcParams["font.sans-serif"] = available + CJK_FONTS + ["DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt
