"""generator/trees.py: removing and linking folder trees."""

from __future__ import annotations

import json
import os
import time

import pytest

from generator.site.output import link_tree, remove_tree, replace_text


def test_remove_tree_removes_folders_files_and_links_but_not_what_links_point_to(tmp_path):
    keep = tmp_path / "keep"
    (keep / "inner").mkdir(parents=True)
    (keep / "inner" / "a.txt").write_text("a", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "x" / "y").mkdir(parents=True)
    (tree / "x" / "y" / "f.html").write_text("f", encoding="utf-8")
    os.symlink(keep, tree / "link")
    os.symlink(keep, tmp_path / "dirlink")
    remove_tree(tree)
    remove_tree(tmp_path / "dirlink")
    remove_tree(tmp_path / "missing")
    assert not tree.exists() and not (tmp_path / "dirlink").is_symlink()
    assert (keep / "inner" / "a.txt").read_text(encoding="utf-8") == "a"


def test_link_tree_shares_files_and_replace_text_unshares_one(tmp_path):
    src = tmp_path / "src"
    (src / "d").mkdir(parents=True)
    (src / "d" / "a.js").write_text("old", encoding="utf-8")
    (src / "b.bin").write_bytes(b"\x00\x01")
    dst = tmp_path / "dst"
    link_tree(src, dst)
    assert (dst / "d" / "a.js").stat().st_ino == (src / "d" / "a.js").stat().st_ino
    assert (dst / "b.bin").read_bytes() == b"\x00\x01"
    replace_text(dst / "d" / "a.js", "new")
    assert (dst / "d" / "a.js").read_text(encoding="utf-8") == "new"
    assert (src / "d" / "a.js").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in (dst / "d").iterdir()) == ["a.js"]


def test_reusing_writer_links_only_unchanged_pages_it_can_trust(tmp_path):
    from generator.site.output import ReusingWriter

    manifest = tmp_path / "cache" / "pages.json"
    first = tmp_path / "site1"
    w = ReusingWriter(first, None, manifest)
    for name in ("a", "b", "c", "d"):
        w.write(f"{name}/index.html", f"<p>{name}</p>".encode())
    w.save()
    assert w.linked == 0
    # someone edits c in place keeping the size (later than the file system's clock step); d disappears
    time.sleep(0.05)
    (first / "c" / "index.html").write_bytes(b"<p>C</p>")
    (first / "d" / "index.html").unlink()
    second = tmp_path / "site2"
    w = ReusingWriter(second, first, manifest)
    w.write("a/index.html", b"<p>a</p>")           # same bytes: linked
    w.write("b/index.html", b"<p>b, changed</p>")  # new bytes: written
    w.write("c/index.html", b"<p>c</p>")           # previous file no longer what the manifest says: written
    w.write("d/index.html", b"<p>d</p>")           # previous file gone: written
    w.write("e/index.html", b"<p>e</p>")           # new page
    assert w.linked == 1
    assert (second / "a" / "index.html").stat().st_ino == (first / "a" / "index.html").stat().st_ino
    for name, data in (("b", b"<p>b, changed</p>"), ("c", b"<p>c</p>"), ("d", b"<p>d</p>"), ("e", b"<p>e</p>")):
        assert (second / name / "index.html").read_bytes() == data
        assert (second / name / "index.html").stat().st_nlink == 1
    w.save()
    # without a previous site (first build, or not atomic) nothing is linked
    w = ReusingWriter(tmp_path / "site3", None, manifest)
    w.write("a/index.html", b"<p>a</p>")
    assert w.linked == 0 and (tmp_path / "site3" / "a" / "index.html").stat().st_nlink == 1


@pytest.mark.parametrize("threads", [0, 4])
def test_a_keyed_page_is_linked_without_being_made_when_its_key_is_unchanged(tmp_path, threads):
    from generator.site.output import ReusingWriter

    manifest = tmp_path / "pages.json"
    made: list[str] = []

    def maker(name: str, data: bytes):
        def make() -> bytes:
            made.append(name)
            return data
        return make

    first = tmp_path / "site1"
    w = ReusingWriter(first, None, manifest, threads=threads)
    for name in ("a", "b", "c"):
        w.write_keyed(f"{name}/index.html", f"key-{name}", maker(name, f"<p>{name}</p>".encode()))
    w.save()
    assert sorted(made) == ["a", "b", "c"] and w.linked == 0
    made.clear()
    (first / "c" / "index.html").unlink()          # gone from the previous site: made again
    second = tmp_path / "site2"
    w = ReusingWriter(second, first, manifest, threads=threads)
    w.write_keyed("a/index.html", "key-a", maker("a", b"<p>a</p>"))                  # same key: linked
    w.write_keyed("b/index.html", "key-b2", maker("b", b"<p>b, new</p>"))           # new key: made
    w.write_keyed("c/index.html", "key-c", maker("c", b"<p>c</p>"))                 # same key, no file: made
    w.write("d/index.html", b"<p>d</p>")
    w.finish()
    assert sorted(made) == ["b", "c"] and w.linked == 1
    assert (second / "a" / "index.html").stat().st_ino == (first / "a" / "index.html").stat().st_ino
    assert (second / "b" / "index.html").read_bytes() == b"<p>b, new</p>"
    assert (second / "c" / "index.html").read_bytes() == b"<p>c</p>"
    w.save()
    stored = json.loads(manifest.read_text(encoding="utf-8"))
    assert [stored[f"{n}/index.html"][3] for n in "abcd"] == ["key-a", "key-b2", "key-c", ""]


def test_a_failing_page_is_reported_by_finish(tmp_path):
    from generator.site.output import ReusingWriter

    w = ReusingWriter(tmp_path / "site", None, tmp_path / "pages.json", threads=2)
    w.write("ok/index.html", b"ok")

    def broken() -> bytes:
        raise RuntimeError("no shell")
    (tmp_path / "old").mkdir()
    w.old = {"x/index.html": ["d", 1, 1, "k"]}
    w.previous = tmp_path / "old"                  # the previous file is missing, so make() runs in the pool
    w.write_keyed("x/index.html", "k", broken)
    with pytest.raises(RuntimeError, match="no shell"):
        w.finish()
