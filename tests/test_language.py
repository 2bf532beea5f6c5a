"""The interface speaks the language chosen by --lang, $CXNOTES_LANG, the config file or the locale.

Through the real paths: ``cxnotes.__main__.main``'s first step for the app, a ``cxnotes``
process for ``--help``, the real app under Pilot for the footer, F1 and the palette.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from pilot_helpers import Notes, palette_hits, settle, wait_until
from textual.command import CommandInput
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from cxnotes import language
from cxnotes.__main__ import main, make_app
from cxnotes.cli.help_format import cells
from cxnotes.cli.serve import app_command
from cxnotes.i18n import _
from cxnotes.screens.footer import KeysInLanguage
from cxnotes.screens.keys import KeysScreen

LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable chooses: each test sets what it reads."""
    for name in (language.ENV_VAR, *LOCALE_VARS):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("option", "env", "config", "expected"),
    [
        ("ko", {language.ENV_VAR: "en", "LANG": "en_US.UTF-8"}, "en", "ko"),
        (None, {language.ENV_VAR: "ko", "LANG": "en_US.UTF-8"}, "en", "ko"),
        (None, {"LANG": "en_US.UTF-8"}, "ko", "ko"),
        (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, None, "ko"),
        (None, {"LC_MESSAGES": "ko_KR.eucKR", "LANG": "C"}, None, "ko"),
        (None, {"LANG": "ko_KR.UTF-8"}, None, "ko"),
        (None, {"LANG": "fr_FR.UTF-8"}, None, "en"),
        (None, {}, None, "en"),
        ("en", {"LANG": "ko_KR.UTF-8"}, None, "en"),
    ],
)
def test_the_first_that_names_a_language_wins(
    option: str | None, env: dict[str, str], config: str | None, expected: str, config_file: Path
) -> None:
    if config:
        config_file.write_text(f'[ui]\nlang = "{config}"\n', encoding="utf-8")
    assert language.choose(option, env) == expected


def test_a_language_without_a_catalogue_is_refused_in_one_line(
    no_choice: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", "fr", "where"]) == 2
    assert capsys.readouterr().err == "cxnotes: --lang: cxnotes does not speak 'fr'; choose one of: en, ko.\n"


def test_a_broken_config_file_is_reported_and_the_locale_still_chosen(
    no_choice: None, config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file.write_text("[ui]\nlang = 3\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert main(["where"]) == 0
    out = capsys.readouterr()
    assert f"cxnotes: {config_file}: ui.lang에는" in out.err  # the error, in the locale's language
    assert language.i18n.language() == "ko"


def test_help_is_korean_under_a_korean_locale(no_choice: None, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (language.ENV_VAR, *LOCALE_VARS)}
    done = subprocess.run(
        [sys.executable, "-m", "cxnotes", "--help"],
        env={**env, "LANG": "ko_KR.UTF-8", "COLUMNS": "80"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert done.stdout.startswith("사용법: cxnotes")
    assert "\n옵션:\n" in done.stdout
    assert "이 도움말을 보여 주고 끝냅니다" in done.stdout
    assert "usage:" not in done.stdout and "show this help message" not in done.stdout
    too_wide = [line for line in done.stdout.splitlines() if cells(line) > 80]
    assert not too_wide, "help lines wider than the terminal (Hangul takes two cells)"


def test_argparse_errors_are_korean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "ko", "call", "--channel", "fax"])
    assert "잘못된 선택: 'fax'" in capsys.readouterr().err


def test_each_browser_tab_gets_the_language_of_the_server(no_choice: None) -> None:
    language.start_from(["--lang", "ko", "serve"], warn=print)
    assert app_command(None).split()[-2:] == ["--lang", "ko"]


def footer_descriptions(app: object) -> list[str]:
    """What the footer of the current screen says its keys do."""
    return [key.description for key in app.screen.query(FooterKey)]  # type: ignore[attr-defined]


async def test_the_app_in_korean_shows_korean_keys_and_finds_commands_by_either_name(
    no_choice: None, data_dir: Path
) -> None:
    language.start_from(["--lang", "ko"], warn=print)  # what `cxnotes --lang ko` does first
    app = make_app(data_dir)
    notes = Notes()
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        await settle(pilot)
        shown = footer_descriptions(app)
        assert _("Keys") == "도움말" and "도움말" in shown  # F1, the app's own key
        assert "Keys" not in shown
        await pilot.press("ctrl+c")  # copies; with nothing selected, Textual says how to quit
        hint = ("종료할까요?", "종료하려면 ^q를 누르세요.")
        await wait_until(pilot, lambda: hint in notes.shown, "the quit hint, in Korean")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen), "F1")
        rows = [what for _keys, what in app.screen.everywhere]  # type: ignore[attr-defined]
        assert "저장 안 된 것을 모두 저장하고 저장소를 닫은 뒤 종료합니다." in rows  # Ctrl+Q, its docstring
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: bool(app.screen.query(CommandInput)), "the palette")
        assert app.screen.query_one(CommandInput).placeholder == "명령 검색…"
        await pilot.press(*"new call")
        await wait_until(pilot, lambda: "새 상담 · New call" in palette_hits(app), "the palette, in English")
        await pilot.press(*["backspace"] * 8, *"새 상담")
        await wait_until(pilot, lambda: "새 상담" in palette_hits(app), "the palette, in Korean")


def test_every_screen_with_a_footer_translates_its_keys() -> None:
    """A new screen that yields a Footer without KeysInLanguage would show English keys in Korean."""
    import cxnotes.screens as package

    english = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"cxnotes.screens.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            own = cls.__module__ == module.__name__ and issubclass(cls, Screen)
            if own and "Footer(" in inspect.getsource(cls) and not issubclass(cls, KeysInLanguage):
                english.append(f"{module.__name__}.{name}")
    assert not english, f"screens whose footer stays English (mix in KeysInLanguage): {english}"
