"""离线安装 kefu 所需的 Python 包(办公室电脑通常不能上网)。

第一步,在一台能上网、Windows 和 Python 版本与办公室电脑相同的电脑上:
    python scripts/offline_install.py download            把所有安装包下载(并打包)到 wheels 文件夹
第二步,把整个 kefu 文件夹(含 wheels)用 U 盘拷到办公室电脑,在那里:
    python scripts/offline_install.py install             只从 wheels 文件夹安装,不联网,装完自动检查
"""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import_path = Path(__file__).resolve().parent
REPO = import_path.parent

# requirement name -> module to import when checking the installation
CHECK_IMPORTS = {
    "python-calamine": "python_calamine", "openpyxl": "openpyxl", "defusedxml": "defusedxml", "xlrd": "xlrd",
    "chinese-calendar": "chinese_calendar", "python-docx": "docx", "docxtpl": "docxtpl", "click": "click",
    "rich": "rich", "schedule": "schedule", "filelock": "filelock", "msoffcrypto-tool": "msoffcrypto",
    "xlwings": "xlwings", "matplotlib": "matplotlib", "rapidfuzz": "rapidfuzz",
    "lxml": "lxml", "MarkupSafe": "markupsafe", "Jinja2": "jinja2", "olefile": "olefile",
}


def pip(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "pip", *args])


def requirement_names(requirements: Path) -> list[str]:
    names = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name = line.split(";")[0].split("==")[0].split(">=")[0].strip()
            if name not in names:   # one line per Python version (environment markers): check it once
                names.append(name)
    return names


def download(requirements: Path, dest: Path) -> int:
    """Build a wheel for every requirement (an sdist becomes a wheel here, online)."""
    dest.mkdir(parents=True, exist_ok=True)
    print(f"正在下载并打包到《{dest}》……")
    code = pip("wheel", "--disable-pip-version-check", "-r", str(requirements), "-w", str(dest))
    if code:
        print("下载失败:请确认这台电脑能上网,且 Python 版本与办公室电脑相同。", file=sys.stderr)
        return 1
    print(f"完成:共 {len(list(dest.glob('*.whl')))} 个安装包。请把整个 kefu 文件夹拷到办公室电脑,"
          f"运行 python scripts/offline_install.py install")
    return 0


def install(requirements: Path, source: Path) -> int:
    if not source.is_dir() or not any(source.glob("*.whl")):
        print(f"没有找到安装包文件夹《{source}》或其中没有 .whl 文件。请先在能上网的电脑上运行 download。",
              file=sys.stderr)
        return 1
    print(f"正在从《{source}》安装(不联网)……")
    code = pip("install", "--disable-pip-version-check", "--no-index", "--find-links", str(source),
               "-r", str(requirements))
    if code:
        print("安装失败:安装包可能不全,或与本机的 Windows/Python 版本不符。请在与本机版本相同的电脑上重新 download。",
              file=sys.stderr)
        return 1
    return check(requirements)


def check(requirements: Path) -> int:
    missing = []
    for name in requirement_names(requirements):
        module = CHECK_IMPORTS.get(name, name.replace("-", "_").lower())
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - report every broken package, not just the first
            missing.append(f"{name}({type(exc).__name__})")
    if missing:
        print(f"检查未通过,以下包无法使用:{'、'.join(missing)}", file=sys.stderr)
        return 1
    print("检查通过:kefu 所需的包都已安装。可以运行 python scripts/daily_check.py 试一试。")
    return 0


# argparse's own messages (gettext msgids of the standard library) in Chinese. This script runs before
# kefu's packages are installed, so it cannot use kefu.cli (click); a msgid not listed stays English.
ARGPARSE_ZH = {
    "usage: ": "用法:", "positional arguments": "步骤", "options": "选项", "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s 用法错误:%(message)s(用 --help 查看用法)\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不在可选范围内,可选:%(choices)s",
    "the following arguments are required: %s": "缺少参数:%s",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "expected one argument": "后面需要写一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确,可能是 %(matches)s",
}


def main(argv: list[str] | None = None) -> int:
    import argparse

    argparse._ = lambda message: ARGPARSE_ZH.get(message, message)   # argparse asks gettext by this name
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["download", "install", "check"], help="download / install / check")
    parser.add_argument("--wheels", type=Path, default=REPO / "wheels", metavar="文件夹", help="安装包文件夹(默认 kefu/wheels)")
    parser.add_argument("--requirements", type=Path, default=REPO / "requirements.txt", metavar="文件",
                        help="要安装的包的清单(默认 kefu/requirements.txt)")
    args = parser.parse_args(argv)
    if args.step == "download":
        return download(args.requirements, args.wheels)
    if args.step == "install":
        return install(args.requirements, args.wheels)
    return check(args.requirements)


if __name__ == "__main__":
    sys.exit(main())
