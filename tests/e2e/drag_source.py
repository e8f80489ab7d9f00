#!/usr/bin/python3
"""A small GTK 3 window that offers the files named on the command line as a drag source
(text/uri-list), for the e2e suite to drag them onto the app with xdotool, as a user dragging
from a file manager would. Usage: drag_source.py X Y FILE..."""

import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402

x, y, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
uris = [Path(f).resolve().as_uri() for f in files]

window = Gtk.Window(title="fieldbook-drag-source")
window.set_default_size(160, 80)
window.move(x, y)
box = Gtk.EventBox()
box.add(Gtk.Label(label="drag me"))
box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
box.drag_source_add_uri_targets()
box.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
box.connect("drag-end", lambda *_: Gtk.main_quit())
window.add(box)
window.connect("destroy", Gtk.main_quit)
window.show_all()
print("ready", flush=True)
Gtk.main()
