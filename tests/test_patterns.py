"""Every pattern the text stages run on user text carries a time limit."""
import regex
import pytest

from vnnotice import clean, kind, layout, patterns, segment, stages


def test_a_runaway_pattern_times_out():
    runaway = patterns.compile(r"(a|aa)+$", timeout=0.05)
    with pytest.raises(TimeoutError):
        runaway.match("a" * 40 + "!")


def test_calls_keep_the_regex_api():
    p = patterns.compile(r"(\d+)/(\w+)")
    assert p.search("số 66/QĐ").groups() == ("66", "QĐ")
    assert [m.group(1) for m in p.finditer("1/a 2/b")] == ["1", "2"]
    assert p.sub("X", "1/a và 2/b") == "X và X"
    assert p.split("x 1/a y") == ["x ", "1", "a", " y"]
    assert p.findall("1/a") == [("1", "a")]
    assert p.match("1/a", timeout=1.0)


@pytest.mark.parametrize("module", [clean, layout, segment, stages, kind])
def test_module_patterns_are_timed_or_declared_bounded(module):
    """A pattern without a time limit must have been declared bounded (see patterns.bounded)."""
    plain = {name for name, value in vars(module).items()
             if isinstance(value, regex.Pattern) and id(value) not in patterns.BOUNDED}
    assert not plain, f"untimed patterns in {module.__name__}: {sorted(plain)}"
    leading = [p for _, p in getattr(module, "LEADING", [])]
    assert all(id(p) in patterns.BOUNDED for p in leading)


def test_whole_text_patterns_are_timed():
    for pattern in (clean._ODD, clean._CLUSTER, clean._INVISIBLE, segment._INLINE):
        assert isinstance(pattern, patterns.TimedPattern)
