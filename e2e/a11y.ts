import type { Page } from "playwright-core";

/**
 * Structural accessibility checks of the current page: every form control labelled, exactly one h1 and no
 * skipped heading level, unique ids, every button and link with a name. Returns the problems found.
 */
export function a11yProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const controls = document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      "input:not([type=hidden]), select, textarea",
    );
    for (const el of controls) {
      const named =
        (el.labels?.length ?? 0) > 0 || el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id}`);
    }
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) problems.push(`${h1} h1 elements`);
    let last = 0;
    for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
      const level = Number(h.tagName[1]);
      if (last && level > last + 1) problems.push(`${h.tagName} "${h.textContent}" follows h${last}`);
      last = level;
    }
    const seen = new Set<string>();
    for (const el of document.querySelectorAll("[id]")) {
      if (seen.has(el.id)) problems.push(`duplicate id ${el.id}`);
      seen.add(el.id);
    }
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href]")) {
      if (!(el.textContent ?? "").trim() && !el.getAttribute("aria-label"))
        problems.push(`unnamed ${el.outerHTML.slice(0, 80)}`);
    }
    return problems;
  });
}
