// The search field: Mailpit's syntax, applied as you type (debounced) and
// kept in the URL so a search can be linked. "/" focuses it, Esc leaves it.
import { useEffect, useRef, useState, type ReactElement, type RefObject } from "react";
import { Icon } from "../../../components/icons.js";

const DEBOUNCE_MS = 250;

export interface SearchBoxProps {
  value: string;
  onSearch: (query: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}

export function SearchBox({ value, onSearch, inputRef }: SearchBoxProps): ReactElement {
  const [text, setText] = useState(value);
  const last = useRef(value);

  // Follow the URL when it changes from outside (back button, a link).
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    const q = text.trim();
    if (q === last.current) return;
    const t = setTimeout(() => {
      last.current = q;
      onSearch(q);
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, onSearch]);

  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        last.current = text.trim();
        onSearch(text.trim());
      }}
    >
      <Icon name="search" size={16} className="search-icon" />
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        aria-label="Search messages"
        placeholder="Search: words, from:, subject:, is:unread…"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            if (text !== "") setText("");
            else e.currentTarget.blur();
          }
        }}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
