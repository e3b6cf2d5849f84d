"""/present: the deck on screen and its PNG, SVG, PowerPoint and HTML exports."""
