// The app's own icons (static/img/icons/*.svg, drawn through CSS masks in the text colour):
// no glyph depends on an emoji font being installed.
export function icon(name) {
  const node = document.createElement("span");
  node.className = `icon icon-${name}`;
  node.setAttribute("aria-hidden", "true");
  return node;
}
