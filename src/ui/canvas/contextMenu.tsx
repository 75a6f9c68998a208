/**
 * The right-click menu: rete-context-menu-plugin opens it where the user clicked, on the canvas,
 * a node, a comment or a cable; what it offers comes from the app (`MenuEntry`), drawn by the
 * components below in the app's style, with each entry's shortcut beside it.
 */
import { useLayoutEffect, useRef, type HTMLProps, type KeyboardEvent, type ReactNode } from "react";
import { ContextMenuPlugin } from "rete-context-menu-plugin";
import { Presets } from "rete-react-plugin";
import type { Item } from "rete-context-menu-plugin/_types/types";
import { Cable, CanvasNode, CommentNode, type Schemes } from "./CanvasNode";

/** What was right-clicked. */
export type MenuTarget =
  | { readonly kind: "canvas" }
  | { readonly kind: "node"; readonly id: string }
  | { readonly kind: "comment"; readonly id: string }
  | { readonly kind: "cable"; readonly id: string };

export interface MenuEntry {
  readonly label: string;
  /** The keyboard shortcut doing the same, shown at the right. */
  readonly keys?: string;
  readonly run?: () => void;
  /** A submenu, opened on hover. */
  readonly entries?: readonly MenuEntry[];
}

/** Label and shortcut travel through the plugin as one string; the item splits them again. */
const KEYS_SEPARATOR = "\t";

export function toItems(entries: readonly MenuEntry[], prefix = ""): Item[] {
  return entries.map((e, i) => ({
    label: e.keys ? `${e.label}${KEYS_SEPARATOR}${e.keys}` : e.label,
    key: `${prefix}${i}`,
    handler: () => void e.run?.(),
    ...(e.entries ? { subitems: toItems(e.entries, `${prefix}${i}.`) } : {}),
  }));
}

type Props = HTMLProps<HTMLDivElement> & { hasSubitems?: boolean; children?: ReactNode };

/**
 * Keeps a menu on screen: a menu that would cross the window's bottom or right edge opens
 * upward or leftward from the click (a submenu: on the other side of its entry).
 */
function useOnScreen(sub: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.transform = "";
    const r = el.getBoundingClientRect();
    const over = (n: number) => Math.max(0, n);
    const dy =
      r.bottom > innerHeight - 4 ? (sub ? -over(r.bottom - innerHeight + 4) : -r.height) : 0;
    const dx =
      r.right > innerWidth - 4
        ? -(sub ? r.width + (el.parentElement?.offsetWidth ?? 0) : r.width)
        : 0;
    if (dx || dy) el.style.transform = `translate(${dx}px, ${Math.max(dy, -r.top)}px)`;
  });
  return ref;
}

/** The entries of one menu level (not those of its open submenus). */
const entriesOf = (menu: Element | null | undefined): HTMLElement[] =>
  menu
    ? [...menu.children].filter(
        (el): el is HTMLElement =>
          el instanceof HTMLElement && el.classList.contains("lp-menu-item"),
      )
    : [];

/**
 * The keyboard in a menu: ↓ ↑ move between entries, → or Enter opens a submenu, ← goes back
 * to its entry, Enter or Space runs an entry (Escape, handled by the canvas, closes the menu).
 */
function onMenuKey(e: KeyboardEvent<HTMLDivElement>, root: HTMLElement): void {
  const current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const inMenu =
    current &&
    current !== root &&
    root.contains(current) &&
    current.classList.contains("lp-menu-item")
      ? current
      : null;
  const level = inMenu?.parentElement ?? root;
  const entries = entriesOf(level);
  const at = inMenu ? entries.indexOf(inMenu) : -1;
  const openSub = (item: HTMLElement) => {
    // The plugin opens a submenu on pointerover; then its first entry takes the focus.
    item.dispatchEvent(new PointerEvent("pointerover", { bubbles: true }));
    const focusFirst = (tries: number) => {
      const first = entriesOf(item.querySelector(".lp-menu-sub"))[0];
      if (first) first.focus();
      else if (tries > 0) requestAnimationFrame(() => focusFirst(tries - 1));
    };
    requestAnimationFrame(() => focusFirst(10)); // once React has drawn it
  };
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    const step = e.key === "ArrowDown" ? 1 : -1;
    const n = entries.length;
    if (n > 0) entries[at < 0 ? (step > 0 ? 0 : n - 1) : (at + step + n) % n]!.focus();
  } else if (
    inMenu?.classList.contains("has-sub") &&
    ["ArrowRight", "Enter", " "].includes(e.key)
  ) {
    openSub(inMenu);
  } else if (inMenu && (e.key === "Enter" || e.key === " ")) {
    inMenu.click();
  } else if (e.key === "ArrowLeft" && inMenu) {
    const parent = inMenu.closest(".lp-menu-sub")?.parentElement;
    if (parent instanceof HTMLElement) parent.focus();
  } else return;
  e.preventDefault();
  e.stopPropagation(); // not a canvas shortcut
}

function MenuBox({ children, ...rest }: Props) {
  const ref = useOnScreen(false);
  // Focused when it opens, so the keyboard works in it at once.
  useLayoutEffect(() => ref.current?.focus(), [ref]);
  // The menu lives inside the canvas's element: a press on it must not reach the area plugin's
  // own listener there (it would drop the selection the entries act on, or start a pan).
  useLayoutEffect(() => {
    const el = ref.current;
    const stop = (e: Event) => e.stopPropagation();
    el?.addEventListener("pointerdown", stop);
    return () => el?.removeEventListener("pointerdown", stop);
  }, [ref]);
  return (
    <div
      {...rest}
      ref={ref}
      className="lp-menu"
      role="menu"
      tabIndex={-1}
      onKeyDown={(e) => ref.current && onMenuKey(e, ref.current)}
    >
      {children}
    </div>
  );
}

function MenuItem({ children, hasSubitems, ...rest }: Props) {
  const [label, sub] = (Array.isArray(children) ? children : [children]) as ReactNode[];
  const [text, keys] = typeof label === "string" ? label.split(KEYS_SEPARATOR) : [label];
  return (
    <div
      {...rest}
      className={hasSubitems ? "lp-menu-item has-sub" : "lp-menu-item"}
      role="menuitem"
      tabIndex={-1}
    >
      <span>{text}</span>
      {keys && <span className="lp-menu-keys">{keys}</span>}
      {sub}
    </div>
  );
}

function Submenu({ children, ...rest }: Props) {
  const ref = useOnScreen(true);
  return (
    <div {...rest} ref={ref} className="lp-menu lp-menu-sub" role="menu">
      {children}
    </div>
  );
}

/** The rendering preset for rete-react-plugin: our components instead of the default ones. */
export const menuPreset = () =>
  Presets.contextMenu.setup({
    delay: 400,
    customize: { main: () => MenuBox, item: () => MenuItem, subitems: () => Submenu },
  });

/** The plugin; `build` says what to offer for a target (nothing: no menu opens). */
export function createContextMenu(build: (target: MenuTarget) => readonly MenuEntry[]) {
  return new ContextMenuPlugin<Schemes>({
    items: (context) => {
      const target: MenuTarget =
        context === "root"
          ? { kind: "canvas" }
          : context instanceof CommentNode
            ? { kind: "comment", id: context.commentId }
            : context instanceof CanvasNode
              ? { kind: "node", id: context.id }
              : { kind: "cable", id: (context as unknown as Cable).id };
      return { searchBar: false, list: toItems(build(target)) };
    },
  });
}
