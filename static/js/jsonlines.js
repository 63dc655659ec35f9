// Where each JSON Pointer of a JSON text starts: pointer -> 1-based line.
// Tolerant: it scans what it can, so problems in a broken file still find a line.

function escapeToken(token) {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerLines(text) {
  const lines = new Map();
  const stack = []; // {type: "object"|"array", path, key, index}
  let line = 1;
  let i = 0;
  const n = text.length;
  const here = () => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    return top.type === "array" ? `${top.path}/${top.index}` : `${top.path}/${escapeToken(top.key)}`;
  };
  const markValue = () => {
    const path = here();
    if (!lines.has(path)) lines.set(path, line);
    return path;
  };
  while (i < n) {
    const c = text[i];
    if (c === "\n") { line++; i++; continue; }
    if (c === '"') {
      let j = i + 1, value = "";
      while (j < n && text[j] !== '"') {
        if (text[j] === "\\") { value += text[j + 1] === "n" ? "\n" : text[j + 1]; j += 2; continue; }
        if (text[j] === "\n") line++;
        value += text[j]; j++;
      }
      const top = stack[stack.length - 1];
      let k = j + 1;
      while (k < n && /[ \t\r]/.test(text[k])) k++;
      if (top && top.type === "object" && text[k] === ":") {
        top.key = value;
        const path = `${top.path}/${escapeToken(value)}`;
        if (!lines.has(path)) lines.set(path, line);
      } else {
        markValue();
      }
      i = j + 1;
      continue;
    }
    if (c === "{" || c === "[") {
      const path = markValue();
      stack.push({ type: c === "{" ? "object" : "array", path, key: null, index: 0 });
      i++;
      continue;
    }
    if (c === "}" || c === "]") { stack.pop(); i++; continue; }
    if (c === ",") {
      const top = stack[stack.length - 1];
      if (top && top.type === "array") top.index++;
      i++;
      continue;
    }
    if (/[-0-9tfnNI]/.test(c)) {
      markValue();
      while (i < n && /[-+0-9.eEa-zA-Z]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return lines;
}

// The line of a pointer, or of its nearest ancestor that exists in the text.
export function lineOf(lines, pointer) {
  let p = pointer || "";
  for (;;) {
    if (lines.has(p)) return lines.get(p);
    if (!p) return 1;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
