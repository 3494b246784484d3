import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Forms on the page that hold unsaved changes (one entry per mounted dirty form). */
const dirtyForms = new Set<symbol>();
let message = "";

function onBeforeUnload(event: BeforeUnloadEvent) {
  if (dirtyForms.size === 0) return;
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = message;
}

/** In-app links (react-router's <Link>) do not unload the page: ask before following one to another page. */
function onLinkClick(event: MouseEvent) {
  if (dirtyForms.size === 0 || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.("a[href]");
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank" || anchor.hasAttribute("download"))
    return;
  const to = new URL(anchor.href, window.location.href);
  if (to.origin !== window.location.origin) return;
  if (to.pathname === window.location.pathname && to.search === window.location.search) return;
  if (window.confirm(message)) {
    dirtyForms.clear();
    return;
  }
  event.preventDefault();
  event.stopPropagation();
}

/**
 * Warns before the user leaves the page while `dirty` (a form differs from what was loaded or saved): the
 * browser's own prompt on reload/close, and a confirmation before an in-app link. Every form with a draft
 * (`useDraft`) uses it.
 */
export function useUnsavedChanges(dirty: boolean): void {
  const { t } = useTranslation();
  message = t("common.unsavedChanges");
  useEffect(() => {
    if (!dirty) return;
    const id = Symbol("dirty-form");
    if (dirtyForms.size === 0) {
      window.addEventListener("beforeunload", onBeforeUnload);
      window.addEventListener("click", onLinkClick, true);
    }
    dirtyForms.add(id);
    return () => {
      dirtyForms.delete(id);
      if (dirtyForms.size === 0) {
        window.removeEventListener("beforeunload", onBeforeUnload);
        window.removeEventListener("click", onLinkClick, true);
      }
    };
  }, [dirty]);
}
