"""generator/trees.py: removing and linking folder trees."""

from __future__ import annotations

import os

from generator.trees import link_tree, remove_tree, replace_text


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
