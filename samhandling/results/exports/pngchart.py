"""The PNG line chart for Word moved to samhandling.core.pngchart, so that the plans' report can use it too."""

from samhandling.core.pngchart import line_png

__all__ = ["line_png"]
