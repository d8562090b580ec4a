// System, light or dark: one button that cycles, naming what it does.
import type { ReactElement } from "react";
import { useTheme, type ThemeChoice } from "../lib/theme.js";
import { Icon, type IconName } from "./icons.js";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const ICON: Record<ThemeChoice, IconName> = { system: "monitor", light: "sun", dark: "moon" };
const NAME: Record<ThemeChoice, string> = { system: "system", light: "light", dark: "dark" };

export function ThemeSwitch(): ReactElement {
  const [theme, setTheme] = useTheme();
  const next = NEXT[theme];
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => setTheme(next)}
      aria-label={`Theme: ${NAME[theme]}. Switch to ${NAME[next]}`}
      title={`Theme: ${NAME[theme]} (click for ${NAME[next]})`}
      data-testid="theme-switch"
      data-theme-choice={theme}
    >
      <Icon name={ICON[theme]} size={18} />
    </button>
  );
}
