"""A browser page that records anything hostile data might make run: dialogs, `window.__pwned`,
and every element or attribute that record text could have turned into markup.

An init script watches the DOM from the first byte (a MutationObserver), so markup that is
inserted and removed again between two checks is still caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Dialog, Page

# What markup made from a record would look like; run on every element, added or present.
WATCH_SCRIPT = """
(() => {
  const RUNS = /alert\\(|confirm\\(|__pwned/;
  const MARKDOWN_WORDS = { bold: ["STRONG", "B", "EM", "I"], link: ["A"], click: ["A"] };
  window.__hostileMarkup = [];
  window.__hostileCheck = (el) => {
    const found = [];
    const tag = el.tagName;
    // A script the browser runs (a JSON data block is inert) that holds a payload's call.
    const runnable = !el.type || /javascript|ecmascript|module/i.test(el.type);
    if (tag === "SCRIPT" && runnable && RUNS.test(el.textContent)) {
      found.push("a script from data: " + el.textContent.slice(0, 80));
    }
    if (tag === "IMG" && el.getAttribute("src") === "x") { found.push("an img[src=x]"); }
    if (tag === "IFRAME" || tag === "OBJECT" || tag === "EMBED") {
      found.push("an " + tag.toLowerCase());
    }
    for (const attr of el.attributes || []) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "");
      if (/^javascript:/i.test(value)) { found.push(`${tag}[${attr.name}="${attr.value}"]`); }
      if (/^on/i.test(attr.name) && RUNS.test(attr.value)) {
        found.push(`${tag}[${attr.name}="${attr.value}"]`);
      }
    }
    const word = (el.textContent || "").trim();
    if ((MARKDOWN_WORDS[word] || []).includes(tag)) { found.push(`<${tag}>${word} from markup`); }
    if (/^H[1-6]$/.test(tag) && word.includes("heading")) { found.push(`<${tag}>${word}`); }
    if (el.classList && el.classList.contains("katex")) { found.push("LaTeX: " + word); }
    return found;
  };
  const record = (node) => {
    if (node.nodeType !== 1) { return; }
    for (const el of [node, ...node.querySelectorAll("*")]) {
      window.__hostileMarkup.push(...window.__hostileCheck(el));
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === "attributes") { record(m.target); }
      m.addedNodes.forEach(record);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
})();
"""

# Run in every frame at the end: what the DOM holds now, and what the observer saw on the way.
AUDIT_SCRIPT = """
() => ({
  pwned: typeof window.__pwned,
  now: [...document.querySelectorAll("*")].flatMap((el) => window.__hostileCheck(el)),
  seen: window.__hostileMarkup,
})
"""


@dataclass
class Guard:
    """What a context's pages did that data must never make them do."""

    dialogs: list[str] = field(default_factory=list)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def watch(context: BrowserContext | Page, guard: Guard) -> None:
    """Record every dialog (and dismiss it) into `guard`, and watch the DOM from the start."""
    context.on("dialog", guard.on_dialog)
    context.add_init_script(WATCH_SCRIPT)


def ran_anything(page: Page, guard: Guard) -> list[str]:
    """Everything hostile data made happen on `page`, in any of its frames; [] when nothing."""
    found = list(guard.dialogs)
    for frame in page.frames:
        audit = frame.evaluate(AUDIT_SCRIPT)
        if audit["pwned"] != "undefined":
            found.append(f"window.__pwned was set in {frame.url}")
        found += audit["now"] + audit["seen"]
    return found
