"""Long user actions, one small module each, one function per action wrapping one core call
(as Anki's aqt/operations). Each runs on the app's task runner (ui/tasks.py) with the project
opened for it, and reports back through the window's declared interface
(ui/project_window.py) or the callbacks of the dialog that started it."""
