// A message's tags as small labels, as Mailpit shows them. With onPick each
// is a button (the message view: a tag leads to its search); without, plain
// text (an inbox row, which is itself the control). Tags are the sender's
// text (X-Tags, plus-addresses): rendered as text, never markup.
import type { ReactElement } from "react";

/** The search that lists a tag's messages; tags may hold spaces, never quotes. */
export const tagQuery = (tag: string): string => (/\s/.test(tag) ? `tag:"${tag}"` : `tag:${tag}`);

export interface TagListProps {
  tags: readonly string[];
  onPick?: (tag: string) => void;
  /** Show at most this many, then "+N" for the rest (all of them are in its title). */
  max?: number;
  className?: string;
}

export function TagList({ tags, onPick, max = Infinity, className = "" }: TagListProps): ReactElement | null {
  if (tags.length === 0) return null;
  const shown = tags.length > max ? tags.slice(0, max) : tags;
  const more = tags.length - shown.length;
  return (
    <ul className={`tags ${className}`} aria-label="Tags" data-testid="tags">
      {shown.map((tag) => (
        <li key={tag}>
          {onPick === undefined ? (
            <span className="label tag" data-testid="tag">
              {tag}
            </span>
          ) : (
            <button type="button" className="label tag tag-button" data-testid="tag" onClick={() => onPick(tag)} title={`Show messages tagged ${tag}`}>
              {tag}
            </button>
          )}
        </li>
      ))}
      {more > 0 ? (
        <li>
          <span className="label tag tag-more" title={tags.join(", ")}>
            +{more}
          </span>
        </li>
      ) : null}
    </ul>
  );
}
